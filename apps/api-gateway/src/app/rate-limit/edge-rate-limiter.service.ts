import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import {
  RLWrapperTimeouts,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { API_GATEWAY_CONFIG } from '../config/api-gateway.config';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';

export type RateLimitName = 'ip' | 'tenant';

export type RateLimitDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly retryAfterSeconds: number;
      readonly points: number;
      readonly durationSeconds: number;
    };

/** Longest wait for Redis before the in-memory insurance limiter decides instead. */
const REDIS_DECISION_TIMEOUT_MS = 250;

interface Limit {
  readonly limiter: RLWrapperTimeouts;
  readonly points: number;
  readonly durationSeconds: number;
}

/**
 * Fixed-window limits per client address and per tenant, counted in Redis so that every
 * replica sees the same numbers. When Redis is unreachable or slow, an in-memory limiter with
 * the same numbers decides (per replica): the gateway keeps limiting and never fails for it.
 */
@Injectable()
export class EdgeRateLimiter {
  private readonly limits: Record<RateLimitName, Limit>;

  constructor(
    private readonly redis: Redis,
    @Inject(API_GATEWAY_CONFIG) config: ApiGatewayConfig,
    private readonly metrics: GatewayMetrics,
  ) {
    this.limits = {
      ip: this.limit('ip', config.RATE_LIMIT_IP_POINTS, config.RATE_LIMIT_IP_DURATION_SECONDS),
      tenant: this.limit(
        'tenant',
        config.RATE_LIMIT_TENANT_POINTS,
        config.RATE_LIMIT_TENANT_DURATION_SECONDS,
      ),
    };
  }

  async consume(name: RateLimitName, key: string): Promise<RateLimitDecision> {
    const limit = this.limits[name];
    if (this.redis.status !== 'ready') this.metrics.recordInsuranceDecision(name);
    try {
      await limit.limiter.consume(key);
      return { allowed: true };
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) throw result;
      this.metrics.recordRateLimited(name);
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
        points: limit.points,
        durationSeconds: limit.durationSeconds,
      };
    }
  }

  private limit(name: RateLimitName, points: number, durationSeconds: number): Limit {
    const keyPrefix = `rl:${name}`;
    const insuranceLimiter = new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
    const store = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix,
      points,
      duration: durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter,
    });
    const limiter = new RLWrapperTimeouts({
      limiter: store,
      timeoutMs: REDIS_DECISION_TIMEOUT_MS,
      insuranceLimiter,
    });
    return { limiter, points, durationSeconds };
  }
}
