import { TEST_REDIS_URL, uniqueKeyPrefix } from '@switchboard/backend-testing-infra';
import Redis from 'ioredis';
import { KeyedRateLimiter } from './keyed-rate-limiter';

describe(KeyedRateLimiter.name, () => {
  const keyPrefix = uniqueKeyPrefix('resilience-rate');
  let replicaA: Redis;
  let replicaB: Redis;

  beforeAll(async () => {
    replicaA = new Redis(TEST_REDIS_URL, { keyPrefix });
    replicaB = new Redis(TEST_REDIS_URL, { keyPrefix });
    await Promise.all([replicaA.ping(), replicaB.ping()]);
  });

  afterAll(async () => {
    const keys = await replicaA.keys(`${keyPrefix}*`);
    if (keys.length > 0) await replicaA.del(...keys.map((key) => key.slice(keyPrefix.length)));
    replicaA.disconnect();
    replicaB.disconnect();
  });

  it('shares one key’s budget between replicas and tells how long to wait once it is spent', async () => {
    const window = { points: 3, durationSeconds: 30 };
    const sutA = new KeyedRateLimiter(replicaA, window, { keyPrefix: 'shared-rate' });
    const sutB = new KeyedRateLimiter(replicaB, window, { keyPrefix: 'shared-rate' });

    const waits = [
      await sutA.reserve('tenant-a'),
      await sutB.reserve('tenant-a'),
      await sutA.reserve('tenant-a'),
    ];
    const spent = await sutB.reserve('tenant-a');

    expect(waits).toEqual([0, 0, 0]);
    expect(spent).toBeGreaterThan(25_000);
    expect(spent).toBeLessThanOrEqual(30_000);
    expect(await sutB.reserve('tenant-b')).toBe(0);
    expect(await replicaA.keys(`${keyPrefix}*`)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('shared-rate:tenant-a'),
        expect.stringContaining('shared-rate:tenant-b'),
      ]),
    );
  });

  it('keeps limiters with different key prefixes apart', async () => {
    const window = { points: 1, durationSeconds: 30 };
    const numbers = new KeyedRateLimiter(replicaA, window, { keyPrefix: 'numbers' });
    const tokens = new KeyedRateLimiter(replicaA, window, { keyPrefix: 'tokens' });

    expect(await numbers.reserve('same-key')).toBe(0);
    expect(await tokens.reserve('same-key')).toBe(0);
    expect(await numbers.reserve('same-key')).toBeGreaterThan(0);
  });
});
