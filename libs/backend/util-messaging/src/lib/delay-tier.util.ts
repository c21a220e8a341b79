// Delayed retries without the delayed-message plugin: shared TTL queues, one per delay tier.
// See docs/adr/0001-delayed-retries-on-rabbitmq.md for why the tiers are powers of two.
import { DELAY_QUEUE_PREFIX, EXCHANGES, MESSAGE_HEADERS } from '@switchboard/shared-contracts';

/** Headers exchange that routes a delayed message to its tier queue by DELAY_TIER_HEADER. */
export const DELAY_EXCHANGE = EXCHANGES.DELAY;

// Not `x-`-prefixed: a headers exchange ignores `x-` headers when matching.
export const DELAY_TIER_HEADER = MESSAGE_HEADERS.DELAY_TIER;

export const MIN_DELAY_TIER_MS = 1_000;
/** The longest delay; longer requests are clamped to it. */
export const MAX_DELAY_MS = 3_600_000;

function buildTiers(): readonly number[] {
  const tiers: number[] = [];
  for (let tier = MIN_DELAY_TIER_MS; tier < MAX_DELAY_MS; tier *= 2) tiers.push(tier);
  // The last tier is capped at 1 h: its delays lie in (2048 s, 3600 s], still within (tier/2, tier].
  tiers.push(MAX_DELAY_MS);
  return tiers;
}

/** 1 s, 2 s, 4 s, ... 2048 s, 3600 s. */
export const DELAY_TIERS_MS: readonly number[] = buildTiers();

export function delayQueueName(tierMs: number): string {
  return `${DELAY_QUEUE_PREFIX}${tierMs}`;
}

export interface DelayPlan {
  /** Tier queue the message waits in. */
  readonly tierMs: number;
  /** Per-message `expiration`: the delay itself, in whole milliseconds. */
  readonly expirationMs: number;
}

/** The smallest tier that is at least the delay; delays are clamped to [0, MAX_DELAY_MS]. */
export function planDelay(delayMs: number): DelayPlan {
  const expirationMs = Number.isFinite(delayMs)
    ? Math.min(MAX_DELAY_MS, Math.max(0, Math.ceil(delayMs)))
    : MAX_DELAY_MS;
  const tierMs = DELAY_TIERS_MS.find((tier) => tier >= expirationMs) ?? MAX_DELAY_MS;
  return { tierMs, expirationMs };
}
