import { createRedisClient, waitForRedis } from '@switchboard/backend-data-access-persistence';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '@switchboard/backend-testing-infra';
import { RetryLaterError } from '@switchboard/backend-util-messaging';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { loadStateManagerConfig } from '../config/state-manager.config';
import { StateMetrics } from '../metrics/state-metrics.service';
import { CustomerLockBusyError, CustomerLocks, customerLockKey } from './customer-lock.service';

describe(CustomerLocks.name, () => {
  const tenantId = randomUUID();
  const clients: Redis[] = [];
  let redis: Redis;
  let registry: Registry;

  const locks = (env: Record<string, string> = {}, client: Redis = redis) => {
    registry = new Registry();
    const config = loadStateManagerConfig({
      LOCK_TTL_MS: '5000',
      LOCK_ATTEMPTS: '3',
      LOCK_RETRY_DELAY_MS: '50',
      ...env,
    });
    return new CustomerLocks(client, config, new StateMetrics(registry));
  };
  const contention = async (outcome: string) =>
    (await registry.getSingleMetric('switchboard_conversation_lock_contention_total')?.get())?.values.find(
      (value) => value.labels['outcome'] === outcome,
    )?.value ?? 0;

  beforeAll(async () => {
    redis = createRedisClient({ url: TEST_REDIS_URL, keyPrefix: uniqueKeyPrefix('customer-lock') });
    clients.push(redis);
    await waitForRedis(redis);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  });

  it('holds the lock while the work runs and releases it afterwards', async () => {
    const sut = locks();
    const key = customerLockKey(tenantId, 'customer-1');

    const seenDuring = await sut.withCustomers(tenantId, ['customer-1'], () => redis.pttl(key));

    expect(seenDuring).toBeGreaterThan(4000);
    expect(await redis.exists(key)).toBe(0);
  });

  it("gives up after every attempt found the lock busy, leaving the holder's lock alone", async () => {
    const sut = locks();
    const key = customerLockKey(tenantId, 'customer-2');
    await redis.set(key, 'someone-else', 'PX', 5000);
    const work = jest.fn(async () => 'done');

    const failure = await sut.withCustomers(tenantId, ['customer-2'], work).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CustomerLockBusyError);
    // Deferred, not failed: a queue message waits 1–2 s without spending one of its attempts.
    expect(failure).toBeInstanceOf(RetryLaterError);
    expect((failure as RetryLaterError).delayMs).toBeGreaterThanOrEqual(1000);
    expect((failure as RetryLaterError).delayMs).toBeLessThan(2000);
    expect(work).not.toHaveBeenCalled();
    expect(await redis.get(key)).toBe('someone-else');
    expect(await contention('gave_up')).toBe(1);
  });

  it('takes a lock released while it waited, and counts the wait', async () => {
    const sut = locks();
    const key = customerLockKey(tenantId, 'customer-3');
    await redis.set(key, 'someone-else', 'PX', 5000);
    setTimeout(() => void redis.del(key), 60);

    await expect(sut.withCustomers(tenantId, ['customer-3'], async () => 'done')).resolves.toBe('done');

    expect(await contention('waited')).toBe(1);
  });

  it('never deletes a lock that expired under it and was taken by someone else', async () => {
    const sut = locks({ LOCK_TTL_MS: '100' });
    const key = customerLockKey(tenantId, 'customer-4');

    await sut.withCustomers(tenantId, ['customer-4'], async () => {
      await sleep(150);
      await redis.set(key, 'next-holder', 'PX', 5000);
    });

    expect(await redis.get(key)).toBe('next-holder');
  });

  it('takes the locks of several customers and releases all of them, also when the work fails', async () => {
    const sut = locks();
    const keys = ['customer-6', 'customer-5'].map((waId) => customerLockKey(tenantId, waId));

    await expect(
      sut.withCustomers(tenantId, ['customer-6', 'customer-5'], async () => {
        expect(await redis.exists(...keys)).toBe(2);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');

    expect(await redis.exists(...keys)).toBe(0);
  });

  it('runs the work without a lock while Redis is unreachable (PostgreSQL still guards)', async () => {
    const down = createRedisClient({ url: 'redis://127.0.0.1:1/0', keyPrefix: 'test:unreachable:' });
    clients.push(down);
    const sut = locks({}, down);

    await expect(sut.withCustomers(tenantId, ['customer-7'], async () => 'done')).resolves.toBe('done');
  });
});
