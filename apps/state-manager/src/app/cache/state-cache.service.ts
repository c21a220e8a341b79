import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { ThrottledWarning } from '../common/throttled-warning.util';
import { STATE_MANAGER_CONFIG, type StateManagerConfig } from '../config/state-manager.config';

// Cache-aside with a generation per key. An invalidation bumps the generation and deletes the
// value; a reader remembers the generation it saw before reading PostgreSQL and stores its
// result only if the generation is still the same. So a slow reader can never put back a value
// that a concurrent write has already invalidated.
const SET_IF_SAME_GENERATION = `
if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
  return 1
end
return 0`;

// KEYS: value, its generation, value, its generation... ARGV[1]: the generations' TTL. One
// command instead of a MULTI of three per key: the hot paths invalidate after every write.
const INVALIDATE = `
for i = 1, #KEYS, 2 do
  redis.call('INCR', KEYS[i + 1])
  redis.call('EXPIRE', KEYS[i + 1], ARGV[1])
  redis.call('DEL', KEYS[i])
end
return 0`;

/** Outlives every cached value, so that a generation is never forgotten while a value could exist. */
const GENERATION_TTL_SECONDS = 86_400;

/** Keys invalidated per script call (a customer number change can touch many messages). */
const INVALIDATION_CHUNK = 200;

/**
 * Redis cache of conversation and message views (PostgreSQL is the truth). Only found values are
 * cached. Every Redis failure falls back to PostgreSQL: losing Redis costs speed, not
 * correctness. An invalidation lost while Redis is down leaves at most CACHE_TTL_SECONDS of
 * staleness once it is back.
 */
@Injectable()
export class StateCache {
  private readonly logger = new Logger(StateCache.name);
  private readonly outage = new ThrottledWarning(this.logger);

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(STATE_MANAGER_CONFIG) private readonly config: StateManagerConfig,
  ) {}

  async getOrLoad<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    let generation: string;
    try {
      const [[cachedError, cached], [generationError, seen]] = (await this.redis
        .multi()
        .get(key)
        .get(generationKey(key))
        .exec()) as [[Error | null, string | null], [Error | null, string | null]];
      if (cachedError || generationError) throw cachedError ?? generationError;
      if (cached !== null) return JSON.parse(cached) as T;
      generation = seen ?? '0';
    } catch (error) {
      this.outage.warn('cache read failed, reading PostgreSQL', error);
      return load();
    }
    const value = await load();
    if (value !== null) {
      await this.redis
        .eval(
          SET_IF_SAME_GENERATION,
          2,
          key,
          generationKey(key),
          generation,
          JSON.stringify(value),
          this.config.CACHE_TTL_SECONDS,
        )
        .catch((error: unknown) => this.outage.warn('cache write failed', error));
    }
    return value;
  }

  /** Drops the entries (call after the change has committed). */
  async invalidate(keys: readonly string[]): Promise<void> {
    const unique = [...new Set(keys)];
    for (let start = 0; start < unique.length; start += INVALIDATION_CHUNK) {
      const chunk = unique.slice(start, start + INVALIDATION_CHUNK);
      const keysAndGenerations = chunk.flatMap((key) => [key, generationKey(key)]);
      const done = await this.redis
        .eval(INVALIDATE, keysAndGenerations.length, ...keysAndGenerations, GENERATION_TTL_SECONDS)
        .then(
          () => true,
          (error: unknown) => {
            this.outage.warn(
              `cache invalidation failed (entries expire within ${this.config.CACHE_TTL_SECONDS} s)`,
              error,
            );
            return false;
          },
        );
      if (!done) return;
    }
  }
}

function generationKey(key: string): string {
  return `generation:${key}`;
}
