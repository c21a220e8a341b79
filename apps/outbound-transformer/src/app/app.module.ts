import { DynamicModule, Module } from '@nestjs/common';
import { serviceCoreImports, type ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { OutboundTransformerConfigModule } from './config/outbound-transformer-config.module';
import { SERVICE_NAME, type OutboundTransformerConfig } from './config/outbound-transformer.config';
import type { MediaNetwork } from './media/media.module';
import { MetricsModule } from './metrics/metrics.module';
import { PipelineModule } from './pipeline/pipeline.module';

/** What tests (and only tests) replace: besides the usual, the network of attachment downloads. */
export interface AppModuleOverrides extends ServiceModuleOverrides {
  /** A fake DNS and a recording connector for attachment downloads (no socket to hostile addresses). */
  readonly mediaNetwork?: MediaNetwork;
}

@Module({})
export class AppModule {
  static forRoot(config: OutboundTransformerConfig, overrides: AppModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceCoreImports({
          serviceName: SERVICE_NAME,
          configModule: OutboundTransformerConfigModule.forRoot(config),
          overrides,
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
          messaging: { url: config.RABBITMQ_URL },
          // The service serves no routes of its own (health and metrics are public); the guard
          // still covers anything added, and the service tokens authenticate its calls.
          auth: { authServiceUrl: config.AUTH_SERVICE_URL, serviceSecret: config.SERVICE_CLIENT_SECRET },
        }),
        MetricsModule,
        PipelineModule.forRoot(overrides.mediaNetwork),
      ],
    };
  }
}
