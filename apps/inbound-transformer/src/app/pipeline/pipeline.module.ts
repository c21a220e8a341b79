import { Module } from '@nestjs/common';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import Redis from 'ioredis';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';
import { MediaModule } from '../media/media.module';
import { PlatformClientsModule } from '../platform/platform-clients.module';
import { PendingReceipts } from '../receipts/pending-receipts.store';
import { InboundEventConsumer } from './inbound-event.consumer';
import { InboundMessageHandler } from './inbound-message.handler';
import { StatusHandler } from './status.handler';
import { SystemErrorHandler } from './system-error.handler';
import { TenantRoutes } from './tenant-routes.service';

@Module({
  imports: [PlatformClientsModule, MediaModule],
  providers: [
    {
      provide: IdempotencyClaims,
      inject: [Redis, INBOUND_TRANSFORMER_CONFIG],
      useFactory: (redis: Redis, config: InboundTransformerConfig) =>
        new IdempotencyClaims(redis, {
          leaseMs: config.INBOUND_CLAIM_LEASE_MS,
          doneTtlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
        }),
    },
    PendingReceipts,
    TenantRoutes,
    InboundMessageHandler,
    StatusHandler,
    SystemErrorHandler,
    InboundEventConsumer,
  ],
})
export class PipelineModule {}
