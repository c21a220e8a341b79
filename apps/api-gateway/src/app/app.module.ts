import { DynamicModule, Module } from '@nestjs/common';
import { RedisModule } from '@switchboard/backend-data-access-persistence';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, type ApiGatewayConfig } from './config/api-gateway.config';
import { GatewayModule } from './gateway.module';

export interface AppModuleOptions {
  /** Where log lines go; stdout unless a test captures them. */
  readonly logDestination?: NodeJS.WritableStream;
}

/**
 * api-gateway: logs, metrics and health (readiness = Redis, which holds the shared rate
 * limits; the upstreams' health is theirs), then the edge itself.
 */
@Module({})
export class AppModule {
  static forRoot(config: ApiGatewayConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          level: config.LOG_LEVEL,
          destination: options.logDestination,
        }),
        RedisModule.forRoot({
          url: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          connectionName: SERVICE_NAME,
        }),
        GatewayModule.forRoot(config),
      ],
    };
  }
}
