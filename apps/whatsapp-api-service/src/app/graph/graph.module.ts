import { Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CloudTokenClient } from '@switchboard/backend-data-access-platform-clients';
import { KeyedCircuitBreakers, KeyedPauses } from '@switchboard/backend-util-resilience';
import Redis from 'ioredis';
import {
  WHATSAPP_API_SERVICE_CONFIG,
  type WhatsAppApiServiceConfig,
} from '../config/whatsapp-api-service.config';
import { WhatsAppMetrics } from '../metrics/whatsapp-metrics';
import { NumberRateLimits } from '../pacing/number-rate-limits';
import { RecipientPacing } from '../pacing/recipient-pacing.store';
import { PlatformClientsModule } from '../platform/platform-clients.module';
import { GraphTransport, UndiciGraphTransport } from './graph-transport';
import { createTenantBreakers } from './tenant-breakers.util';
import { WhatsAppGraphClient } from './whatsapp-graph.client';

/** Closes the keep-alive connections and stops the breakers' timers once consumers have drained. */
@Injectable()
export class GraphConnections implements OnApplicationShutdown {
  constructor(
    private readonly transport: GraphTransport,
    private readonly breakers: KeyedCircuitBreakers,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.breakers.shutdown();
    await this.transport.close();
  }
}

/** The Graph API client and its protections (number rates, customer pacing, tenant breakers). */
@Module({
  imports: [PlatformClientsModule],
  providers: [
    { provide: WhatsAppMetrics, useFactory: () => new WhatsAppMetrics() },
    {
      provide: GraphTransport,
      inject: [WHATSAPP_API_SERVICE_CONFIG],
      useFactory: (config: WhatsAppApiServiceConfig) =>
        new UndiciGraphTransport({ maxConnections: config.WHATSAPP_MAX_CONNECTIONS }),
    },
    {
      provide: KeyedCircuitBreakers,
      inject: [WHATSAPP_API_SERVICE_CONFIG, WhatsAppMetrics],
      useFactory: (config: WhatsAppApiServiceConfig, metrics: WhatsAppMetrics) => {
        const logger = new Logger('TenantCircuitBreakers');
        return createTenantBreakers(
          {
            consecutiveFailures: config.WHATSAPP_BREAKER_CONSECUTIVE_FAILURES,
            errorThresholdPercent: config.WHATSAPP_BREAKER_ERROR_THRESHOLD_PERCENT,
            volumeThreshold: config.WHATSAPP_BREAKER_VOLUME_THRESHOLD,
            windowMs: config.WHATSAPP_BREAKER_WINDOW_MS,
            resetTimeoutMs: config.WHATSAPP_BREAKER_RESET_TIMEOUT_MS,
          },
          (tenantId, state) => {
            metrics.recordBreakerState(tenantId, state);
            if (state === 'open') logger.warn(`circuit breaker of tenant ${tenantId} toward WhatsApp opened`);
            else if (state === 'closed')
              logger.log(`circuit breaker of tenant ${tenantId} toward WhatsApp closed`);
          },
        );
      },
    },
    {
      provide: NumberRateLimits,
      inject: [Redis, WHATSAPP_API_SERVICE_CONFIG],
      useFactory: (redis: Redis, config: WhatsAppApiServiceConfig) =>
        new NumberRateLimits(redis, config.WHATSAPP_RATE_LIMIT_PER_SECOND),
    },
    {
      provide: RecipientPacing,
      inject: [Redis],
      useFactory: (redis: Redis) => new RecipientPacing(redis, Date.now, new Logger(RecipientPacing.name)),
    },
    {
      provide: WhatsAppGraphClient,
      inject: [
        WHATSAPP_API_SERVICE_CONFIG,
        GraphTransport,
        CloudTokenClient,
        NumberRateLimits,
        RecipientPacing,
        KeyedCircuitBreakers,
        WhatsAppMetrics,
      ],
      useFactory: (
        config: WhatsAppApiServiceConfig,
        transport: GraphTransport,
        tokens: CloudTokenClient,
        rateLimits: NumberRateLimits,
        pacing: RecipientPacing,
        breakers: KeyedCircuitBreakers,
        metrics: WhatsAppMetrics,
      ) =>
        new WhatsAppGraphClient({
          transport,
          tokens,
          rateLimits,
          pauses: new KeyedPauses(),
          pacing,
          breakers,
          metrics,
          graphBaseUrl: config.WHATSAPP_GRAPH_BASE_URL,
          graphVersion: config.WHATSAPP_GRAPH_VERSION,
          requestTimeoutMs: config.WHATSAPP_REQUEST_TIMEOUT_MS,
          uploadTimeoutMs: config.WHATSAPP_UPLOAD_TIMEOUT_MS,
          defaultRetryAfterMs: config.WHATSAPP_DEFAULT_RETRY_AFTER_SECONDS * 1000,
          maxInlineWaitMs: config.WHATSAPP_MAX_INLINE_WAIT_MS,
          pairRateMaxRetries: config.WHATSAPP_PAIR_RATE_MAX_RETRIES,
          logger: new Logger(WhatsAppGraphClient.name),
        }),
    },
    GraphConnections,
  ],
  exports: [WhatsAppGraphClient, WhatsAppMetrics, PlatformClientsModule],
})
export class GraphModule {}
