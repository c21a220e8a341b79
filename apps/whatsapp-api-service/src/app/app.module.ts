import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { RedisModule } from '@switchboard/backend-data-access-persistence';
import { AuthModule, remoteJwks } from '@switchboard/backend-util-auth';
import { MessagingModule } from '@switchboard/backend-util-messaging';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import type { JWTVerifyGetKey } from 'jose';
import { SERVICE_NAME, type WhatsAppApiServiceConfig } from './config/whatsapp-api-service.config';
import { WhatsAppApiServiceConfigModule } from './config/whatsapp-api-service-config.module';
import { DeliveryModule } from './delivery/delivery.module';

/** What tests (and only tests) replace. */
export interface AppModuleOverrides {
  /** Public keys that verify tokens; auth-service's JWKS unless given. */
  readonly keys?: JWTVerifyGetKey;
  readonly logDestination?: NodeJS.WritableStream;
  readonly logLevel?: string;
}

@Module({})
export class AppModule {
  static forRoot(config: WhatsAppApiServiceConfig, overrides: AppModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          level: overrides.logLevel ?? config.LOG_LEVEL,
          destination: overrides.logDestination,
        }),
        WhatsAppApiServiceConfigModule.forRoot(config),
        RedisModule.forRoot({
          url: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          connectionName: SERVICE_NAME,
        }),
        MessagingModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: SERVICE_NAME,
          logger: new Logger(MessagingModule.name),
        }),
        // No routes of its own besides health and metrics, but guarded by default all the same;
        // its service-token client authenticates the calls to auth-service, tenant-service and
        // state-manager.
        AuthModule.forRootAsync({
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
        DeliveryModule,
      ],
    };
  }
}
