import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { GENESYS_WEBHOOK_CONFIG, type GenesysWebhookConfig } from '../config/genesys-webhook.config';

/** Value of a claim whose webhook was published; any other value is the token of a claim in progress. */
export const PUBLISHED_MARKER = 'published';

/**
 * How long a claim in progress holds before it frees itself: the publish it guards takes at
 * most RABBITMQ_PUBLISH_TIMEOUT_MS; a replica that dies mid-way blocks the id only this long,
 * shorter than Genesys's retries (5 retries 5 s apart), so one of them publishes it.
 */
const CLAIM_LEASE_MARGIN_MS = 5_000;

export type ClaimResult =
  /** Ours: publish, then `complete` (or `release` when the publish fails). */
  | { readonly state: 'claimed'; readonly token: string }
  /** Published before: a redelivery. */
  | { readonly state: 'published' }
  /** Another request is publishing it right now. */
  | { readonly state: 'in_progress' };

// One round trip decides: free → take it with a lease; published → duplicate; else in progress.
const CLAIM_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 'claimed'
end
if current == ARGV[3] then return 'published' end
return 'in_progress'`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The Redis key of a webhook's claim (under REDIS_KEY_PREFIX). */
export function webhookClaimKey(tenantId: string, integrationId: string, dedupeId: string): string {
  return `genesys-webhook:${tenantId}:${integrationId}:${dedupeId}`;
}

/**
 * Claims on Genesys message ids in Redis, so that a redelivered webhook is published once. A
 * claim is taken atomically before the publish with a short lease, becomes `published` for
 * DEDUPE_TTL_SECONDS once the broker confirmed, and is released (by its owner only) when the
 * publish fails, so that Genesys's retry is not taken for a duplicate. Every method rejects
 * when Redis does not answer: the caller decides what that means.
 */
@Injectable()
export class WebhookClaims implements OnApplicationShutdown {
  private readonly leaseMs: number;

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(GENESYS_WEBHOOK_CONFIG) private readonly config: GenesysWebhookConfig,
  ) {
    this.leaseMs = config.RABBITMQ_PUBLISH_TIMEOUT_MS + CLAIM_LEASE_MARGIN_MS;
  }

  async claim(key: string): Promise<ClaimResult> {
    const token = randomUUID();
    const state = await this.redis.eval(CLAIM_SCRIPT, 1, key, token, this.leaseMs, PUBLISHED_MARKER);
    if (state === 'claimed') return { state, token };
    if (state === 'published') return { state };
    return { state: 'in_progress' };
  }

  /** The webhook was published: redeliveries are duplicates for DEDUPE_TTL_SECONDS, whoever held the key. */
  async complete(key: string): Promise<void> {
    await this.redis.set(key, PUBLISHED_MARKER, 'EX', this.config.DEDUPE_TTL_SECONDS);
  }

  /** Gives the key up (only while `token` still holds it) so that the retry can claim it again. */
  async release(key: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
  }

  // This service's only Redis user: the connection ends with it.
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
