import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { GenesysIntegrationEntity } from '../integrations/genesys-integration.entity';
import { PhoneNumberEntity } from '../phone-numbers/phone-number.entity';
import { TenantEntity } from '../tenants/tenant.entity';
import { CreateTenantSchema1767225600000 } from './migrations/1767225600000-create-tenant-schema';

/** Migrations of the `tenant_service` schema, in order: the only source of the schema. */
export const TENANT_SERVICE_MIGRATIONS = [CreateTenantSchema1767225600000];

export const TENANT_SERVICE_ENTITIES = [
  TenantEntity,
  PhoneNumberEntity,
  GenesysIntegrationEntity,
  ApiKeyEntity,
  AuditEntryEntity,
];

/** Every table that holds a tenant's rows, each under row-level security. */
export const TENANT_OWNED_TABLES = [
  'tenants',
  'phone_numbers',
  'genesys_integrations',
  'api_keys',
  'audit_log',
] as const;
