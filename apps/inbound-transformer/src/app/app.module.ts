import { DynamicModule, Module } from '@nestjs/common';
import { serviceCoreImports, type ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { InboundTransformerConfigModule } from './config/inbound-transformer-config.module';
import { SERVICE_NAME, type InboundTransformerConfig } from './config/inbound-transformer.config';
import { MetricsModule } from './metrics/metrics.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { PipelineModule } from './pipeline/pipeline.module';

@Module({})
export class AppModule {
  static forRoot(config: InboundTransformerConfig, overrides: ServiceModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceCoreImports({
          serviceName: SERVICE_NAME,
          configModule: InboundTransformerConfigModule.forRoot(config),
          overrides,
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
          messaging: { url: config.RABBITMQ_URL },
          // The service serves no routes of its own (health and metrics are public); the guard
          // still covers anything added, and the service tokens authenticate its calls.
          auth: { authServiceUrl: config.AUTH_SERVICE_URL, serviceSecret: config.SERVICE_CLIENT_SECRET },
        }),
        MetricsModule,
        PipelineModule,
        OutcomesModule,
      ],
    };
  }
}
