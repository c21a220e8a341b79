import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DatabaseModule, RedisModule } from '@switchboard/backend-data-access-persistence';
import { AuthModule, remoteJwks } from '@switchboard/backend-util-auth';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import type { JWTVerifyGetKey } from 'jose';
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

/** What tests (and only tests) replace: the key set of auth-service and where logs go. */
export interface AppModuleOverrides {
  /** Public keys that verify tokens; auth-service's JWKS unless given. */
  readonly keys?: JWTVerifyGetKey;
  readonly logDestination?: NodeJS.WritableStream;
  readonly logLevel?: string;
}

@Module({})
export class AppModule {
  static forRoot(config: TenantServiceConfig, overrides: AppModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          level: overrides.logLevel,
          destination: overrides.logDestination,
        }),
        TenantServiceConfigModule.forRoot(config),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          entities: TENANT_SERVICE_ENTITIES,
          migrations: TENANT_SERVICE_MIGRATIONS,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: SERVICE_NAME,
          migrateOnStart: config.MIGRATE_ON_START,
        }),
        RedisModule.forRoot({
          url: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          connectionName: SERVICE_NAME,
        }),
        TenantDataModule,
        AuthModule.forRootAsync({
          imports: [ApiKeysModule],
          apiKeyResolver: DatabaseApiKeyResolver,
          useFactory: () => ({
            serviceName: SERVICE_NAME,
            keys:
              overrides.keys ??
              remoteJwks(config.AUTH_SERVICE_URL, SERVICE_NAME, config.SERVICE_CLIENT_SECRET),
            serviceTokens: {
              authServiceUrl: config.AUTH_SERVICE_URL,
              serviceSecret: config.SERVICE_CLIENT_SECRET,
            },
          }),
        }),
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
