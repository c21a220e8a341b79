import { Inject, Injectable, Logger } from '@nestjs/common';
import { RetryLaterError } from '@switchboard/backend-util-messaging';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ThrottledWarning } from '../common/throttled-warning.util';
import { STATE_MANAGER_CONFIG, type StateManagerConfig } from '../config/state-manager.config';
import { StateMetrics } from '../metrics/state-metrics.service';

/** How long a message waits after a busy lock, before jitter (the shortest delay tier). */
const LOCK_BUSY_RETRY_DELAY_MS = 1000;

/**
 * Every attempt found the lock held by someone else: try the whole operation again shortly. A
 * queue message is deferred without consuming one of its attempts (contention is not a failure
 * of the message); an HTTP caller gets 503 with Retry-After.
 */
export class CustomerLockBusyError extends RetryLaterError {
  constructor(key: string, attempts: number) {
    super(
      LOCK_BUSY_RETRY_DELAY_MS + Math.floor(Math.random() * LOCK_BUSY_RETRY_DELAY_MS),
      `conversation lock ${key} still busy after ${attempts} attempts`,
    );
    this.name = 'CustomerLockBusyError';
  }
}

// Deletes the lock only while it still holds our token: a lock that expired and was taken by
// someone else meanwhile is left alone.
const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** A lock we hold (`token`), or none because Redis could not be asked. */
interface Held {
  readonly key: string;
  readonly token: string | undefined;
}

export function customerLockKey(tenantId: string, customerWaId: string): string {
  return `lock:conversation:${encodeURIComponent(tenantId)}:${encodeURIComponent(customerWaId)}`;
}

/**
 * Serialises the conversation changes of one customer (tenant, wa_id) across replicas, so that
 * a burst of first messages creates one mapping without fighting over the unique index. Redis
 * `SET NX PX` with a random token; released by compare-and-delete. The lock is an optimisation
 * of the database's own guarantees (the partial unique index and row locks): when Redis cannot
 * be reached the work runs without it, still correct.
 */
@Injectable()
export class CustomerLocks {
  private readonly logger = new Logger(CustomerLocks.name);
  private readonly outage = new ThrottledWarning(this.logger);

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(STATE_MANAGER_CONFIG) private readonly config: StateManagerConfig,
    private readonly metrics: StateMetrics,
  ) {}

  /** Runs `work` holding the locks of every given customer (taken in a fixed order: no deadlock). */
  async withCustomers<T>(
    tenantId: string,
    customerWaIds: readonly string[],
    work: () => Promise<T>,
  ): Promise<T> {
    const keys = [...new Set(customerWaIds)].sort().map((waId) => customerLockKey(tenantId, waId));
    const held: Held[] = [];
    try {
      for (const key of keys) held.push(await this.acquire(key));
      return await work();
    } finally {
      await Promise.all(held.map((lock) => this.release(lock)));
    }
  }

  private async acquire(key: string): Promise<Held> {
    const token = randomBytes(16).toString('hex');
    const attempts = this.config.LOCK_ATTEMPTS;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let answer: string | null;
      try {
        answer = await this.redis.set(key, token, 'PX', this.config.LOCK_TTL_MS, 'NX');
      } catch (error) {
        this.outage.warn('conversation lock unavailable, relying on PostgreSQL alone', error);
        return { key, token: undefined };
      }
      if (answer === 'OK') {
        if (attempt > 1) this.metrics.lockContended('waited');
        return { key, token };
      }
      if (attempt < attempts) await sleep(this.retryDelayMs());
    }
    this.metrics.lockContended('gave_up');
    throw new CustomerLockBusyError(key, attempts);
  }

  private async release(lock: Held): Promise<void> {
    if (lock.token === undefined) return;
    await this.redis.eval(RELEASE_IF_OWNER, 1, lock.key, lock.token).catch((error: unknown) => {
      // It expires by itself after LOCK_TTL_MS.
      this.outage.warn(`conversation lock ${lock.key} not released`, error);
    });
  }

  private retryDelayMs(): number {
    const base = this.config.LOCK_RETRY_DELAY_MS;
    return base + Math.floor(Math.random() * base);
  }
}
