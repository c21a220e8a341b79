import { Module } from '@nestjs/common';
import { createRedisClient } from '@switchboard/backend-data-access-persistence';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import Redis from 'ioredis';
import {
  GENESYS_WEBHOOK_CONFIG,
  SERVICE_NAME,
  type GenesysWebhookConfig,
} from '../config/genesys-webhook.config';
import { WebhookClaims } from '../dedupe/webhook-claims.store';
import { GenesysWebhookController } from './genesys-webhook.controller';
import { GenesysWebhookService } from './genesys-webhook.service';
import { OutboundEventsPublisher } from './outbound-events.publisher';
import { WebhookSecretsClient } from './webhook-secrets.client';
import { WEBHOOK_METRIC_PROVIDERS, WebhookMetrics } from './webhook.metrics';

@Module({
  controllers: [GenesysWebhookController],
  providers: [
    {
      provide: WebhookSecretsClient,
      inject: [GENESYS_WEBHOOK_CONFIG, ServiceTokenClient],
      useFactory: (config: GenesysWebhookConfig, serviceTokens: ServiceTokenClient) =>
        new WebhookSecretsClient({
          baseUrl: config.TENANT_SERVICE_URL,
          serviceTokens,
          timeoutMs: config.TENANT_SERVICE_TIMEOUT_MS,
          ttlMs: config.WEBHOOK_SECRET_CACHE_SECONDS * 1000,
          refreshMinIntervalMs: config.WEBHOOK_SECRET_REFRESH_MIN_SECONDS * 1000,
        }),
    },
    {
      // Not RedisModule: Redis is deliberately not a readiness check here. Without it webhooks are
      // still published (undeduplicated); an unready pod would refuse them all instead.
      provide: Redis,
      inject: [GENESYS_WEBHOOK_CONFIG],
      useFactory: (config: GenesysWebhookConfig) =>
        createRedisClient({
          url: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          connectionName: SERVICE_NAME,
          commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
        }),
    },
    ...WEBHOOK_METRIC_PROVIDERS,
    WebhookMetrics,
    WebhookClaims,
    OutboundEventsPublisher,
    GenesysWebhookService,
  ],
})
export class WebhookModule {}
