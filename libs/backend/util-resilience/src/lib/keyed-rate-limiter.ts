import type Redis from 'ioredis';
import {
  RLWrapperTimeouts,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

export interface RateLimitWindow {
  readonly points: number;
  readonly durationSeconds: number;
}

/**
 * "N calls per minute, bursts of B" as one fixed window: B calls every B × 60 / N seconds (at
 * least 1 s), which keeps the average at N per minute and never lets more than B go at once
 * within a window. A burst above the per-minute rate is cut to it.
 */
export function rateLimitWindow(perMinute: number, burst: number): RateLimitWindow {
  const effectiveBurst = Math.min(burst, perMinute);
  const durationSeconds = Math.max(1, Math.round((effectiveBurst * 60) / perMinute));
  const points = Math.max(1, Math.round((perMinute * durationSeconds) / 60));
  return { points, durationSeconds };
}

/** "N per second" as a one-second window of N points. */
export function perSecondWindow(perSecond: number): RateLimitWindow {
  if (!Number.isSafeInteger(perSecond) || perSecond < 1) {
    throw new RangeError(`perSecond must be an integer >= 1, got ${perSecond}`);
  }
  return { points: perSecond, durationSeconds: 1 };
}

/** Longest wait for Redis before the in-memory insurance limiter decides instead. */
const REDIS_DECISION_TIMEOUT_MS = 250;

export interface KeyedRateLimiterOptions {
  /** Prefix of the limiter's Redis keys (after the client's own key prefix), e.g. `genesys-rate`. */
  readonly keyPrefix: string;
}

/**
 * A rate per key (a tenant's token, a phone number), counted in Redis so that every replica sees
 * the same numbers. When Redis is unreachable or slow, an in-memory limiter with the same numbers
 * decides per replica: calls keep being limited, never refused.
 */
export class KeyedRateLimiter {
  private readonly limiter: RLWrapperTimeouts;

  constructor(
    redis: Redis,
    readonly window: RateLimitWindow,
    options: KeyedRateLimiterOptions,
  ) {
    const limits = { keyPrefix: options.keyPrefix, points: window.points, duration: window.durationSeconds };
    const insuranceLimiter = new RateLimiterMemory(limits);
    this.limiter = new RLWrapperTimeouts({
      limiter: new RateLimiterRedis({
        ...limits,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter,
      }),
      timeoutMs: REDIS_DECISION_TIMEOUT_MS,
      insuranceLimiter,
    });
  }

  /** Takes one call of `key`'s budget: 0 when it may go now, else the wait (ms) until it may. */
  async reserve(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) throw result;
      return Math.max(1, result.msBeforeNext);
    }
  }
}
