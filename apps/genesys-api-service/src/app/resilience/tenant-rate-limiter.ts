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

/** Longest wait for Redis before the in-memory insurance limiter decides instead. */
const REDIS_DECISION_TIMEOUT_MS = 250;

/**
 * The Genesys call rate of each tenant's token (300/min by default, spec B5), counted in Redis
 * so that every replica sees the same numbers. When Redis is unreachable or slow, an in-memory
 * limiter with the same numbers decides per replica: calls keep being limited, never refused.
 */
export class TenantRateLimiter {
  private readonly limiter: RLWrapperTimeouts;

  constructor(
    redis: Redis,
    readonly window: RateLimitWindow,
  ) {
    const keyPrefix = 'genesys-rate';
    const options = { keyPrefix, points: window.points, duration: window.durationSeconds };
    const insuranceLimiter = new RateLimiterMemory(options);
    this.limiter = new RLWrapperTimeouts({
      limiter: new RateLimiterRedis({
        ...options,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter,
      }),
      timeoutMs: REDIS_DECISION_TIMEOUT_MS,
      insuranceLimiter,
    });
  }

  /** Takes one call of `tenantId`'s budget: 0 when it may go now, else the wait until it may. */
  async reserve(tenantId: string): Promise<number> {
    try {
      await this.limiter.consume(tenantId);
      return 0;
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) throw result;
      return Math.max(1, result.msBeforeNext);
    }
  }
}
