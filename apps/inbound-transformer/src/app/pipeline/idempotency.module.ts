import { Module } from '@nestjs/common';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import Redis from 'ioredis';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';

@Module({
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
  ],
  exports: [IdempotencyClaims],
})
export class IdempotencyModule {}
