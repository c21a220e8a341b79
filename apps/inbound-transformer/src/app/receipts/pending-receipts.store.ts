import { Inject, Injectable } from '@nestjs/common';
import { genesysDeliverySchema, type GenesysDeliveryOf } from '@switchboard/shared-contracts';
import Redis from 'ioredis';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';

/**
 * Receipts decided but not yet published, by claim key. state-manager decides a receipt once
 * (applying the same status again answers "nothing to send"), so a receipt whose publish failed
 * must survive until the retry: the retry publishes the stashed one instead of asking again.
 */
@Injectable()
export class PendingReceipts {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(INBOUND_TRANSFORMER_CONFIG) private readonly config: InboundTransformerConfig,
  ) {}

  async get(claimKey: string): Promise<GenesysDeliveryOf<'receipt'> | null> {
    const text = await this.redis.get(pendingKey(claimKey));
    if (text === null) return null;
    const parsed = genesysDeliverySchema.safeParse(safeJson(text));
    return parsed.success && parsed.data.kind === 'receipt' ? parsed.data : null;
  }

  async save(claimKey: string, delivery: GenesysDeliveryOf<'receipt'>): Promise<void> {
    await this.redis.set(
      pendingKey(claimKey),
      JSON.stringify(delivery),
      'EX',
      this.config.IDEMPOTENCY_TTL_SECONDS,
    );
  }

  async clear(claimKey: string): Promise<void> {
    await this.redis.del(pendingKey(claimKey));
  }
}

function pendingKey(claimKey: string): string {
  return `${claimKey}:pending-receipt`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
