import { DynamicModule, Logger, Module } from '@nestjs/common';
import { RedisModule } from '@switchboard/backend-data-access-persistence';
import { AuthModule, remoteJwks } from '@switchboard/backend-util-auth';
import { MessagingModule } from '@switchboard/backend-util-messaging';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import type { JWTVerifyGetKey } from 'jose';
import { OutboundTransformerConfigModule } from './config/outbound-transformer-config.module';
import { SERVICE_NAME, type OutboundTransformerConfig } from './config/outbound-transformer.config';
import type { MediaNetwork } from './media/media.module';
import { MetricsModule } from './metrics/metrics.module';
import { PipelineModule } from './pipeline/pipeline.module';

/** What tests (and only tests) replace: the key set of auth-service, the network of downloads, where logs go. */
export interface AppModuleOverrides {
  /** Public keys that verify tokens; auth-service's JWKS unless given. */
  readonly keys?: JWTVerifyGetKey;
  /** A fake DNS and a recording connector for attachment downloads (no socket to hostile addresses). */
  readonly mediaNetwork?: MediaNetwork;
  readonly logDestination?: NodeJS.WritableStream;
  readonly logLevel?: string;
}

@Module({})
export class AppModule {
  static forRoot(config: OutboundTransformerConfig, overrides: AppModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          level: overrides.logLevel,
          destination: overrides.logDestination,
        }),
        OutboundTransformerConfigModule.forRoot(config),
        RedisModule.forRoot({
          url: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          connectionName: SERVICE_NAME,
        }),
        MessagingModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: SERVICE_NAME,
          logger: new Logger('Messaging'),
        }),
        // The service serves no routes of its own (health and metrics are public); the guard
        // still covers anything added, and the service tokens authenticate its calls.
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
        MetricsModule,
        PipelineModule.forRoot(overrides.mediaNetwork),
      ],
    };
  }
}
