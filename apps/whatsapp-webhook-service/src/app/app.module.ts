import { DynamicModule, Module } from '@nestjs/common';
import { serviceCoreImports, type ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { WhatsAppWebhookConfigModule } from './config/whatsapp-webhook-config.module';
import { SERVICE_NAME, type WhatsAppWebhookConfig } from './config/whatsapp-webhook.config';
import { WebhookModule } from './webhook/webhook.module';

@Module({})
export class AppModule {
  static forRoot(config: WhatsAppWebhookConfig, overrides: ServiceModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceCoreImports({
          serviceName: SERVICE_NAME,
          configModule: WhatsAppWebhookConfigModule.forRoot(config),
          overrides,
          messaging: { url: config.RABBITMQ_URL, publishTimeoutMs: config.RABBITMQ_PUBLISH_TIMEOUT_MS },
          auth: { authServiceUrl: config.AUTH_SERVICE_URL, serviceSecret: config.SERVICE_CLIENT_SECRET },
        }),
        WebhookModule,
      ],
    };
  }
}
