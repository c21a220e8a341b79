import { BoundedMap } from '@switchboard/shared-util-collections';

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

export interface ExpiringCacheOptions {
  readonly capacity: number;
  readonly now?: () => number;
}

/**
 * A bounded cache whose entries expire, with single-flight loading: concurrent misses for one
 * key share one load. A failed load is not cached.
 */
export class ExpiringCache<V> {
  private readonly entries: BoundedMap<string, Entry<V>>;
  private readonly loading = new Map<string, Promise<V>>();
  private readonly now: () => number;

  constructor(options: ExpiringCacheOptions) {
    this.entries = new BoundedMap(options.capacity);
    this.now = options.now ?? Date.now;
  }

  async get(key: string, load: () => Promise<{ value: V; ttlMs: number }>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return entry.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = load()
      .then(({ value, ttlMs }) => {
        if (ttlMs > 0) this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
        else this.entries.delete(key);
        return value;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, promise);
    return promise;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
