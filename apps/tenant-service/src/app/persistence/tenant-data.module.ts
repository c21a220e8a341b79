import { Global, Module } from '@nestjs/common';
import { Transactions } from '@switchboard/backend-data-access-persistence';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { AuditTrail } from '../audit/audit-trail.service';
import { AuthSessions } from '../auth-cache/auth-sessions.service';
import { AuthTokenCache } from '../auth-cache/auth-token-cache.service';
import { AuditRepository } from '../audit/audit.repository';
import { IntegrationsRepository } from '../integrations/integrations.repository';
import { LookupCache } from '../lookups/lookup-cache.service';
import { TenantRoutingRepository } from '../lookups/tenant-routing.repository';
import { PhoneNumbersRepository } from '../phone-numbers/phone-numbers.repository';
import { TenantsRepository } from '../tenants/tenants.repository';

const PROVIDERS = [
  Transactions,
  TenantsRepository,
  PhoneNumbersRepository,
  IntegrationsRepository,
  ApiKeysRepository,
  AuditRepository,
  TenantRoutingRepository,
  AuditTrail,
  LookupCache,
  AuthTokenCache,
  AuthSessions,
];

/** Transactions, tenant-scoped repositories, the audit trail and the caches to invalidate, for every feature. */
@Global()
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class TenantDataModule {}
