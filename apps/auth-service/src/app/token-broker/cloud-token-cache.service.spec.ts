import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudToken } from './cloud-token.util';
import { CloudTokenCache, type CacheLogger } from './cloud-token-cache.service';
import { SharedStoreUnavailableError, type SharedTokenStore } from './shared-token-store.service';

/** The shared store's contract in memory (Redis itself is exercised by the integration tests). */
class InMemoryStore implements SharedTokenStore {
  readonly tokens = new Map<string, CloudToken>();
  readonly locks = new Map<string, { owner: string; until: number }>();
  down = false;

  async get(key: string) {
    this.check();
    const token = this.tokens.get(key);
    return token && token.renewAt > Date.now() ? token : null;
  }
  async set(key: string, token: CloudToken) {
    this.check();
    this.tokens.set(key, token);
  }
  async delete(key: string) {
    this.check();
    this.tokens.delete(key);
  }
  async acquireLock(key: string, owner: string, ttlMs: number) {
    this.check();
    const held = this.locks.get(key);
    if (held && held.until > Date.now()) return false;
    this.locks.set(key, { owner, until: Date.now() + ttlMs });
    return true;
  }
  async releaseLock(key: string, owner: string) {
    this.check();
    if (this.locks.get(key)?.owner === owner) this.locks.delete(key);
  }
  private check() {
    if (this.down) throw new SharedStoreUnavailableError('test', new Error('connection refused'));
  }
}

const silent: CacheLogger = { warn: () => undefined };

function countingFetcher(lifetimeMs = 60_000, delayMs = 20) {
  let calls = 0;
  const fetcher = async (): Promise<CloudToken> => {
    calls += 1;
    const issued = calls;
    await sleep(delayMs);
    const now = Date.now();
    return { accessToken: `token-${issued}`, expiresAt: now + lifetimeMs, renewAt: now + lifetimeMs * 0.8 };
  };
  return { fetcher, calls: () => calls };
}

const options = { lockMs: 30_000, waitMs: 2_000, pollMinMs: 5, pollMaxMs: 20 };

describe(CloudTokenCache.name, () => {
  it('collapses 50 concurrent requests for one key into one upstream fetch', async () => {
    const sut = new CloudTokenCache(new InMemoryStore(), options, silent);
    const upstream = countingFetcher();
    const tokens = await Promise.all(
      Array.from({ length: 50 }, () => sut.get('genesys:a', upstream.fetcher)),
    );
    expect(upstream.calls()).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['token-1']));
  });

  it('fetches separately for different keys', async () => {
    const sut = new CloudTokenCache(new InMemoryStore(), options, silent);
    const upstream = countingFetcher();
    await Promise.all([sut.get('genesys:a', upstream.fetcher), sut.get('genesys:b', upstream.fetcher)]);
    expect(upstream.calls()).toBe(2);
  });

  it('serves the stored token until its renewal time, then fetches a new one', async () => {
    const sut = new CloudTokenCache(new InMemoryStore(), options, silent);
    const upstream = countingFetcher(250, 1);
    const first = await sut.get('genesys:a', upstream.fetcher);
    expect((await sut.get('genesys:a', upstream.fetcher)).accessToken).toBe(first.accessToken);
    await sleep(first.renewAt - Date.now() + 10);
    const renewed = await sut.get('genesys:a', upstream.fetcher);
    expect(renewed.accessToken).toBe('token-2');
    expect(first.expiresAt).toBeGreaterThan(Date.now()); // renewed before the old one expired
  });

  it('fetches anew after an invalidation', async () => {
    const sut = new CloudTokenCache(new InMemoryStore(), options, silent);
    const upstream = countingFetcher();
    await sut.get('genesys:a', upstream.fetcher);
    await sut.invalidate('genesys:a');
    expect((await sut.get('genesys:a', upstream.fetcher)).accessToken).toBe('token-2');
  });

  it('lets two replicas on one store cause a single fetch', async () => {
    const store = new InMemoryStore();
    const replicaA = new CloudTokenCache(store, options, silent);
    const replicaB = new CloudTokenCache(store, options, silent);
    const upstream = countingFetcher(60_000, 100);
    const tokens = await Promise.all([
      ...Array.from({ length: 10 }, () => replicaA.get('genesys:a', upstream.fetcher)),
      ...Array.from({ length: 10 }, () => replicaB.get('genesys:a', upstream.fetcher)),
    ]);
    expect(upstream.calls()).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
  });

  it('sees an invalidation made by another replica', async () => {
    const store = new InMemoryStore();
    const replicaA = new CloudTokenCache(store, options, silent);
    const replicaB = new CloudTokenCache(store, options, silent);
    const upstream = countingFetcher();
    await replicaA.get('genesys:a', upstream.fetcher);
    await replicaB.get('genesys:a', upstream.fetcher);
    await replicaA.invalidate('genesys:a');
    expect((await replicaB.get('genesys:a', upstream.fetcher)).accessToken).toBe('token-2');
  });

  it('takes over when the lock holder died: its lock expires and the waiter fetches', async () => {
    const store = new InMemoryStore();
    await store.acquireLock('genesys:a', 'a-replica-that-died', 150);
    const sut = new CloudTokenCache(store, options, silent);
    const upstream = countingFetcher();
    const started = Date.now();
    expect((await sut.get('genesys:a', upstream.fetcher)).accessToken).toBe('token-1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(upstream.calls()).toBe(1);
  });

  it('waits a bounded time for a hung holder, then fetches itself', async () => {
    const store = new InMemoryStore();
    await store.acquireLock('genesys:a', 'a-hung-replica', 60_000);
    const warnings: string[] = [];
    const sut = new CloudTokenCache(
      store,
      { ...options, waitMs: 200 },
      { warn: (_d, message) => warnings.push(message) },
    );
    const upstream = countingFetcher();
    const started = Date.now();
    expect((await sut.get('genesys:a', upstream.fetcher)).accessToken).toBe('token-1');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(warnings).toContain('gave up waiting for another replica’s token fetch');
    expect((await store.get('genesys:a'))?.accessToken).toBe('token-1');
  });

  it('still answers while the store is down, from memory and with one fetch for concurrent requests', async () => {
    const store = new InMemoryStore();
    store.down = true;
    const sut = new CloudTokenCache(store, options, silent);
    const upstream = countingFetcher();
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, () => sut.get('genesys:a', upstream.fetcher)),
    );
    const later = await sut.get('genesys:a', upstream.fetcher);
    expect(upstream.calls()).toBe(1);
    expect(new Set([...concurrent, later].map((t) => t.accessToken))).toEqual(new Set(['token-1']));
    await expect(sut.invalidate('genesys:a')).resolves.toBeUndefined();
    expect((await sut.get('genesys:a', upstream.fetcher)).accessToken).toBe('token-2');
  });

  it('keeps answering when the store fails halfway, without a second fetch', async () => {
    const store = new InMemoryStore();
    const sut = new CloudTokenCache(store, options, silent);
    let calls = 0;
    const fetcher = async (): Promise<CloudToken> => {
      calls += 1;
      store.down = true; // Redis dies while the cloud answers
      return { accessToken: 'token-1', expiresAt: null, renewAt: Date.now() + 60_000 };
    };
    expect((await sut.get('genesys:a', fetcher)).accessToken).toBe('token-1');
    expect(calls).toBe(1);
  });

  it('passes an upstream failure on to every waiting caller and releases the lock', async () => {
    const store = new InMemoryStore();
    const sut = new CloudTokenCache(store, options, silent);
    let calls = 0;
    const failing = async (): Promise<CloudToken> => {
      calls += 1;
      await sleep(10);
      throw new Error('cloud says no');
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => sut.get('genesys:a', failing)));
    expect(
      outcomes.every((o) => o.status === 'rejected' && (o.reason as Error).message === 'cloud says no'),
    ).toBe(true);
    expect(calls).toBe(1);
    expect(store.locks.size).toBe(0);
  });
});
