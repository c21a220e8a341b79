import { createRedisClient, waitForRedis } from '@switchboard/backend-data-access-persistence';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '@switchboard/backend-testing-infra';
import type Redis from 'ioredis';
import { TenantRateLimiter } from './tenant-rate-limiter';

describe(TenantRateLimiter.name, () => {
  const keyPrefix = uniqueKeyPrefix('genesys-rate');
  let replicaA: Redis;
  let replicaB: Redis;

  beforeAll(async () => {
    replicaA = createRedisClient({ url: TEST_REDIS_URL, keyPrefix });
    replicaB = createRedisClient({ url: TEST_REDIS_URL, keyPrefix });
    await Promise.all([waitForRedis(replicaA), waitForRedis(replicaB)]);
  });

  afterAll(async () => {
    const keys = await replicaA.keys(`${keyPrefix}*`);
    if (keys.length > 0) await replicaA.del(...keys.map((key) => key.slice(keyPrefix.length)));
    replicaA.disconnect();
    replicaB.disconnect();
  });

  it('shares one tenant’s budget between replicas and tells how long to wait once it is spent', async () => {
    const window = { points: 3, durationSeconds: 30 };
    const sutA = new TenantRateLimiter(replicaA, window);
    const sutB = new TenantRateLimiter(replicaB, window);

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
      expect.arrayContaining([expect.stringContaining('tenant-a'), expect.stringContaining('tenant-b')]),
    );
  });
});
