import type Redis from 'ioredis';
import { isFresh, type CloudToken } from './cloud-token.util';

/** The shared store (Redis) could not answer: the cache carries on without it. */
export class SharedStoreUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(
      `shared token store unavailable (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = SharedStoreUnavailableError.name;
  }
}

/** What the token cache needs from the store it shares with the other replicas. */
export interface SharedTokenStore {
  get(key: string): Promise<CloudToken | null>;
  /** Stores the token until its renewal time. */
  set(key: string, token: CloudToken): Promise<void>;
  delete(key: string): Promise<void>;
  /** `SET NX PX`: true when this owner now holds the lock. */
  acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Deletes the lock if this owner still holds it. */
  releaseLock(key: string, owner: string): Promise<void>;
}

const RELEASE_LOCK_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

function parseToken(text: string | null): CloudToken | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<CloudToken>;
    if (typeof value.accessToken !== 'string' || typeof value.renewAt !== 'number') return null;
    return {
      accessToken: value.accessToken,
      renewAt: value.renewAt,
      expiresAt: typeof value.expiresAt === 'number' ? value.expiresAt : null,
    };
  } catch {
    return null;
  }
}

/**
 * The token cache in Redis: `cloud-token:<key>` holds a token until its renewal time,
 * `cloud-token-lock:<key>` is the fetch lock. Every operation fails fast (the client does not
 * queue while disconnected, and each call has a timeout) with {@link SharedStoreUnavailableError}.
 */
export class RedisTokenStore implements SharedTokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly operationTimeoutMs = 1000,
  ) {}

  async get(key: string): Promise<CloudToken | null> {
    const token = parseToken(await this.run('get', () => this.redis.get(`cloud-token:${key}`)));
    return isFresh(token) ? token : null;
  }

  async set(key: string, token: CloudToken): Promise<void> {
    const ttlMs = Math.floor(token.renewAt - Date.now());
    if (ttlMs <= 0) return;
    await this.run('set', () => this.redis.set(`cloud-token:${key}`, JSON.stringify(token), 'PX', ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.run('delete', () => this.redis.del(`cloud-token:${key}`));
  }

  async acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const answer = await this.run('lock', () =>
      this.redis.set(`cloud-token-lock:${key}`, owner, 'PX', ttlMs, 'NX'),
    );
    return answer === 'OK';
  }

  async releaseLock(key: string, owner: string): Promise<void> {
    await this.run('unlock', () => this.redis.eval(RELEASE_LOCK_SCRIPT, 1, `cloud-token-lock:${key}`, owner));
  }

  private async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${this.operationTimeoutMs} ms`)),
            this.operationTimeoutMs,
          );
        }),
      ]);
    } catch (error) {
      throw new SharedStoreUnavailableError(operation, error);
    } finally {
      clearTimeout(timer);
    }
  }
}
