import { DynamicModule, Module } from '@nestjs/common';
import { serviceCoreImports, type ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { GenesysWebhookConfigModule } from './config/genesys-webhook-config.module';
import { SERVICE_NAME, type GenesysWebhookConfig } from './config/genesys-webhook.config';
import { WebhookModule } from './webhook/webhook.module';

@Module({})
export class AppModule {
  static forRoot(config: GenesysWebhookConfig, overrides: ServiceModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceCoreImports({
          serviceName: SERVICE_NAME,
          configModule: GenesysWebhookConfigModule.forRoot(config),
          overrides,
          messaging: { url: config.RABBITMQ_URL, publishTimeoutMs: config.RABBITMQ_PUBLISH_TIMEOUT_MS },
          auth: { authServiceUrl: config.AUTH_SERVICE_URL, serviceSecret: config.SERVICE_CLIENT_SECRET },
        }),
        WebhookModule,
      ],
    };
  }
}
