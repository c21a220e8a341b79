import { Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CloudTokenClient } from '@switchboard/backend-data-access-platform-clients';
import {
  KeyedCircuitBreakers,
  KeyedPauses,
  KeyedRateLimiter,
  KeyedSemaphore,
  rateLimitWindow,
} from '@switchboard/backend-util-resilience';
import Redis from 'ioredis';
import {
  GENESYS_API_SERVICE_CONFIG,
  type GenesysApiServiceConfig,
} from '../config/genesys-api-service.config';
import { GenesysMetrics } from '../metrics/genesys-metrics';
import { PlatformClientsModule } from '../platform/platform-clients.module';
import { GenesysApiClient } from './genesys-api.client';
import { GenesysTransport, UndiciGenesysTransport } from './genesys-transport';
import { createRegionBreakers } from './region-breakers.util';

/** Closes the keep-alive connections and stops the breakers' timers once consumers have drained. */
@Injectable()
export class GenesysConnections implements OnApplicationShutdown {
  constructor(
    private readonly transport: GenesysTransport,
    private readonly breakers: KeyedCircuitBreakers,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.breakers.shutdown();
    await this.transport.close();
  }
}

/** The Genesys Open Messaging API client and its protections (tenant caps, rates, breakers). */
@Module({
  imports: [PlatformClientsModule],
  providers: [
    { provide: GenesysMetrics, useFactory: () => new GenesysMetrics() },
    {
      provide: GenesysTransport,
      inject: [GENESYS_API_SERVICE_CONFIG],
      useFactory: (config: GenesysApiServiceConfig) =>
        new UndiciGenesysTransport({
          timeoutMs: config.GENESYS_REQUEST_TIMEOUT_MS,
          maxConnections: config.GENESYS_MAX_CONNECTIONS,
        }),
    },
    {
      provide: KeyedCircuitBreakers,
      inject: [GENESYS_API_SERVICE_CONFIG, GenesysMetrics],
      useFactory: (config: GenesysApiServiceConfig, metrics: GenesysMetrics) => {
        const logger = new Logger('RegionCircuitBreakers');
        return createRegionBreakers(
          {
            consecutiveFailures: config.GENESYS_BREAKER_CONSECUTIVE_FAILURES,
            errorThresholdPercent: config.GENESYS_BREAKER_ERROR_THRESHOLD_PERCENT,
            volumeThreshold: config.GENESYS_BREAKER_VOLUME_THRESHOLD,
            windowMs: config.GENESYS_BREAKER_WINDOW_MS,
            resetTimeoutMs: config.GENESYS_BREAKER_RESET_TIMEOUT_MS,
          },
          (region, state) => {
            metrics.recordBreakerState(region, state);
            if (state === 'open') logger.warn(`circuit breaker of Genesys region ${region} opened`);
            else if (state === 'closed') logger.log(`circuit breaker of Genesys region ${region} closed`);
          },
        );
      },
    },
    {
      // The Genesys call rate of each tenant's token (spec B5), shared by every replica.
      provide: KeyedRateLimiter,
      inject: [Redis, GENESYS_API_SERVICE_CONFIG],
      useFactory: (redis: Redis, config: GenesysApiServiceConfig) =>
        new KeyedRateLimiter(
          redis,
          rateLimitWindow(config.GENESYS_RATE_LIMIT_PER_MINUTE, config.GENESYS_RATE_LIMIT_BURST),
          { keyPrefix: 'genesys-rate' },
        ),
    },
    {
      provide: GenesysApiClient,
      inject: [
        GENESYS_API_SERVICE_CONFIG,
        GenesysTransport,
        CloudTokenClient,
        KeyedRateLimiter,
        KeyedCircuitBreakers,
        GenesysMetrics,
      ],
      useFactory: (
        config: GenesysApiServiceConfig,
        transport: GenesysTransport,
        tokens: CloudTokenClient,
        rateLimiter: KeyedRateLimiter,
        breakers: KeyedCircuitBreakers,
        metrics: GenesysMetrics,
      ) =>
        new GenesysApiClient({
          transport,
          tokens,
          tenantSlots: new KeyedSemaphore(config.GENESYS_MAX_CONCURRENT_PER_TENANT),
          rateLimiter,
          pauses: new KeyedPauses(),
          breakers,
          metrics,
          apiBaseUrl: config.GENESYS_API_BASE_URL,
          defaultRetryAfterMs: config.GENESYS_DEFAULT_RETRY_AFTER_SECONDS * 1000,
          maxInlineWaitMs: config.GENESYS_MAX_INLINE_WAIT_MS,
          logger: new Logger(GenesysApiClient.name),
        }),
    },
    GenesysConnections,
  ],
  exports: [GenesysApiClient, GenesysMetrics, PlatformClientsModule],
})
export class GenesysModule {}
