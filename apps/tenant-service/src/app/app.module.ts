import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { serviceCoreImports, type ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { DatabaseApiKeyResolver } from './api-keys/database-api-key.resolver';
import { AuditModule } from './audit/audit.module';
import { TenantServiceConfigModule } from './config/tenant-service-config.module';
import { SecretIntegrityFilter } from './crypto/secret-integrity.filter';
import { SERVICE_NAME, type TenantServiceConfig } from './config/tenant-service.config';
import { EncryptionModule } from './encryption/encryption.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { InternalModule } from './internal/internal.module';
import { OnboardingModule } from './onboarding/onboarding.module';
import { TENANT_SERVICE_ENTITIES, TENANT_SERVICE_MIGRATIONS } from './persistence/persistence.constants';
import { TenantDataModule } from './persistence/tenant-data.module';
import { PhoneNumbersModule } from './phone-numbers/phone-numbers.module';
import { TenantsModule } from './tenants/tenants.module';

@Module({})
export class AppModule {
  static forRoot(config: TenantServiceConfig, overrides: ServiceModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceCoreImports({
          serviceName: SERVICE_NAME,
          configModule: TenantServiceConfigModule.forRoot(config),
          overrides,
          database: {
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            entities: TENANT_SERVICE_ENTITIES,
            migrations: TENANT_SERVICE_MIGRATIONS,
            poolSize: config.DATABASE_POOL_SIZE,
            migrateOnStart: config.MIGRATE_ON_START,
          },
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
          auth: {
            authServiceUrl: config.AUTH_SERVICE_URL,
            serviceSecret: config.SERVICE_CLIENT_SECRET,
            imports: [ApiKeysModule],
            apiKeyResolver: DatabaseApiKeyResolver,
          },
        }),
        TenantDataModule,
        TenantsModule,
        PhoneNumbersModule,
        IntegrationsModule,
        ApiKeysModule,
        AuditModule,
        OnboardingModule,
        EncryptionModule,
        InternalModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: SecretIntegrityFilter }],
    };
  }
}
