import { DynamicModule, Logger, Module } from '@nestjs/common';
import { AuthModule, remoteJwks } from '@switchboard/backend-util-auth';
import { MessagingModule } from '@switchboard/backend-util-messaging';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import type { JWTVerifyGetKey } from 'jose';
import { GenesysWebhookConfigModule } from './config/genesys-webhook-config.module';
import { SERVICE_NAME, type GenesysWebhookConfig } from './config/genesys-webhook.config';
import { WebhookModule } from './webhook/webhook.module';

/** What tests (and only tests) replace: the key set of auth-service and where logs go. */
export interface AppModuleOverrides {
  /** Public keys that verify tokens; auth-service's JWKS unless given. */
  readonly keys?: JWTVerifyGetKey;
  readonly logDestination?: NodeJS.WritableStream;
  readonly logLevel?: string;
}

@Module({})
export class AppModule {
  static forRoot(config: GenesysWebhookConfig, overrides: AppModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          level: overrides.logLevel,
          destination: overrides.logDestination,
        }),
        GenesysWebhookConfigModule.forRoot(config),
        MessagingModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: SERVICE_NAME,
          publishTimeoutMs: config.RABBITMQ_PUBLISH_TIMEOUT_MS,
          logger: new Logger('Messaging'),
        }),
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
        WebhookModule,
      ],
    };
  }
}
