import { Module } from '@nestjs/common';
import { TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { WHATSAPP_WEBHOOK_CONFIG, type WhatsAppWebhookConfig } from '../config/whatsapp-webhook.config';
import { InboundEventsPublisher } from './inbound-events.publisher';
import { TenantRoutesService } from './tenant-routes.service';
import { WEBHOOK_METRIC_PROVIDERS, WebhookMetrics } from './webhook.metrics';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';
import { WhatsAppWebhookService } from './whatsapp-webhook.service';

@Module({
  controllers: [WhatsAppWebhookController],
  providers: [
    {
      provide: TenantDirectoryClient,
      inject: [WHATSAPP_WEBHOOK_CONFIG, ServiceTokenClient],
      useFactory: (config: WhatsAppWebhookConfig, serviceTokens: ServiceTokenClient) =>
        new TenantDirectoryClient({
          baseUrl: config.TENANT_SERVICE_URL,
          serviceTokens,
          ttlMs: config.TENANT_LOOKUP_TTL_SECONDS * 1000,
          negativeTtlMs: config.TENANT_LOOKUP_NEGATIVE_TTL_SECONDS * 1000,
          timeoutMs: config.TENANT_LOOKUP_TIMEOUT_MS,
        }),
    },
    ...WEBHOOK_METRIC_PROVIDERS,
    WebhookMetrics,
    TenantRoutesService,
    InboundEventsPublisher,
    WhatsAppWebhookService,
  ],
})
export class WebhookModule {}
