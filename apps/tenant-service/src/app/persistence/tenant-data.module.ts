import { Global, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { runServiceMigrations, Transactions } from '@switchboard/backend-data-access-persistence';
import { DataSource } from 'typeorm';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { AuditTrail } from '../audit/audit-trail.service';
import { AuthSessions } from '../auth-cache/auth-sessions.service';
import { AuthTokenCache } from '../auth-cache/auth-token-cache.service';
import { AuditRepository } from '../audit/audit.repository';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from '../config/tenant-service.config';
import { IntegrationsRepository } from '../integrations/integrations.repository';
import { LookupCache } from '../lookups/lookup-cache.service';
import { TenantRoutingRepository } from '../lookups/tenant-routing.repository';
import { PhoneNumbersRepository } from '../phone-numbers/phone-numbers.repository';
import { TenantsRepository } from '../tenants/tenants.repository';

/** Applies pending migrations at start when MIGRATE_ON_START is set (the sandbox). */
@Injectable()
export class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger(MigrateOnStart.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TENANT_SERVICE_CONFIG) private readonly config: TenantServiceConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.MIGRATE_ON_START) return;
    const applied = await runServiceMigrations(this.dataSource);
    this.logger.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema up to date');
  }
}

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
@Module({ providers: [MigrateOnStart, ...PROVIDERS], exports: PROVIDERS })
export class TenantDataModule {}
