import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from '../config/tenant-service.config';
import type { LookupKeys, LookupKind, TenantLookupView } from './lookups.dto';

interface CachedLookup {
  readonly found: boolean;
  readonly value?: TenantLookupView;
}

// Cache-aside with a generation per key. An invalidation bumps the generation and deletes the
// value; a reader remembers the generation it saw before reading PostgreSQL and stores its
// result only if the generation is still the same. So a slow reader can never put back a value
// that a concurrent change has already invalidated.
const SET_IF_SAME_GENERATION = `
if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
  return 1
end
return 0`;

const GENERATION_TTL_SECONDS = 86_400;

/**
 * Redis cache of the pipeline lookups (no secrets ever go here). Losing Redis costs speed, not
 * correctness: every Redis failure falls back to PostgreSQL. An invalidation that fails while
 * Redis is down leaves at most LOOKUP_CACHE_TTL_SECONDS of staleness once it is back.
 */
@Injectable()
export class LookupCache {
  private readonly logger = new Logger(LookupCache.name);

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(TENANT_SERVICE_CONFIG) private readonly config: TenantServiceConfig,
  ) {}

  async getOrLoad(
    kind: LookupKind,
    id: string,
    load: () => Promise<TenantLookupView | null>,
  ): Promise<TenantLookupView | null> {
    const key = valueKey(kind, id);
    let generation = '0';
    try {
      const [[, cached], [, seen]] = (await this.redis
        .multi()
        .get(key)
        .get(generationKey(kind, id))
        .exec()) as [[Error | null, string | null], [Error | null, string | null]];
      if (cached) {
        const parsed = JSON.parse(cached) as CachedLookup;
        return parsed.found ? (parsed.value ?? null) : null;
      }
      generation = seen ?? '0';
    } catch (error) {
      this.logger.warn(`lookup cache read failed, reading PostgreSQL: ${describe(error)}`);
      return load();
    }
    const value = await load();
    const ttl = value ? this.config.LOOKUP_CACHE_TTL_SECONDS : this.config.LOOKUP_NEGATIVE_CACHE_TTL_SECONDS;
    if (ttl > 0) {
      const entry: CachedLookup = value ? { found: true, value } : { found: false };
      await this.redis
        .eval(SET_IF_SAME_GENERATION, 2, key, generationKey(kind, id), generation, JSON.stringify(entry), ttl)
        .catch((error: unknown) => this.logger.warn(`lookup cache write failed: ${describe(error)}`));
    }
    return value;
  }

  /** Drops the entries of every id given (call after the change has committed). */
  async invalidate(keys: LookupKeys): Promise<void> {
    const targets: [LookupKind, string][] = [
      ...unique(keys.phoneNumberIds).map((id): [LookupKind, string] => ['phone-number', id]),
      ...unique(keys.integrationIds).map((id): [LookupKind, string] => ['integration', id]),
    ];
    if (targets.length === 0) return;
    const pipeline = this.redis.multi();
    for (const [kind, id] of targets) {
      pipeline.incr(generationKey(kind, id)).expire(generationKey(kind, id), GENERATION_TTL_SECONDS);
      pipeline.del(valueKey(kind, id));
    }
    await pipeline.exec().catch((error: unknown) => {
      this.logger.warn(
        `lookup cache invalidation failed (entries expire within ${this.config.LOOKUP_CACHE_TTL_SECONDS} s): ${describe(error)}`,
      );
    });
  }
}

export function valueKey(kind: LookupKind, id: string): string {
  return `lookup:${kind}:${id}`;
}

function generationKey(kind: LookupKind, id: string): string {
  return `lookup-generation:${kind}:${id}`;
}

function unique(ids: readonly (string | null | undefined)[] | undefined): string[] {
  return [...new Set((ids ?? []).filter((id): id is string => typeof id === 'string' && id.length > 0))];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
