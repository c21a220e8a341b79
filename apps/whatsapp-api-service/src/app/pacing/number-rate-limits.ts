import { KeyedRateLimiter, perSecondWindow } from '@switchboard/backend-util-resilience';
import type Redis from 'ioredis';

/**
 * WhatsApp's send rate per business phone number (spec A6: 80 mps by default, up to 1,000),
 * counted in Redis so that every replica shares one budget per (tenant, number). A number goes at
 * its throughput tier (tenant-service) when that is lower than the configured ceiling.
 */
export class NumberRateLimits {
  private readonly limiters = new Map<number, KeyedRateLimiter>();

  constructor(
    private readonly redis: Redis,
    readonly ceilingPerSecond: number,
  ) {
    perSecondWindow(ceilingPerSecond);
  }

  /** Messages per second for a number of this tier (the ceiling when the tier is unknown). */
  rateFor(throughputTier: number | undefined): number {
    const tier = throughputTier !== undefined && throughputTier >= 1 ? Math.floor(throughputTier) : Infinity;
    return Math.min(tier, this.ceilingPerSecond);
  }

  /** Takes one send of the number's budget: 0 when it may go now, else the wait (ms). */
  reserve(tenantId: string, phoneNumberId: string, throughputTier?: number): Promise<number> {
    return this.limiterFor(this.rateFor(throughputTier)).reserve(`${tenantId}:${phoneNumberId}`);
  }

  private limiterFor(perSecond: number): KeyedRateLimiter {
    let limiter = this.limiters.get(perSecond);
    if (!limiter) {
      limiter = new KeyedRateLimiter(this.redis, perSecondWindow(perSecond), { keyPrefix: 'wa-rate' });
      this.limiters.set(perSecond, limiter);
    }
    return limiter;
  }
}
