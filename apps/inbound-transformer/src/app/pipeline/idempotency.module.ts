import { IdempotencyModule } from '@switchboard/backend-util-idempotency';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';

/** The inbound-transformer's claims (one module, imported by the pipeline and the outcomes consumer). */
export const INBOUND_IDEMPOTENCY = IdempotencyModule.forRootAsync<[InboundTransformerConfig]>({
  inject: [INBOUND_TRANSFORMER_CONFIG],
  useFactory: (config) => ({
    leaseMs: config.INBOUND_CLAIM_LEASE_MS,
    doneTtlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
  }),
});
