import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isFresh, type CloudToken } from './cloud-token.util';
import { SharedStoreUnavailableError, type SharedTokenStore } from './shared-token-store.service';

export interface CloudTokenCacheOptions {
  /** Lifetime of the cross-replica fetch lock (a dead holder's lock expires after it). */
  readonly lockMs: number;
  /** How long a replica waits for another one's fetch before fetching itself. */
  readonly waitMs: number;
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
  /** Tokens kept in process memory (fallback while the shared store is down). */
  readonly maxLocalEntries?: number;
}

export interface CacheLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** How often "shared store unavailable" is logged at most. */
const STORE_WARNING_INTERVAL_MS = 30_000;

/**
 * Cache of cloud tokens shared by the replicas, with one upstream fetch per key at a time:
 * - concurrent requests in one process share one resolution (single flight);
 * - across replicas, the one that wins `SET NX PX` on the key's lock fetches, the others poll
 *   the shared store (briefly, growing pauses) until the token appears, the lock disappears
 *   (they compete for it again) or `waitMs` passes (then they fetch themselves: a dead or hung
 *   holder costs one more upstream call, never a failure);
 * - while the shared store is unreachable, a token kept in process memory is used, and
 *   otherwise fetched directly: slower, never failing because of the store.
 * The shared store is the source of truth whenever it answers, so that an invalidation made on
 * one replica holds for all of them.
 */
export class CloudTokenCache {
  private readonly local = new Map<string, CloudToken>();
  private readonly inFlight = new Map<string, Promise<CloudToken>>();
  private lastStoreWarning = 0;

  constructor(
    private readonly store: SharedTokenStore,
    private readonly options: CloudTokenCacheOptions,
    private readonly logger: CacheLogger,
  ) {}

  get(key: string, fetcher: () => Promise<CloudToken>): Promise<CloudToken> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const resolution = this.resolve(key, fetcher).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, resolution);
    return resolution;
  }

  /** Forgets the key's token here and in the shared store (after the cloud answered 401). */
  async invalidate(key: string): Promise<void> {
    this.local.delete(key);
    try {
      await this.store.delete(key);
    } catch (error) {
      if (!(error instanceof SharedStoreUnavailableError)) throw error;
      this.warnStoreDown(error, key);
    }
  }

  private async resolve(key: string, fetcher: () => Promise<CloudToken>): Promise<CloudToken> {
    let fetched: Promise<CloudToken> | undefined;
    // At most one upstream fetch per resolution, whichever path ends up needing it.
    const fetchOnce = () => (fetched ??= fetcher().then((token) => this.remember(key, token)));
    try {
      return await this.viaSharedStore(key, fetchOnce);
    } catch (error) {
      if (!(error instanceof SharedStoreUnavailableError)) throw error;
      this.warnStoreDown(error, key);
      const kept = this.local.get(key);
      return isFresh(kept) ? kept : fetchOnce();
    }
  }

  private async viaSharedStore(key: string, fetchOnce: () => Promise<CloudToken>): Promise<CloudToken> {
    const cached = await this.store.get(key);
    if (cached) return this.remember(key, cached);
    const owner = randomUUID();
    const deadline = Date.now() + this.options.waitMs;
    let pause = this.options.pollMinMs ?? 20;
    for (;;) {
      if (await this.store.acquireLock(key, owner, this.options.lockMs)) {
        return this.fetchHoldingLock(key, owner, fetchOnce);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, this.options.pollMaxMs ?? 200);
      const filled = await this.store.get(key);
      if (filled) return this.remember(key, filled);
      if (Date.now() >= deadline) {
        this.logger.warn(
          { key, waitedMs: this.options.waitMs },
          'gave up waiting for another replica’s token fetch',
        );
        return this.storeAfterFetch(key, await fetchOnce());
      }
    }
  }

  private async fetchHoldingLock(key: string, owner: string, fetchOnce: () => Promise<CloudToken>) {
    try {
      const filled = await this.store.get(key); // filled between our miss and our lock
      if (filled) return this.remember(key, filled);
      return await this.storeAfterFetch(key, await fetchOnce());
    } finally {
      await this.store.releaseLock(key, owner).catch(() => undefined); // it expires anyway
    }
  }

  private async storeAfterFetch(key: string, token: CloudToken): Promise<CloudToken> {
    try {
      await this.store.set(key, token);
    } catch (error) {
      if (!(error instanceof SharedStoreUnavailableError)) throw error;
      this.warnStoreDown(error, key);
    }
    return token;
  }

  private remember(key: string, token: CloudToken): CloudToken {
    this.local.delete(key);
    this.local.set(key, token);
    const limit = this.options.maxLocalEntries ?? 10_000;
    while (this.local.size > limit) {
      const oldest = this.local.keys().next().value;
      if (oldest === undefined) break;
      this.local.delete(oldest);
    }
    return token;
  }

  private warnStoreDown(error: Error, key: string): void {
    const now = Date.now();
    if (now - this.lastStoreWarning < STORE_WARNING_INTERVAL_MS) return;
    this.lastStoreWarning = now;
    this.logger.warn({ key, reason: error.message }, 'token cache continues without Redis (in-process only)');
  }
}
