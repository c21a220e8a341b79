import { whatsAppPairBackoffSeconds } from '@switchboard/shared-contracts';
import type Redis from 'ioredis';

export interface RecipientPacingLogger {
  warn(message: string): void;
}

/** How long a customer's pacing state outlives its last wait, so that a later 131056 continues X. */
const MEMORY_AFTER_WAIT_MS = 3_600_000;

export interface RecipientPause {
  /** 0 when the next message to this customer may go now. */
  readonly remainingMs: number;
  /** Whether a 131056 streak is on record (a success must clear it). */
  readonly struck: boolean;
}

export interface RecipientStrike {
  /** X: how many 131056 came in a row before this one (0 for the first). */
  readonly consecutive: number;
  /** 4^X s (spec A6). */
  readonly delayMs: number;
}

/**
 * The pair rate limit (131056, spec A5/A6): after the X-th answer in a row for one (number,
 * customer), the next message to that customer waits 4^X s. Kept in Redis so that every replica
 * paces the same customer, and cleared by the next success. Without Redis it degrades to X = 0.
 */
export class RecipientPacing {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
    private readonly logger?: RecipientPacingLogger,
  ) {}

  async pause(tenantId: string, phoneNumberId: string, customerWaId: string): Promise<RecipientPause> {
    try {
      const until = await this.redis.hget(this.key(tenantId, phoneNumberId, customerWaId), 'until');
      if (until === null) return { remainingMs: 0, struck: false };
      return { remainingMs: Math.max(0, Number(until) - this.now()), struck: true };
    } catch (error) {
      this.logger?.warn(`cannot read the pacing of a customer from Redis: ${(error as Error).message}`);
      return { remainingMs: 0, struck: false };
    }
  }

  /** Records one more 131056 for this customer and says how long the next message must wait. */
  async strike(tenantId: string, phoneNumberId: string, customerWaId: string): Promise<RecipientStrike> {
    const key = this.key(tenantId, phoneNumberId, customerWaId);
    try {
      const strikes = await this.redis.hincrby(key, 'strikes', 1);
      const consecutive = Math.max(0, strikes - 1);
      const delayMs = whatsAppPairBackoffSeconds(consecutive) * 1000;
      await this.redis
        .multi()
        .hset(key, 'until', String(this.now() + delayMs))
        .pexpire(key, delayMs + MEMORY_AFTER_WAIT_MS)
        .exec();
      return { consecutive, delayMs };
    } catch (error) {
      this.logger?.warn(`cannot record the pacing of a customer in Redis: ${(error as Error).message}`);
      return { consecutive: 0, delayMs: whatsAppPairBackoffSeconds(0) * 1000 };
    }
  }

  /** A message reached the customer (or the streak gave up): start again from X = 0. */
  async reset(tenantId: string, phoneNumberId: string, customerWaId: string): Promise<void> {
    try {
      await this.redis.del(this.key(tenantId, phoneNumberId, customerWaId));
    } catch (error) {
      this.logger?.warn(`cannot clear the pacing of a customer in Redis: ${(error as Error).message}`);
    }
  }

  private key(tenantId: string, phoneNumberId: string, customerWaId: string): string {
    return `pair:${tenantId}:${phoneNumberId}:${customerWaId}`;
  }
}
