import { createRedisClient, waitForRedis } from '@switchboard/backend-data-access-persistence';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '@switchboard/backend-testing-infra';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GenesysWebhookConfig } from '../config/genesys-webhook.config';
import { PUBLISHED_MARKER, WebhookClaims, webhookClaimKey } from './webhook-claims.store';

describe(WebhookClaims.name, () => {
  const keyPrefix = uniqueKeyPrefix('genesys-webhook-claims');
  let redis: Redis;
  let sut: WebhookClaims;
  let counter = 0;
  const freshKey = () => webhookClaimKey('tenant-a', 'integration-1', `message-${++counter}`);

  beforeAll(async () => {
    redis = createRedisClient({ url: TEST_REDIS_URL, keyPrefix });
    await waitForRedis(redis);
    // A lease of 100 + 5000 ms: the publish timeout plus the store's margin.
    sut = new WebhookClaims(redis, {
      RABBITMQ_PUBLISH_TIMEOUT_MS: 100,
      DEDUPE_TTL_SECONDS: 86_400,
    } as GenesysWebhookConfig);
  });

  afterAll(async () => {
    // KEYS ignores the client's prefix: clean up with an unprefixed client.
    const plain = new Redis(TEST_REDIS_URL);
    const keys = await plain.keys(`${keyPrefix}*`);
    if (keys.length > 0) await plain.del(...keys);
    plain.disconnect();
    await sut.onApplicationShutdown();
  });

  it('builds keys per tenant, integration and message', () => {
    expect(webhookClaimKey('t1', 'i1', 'abc:receipt:Read')).toBe('genesys-webhook:t1:i1:abc:receipt:Read');
  });

  it('claims a free key under the service’s prefix with a short lease', async () => {
    const key = freshKey();

    const claim = await sut.claim(key);

    expect(claim).toEqual({ state: 'claimed', token: expect.any(String) });
    expect(await redis.get(key)).toBe(claim.state === 'claimed' ? claim.token : undefined);
    expect(await redis.pttl(key)).toBeGreaterThan(4_000);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(5_100);
  });

  it('answers in_progress while another request holds the claim', async () => {
    const key = freshKey();
    await sut.claim(key);

    await expect(sut.claim(key)).resolves.toEqual({ state: 'in_progress' });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const key = freshKey();

    const claims = await Promise.all(Array.from({ length: 10 }, () => sut.claim(key)));

    expect(claims.filter((claim) => claim.state === 'claimed')).toHaveLength(1);
  });

  it('remembers a published key for DEDUPE_TTL_SECONDS: later claims are duplicates', async () => {
    const key = freshKey();
    await sut.claim(key);

    await sut.complete(key);

    expect(await sut.claim(key)).toEqual({ state: 'published' });
    expect(await redis.get(key)).toBe(PUBLISHED_MARKER);
    expect(await redis.ttl(key)).toBeGreaterThan(86_000);
  });

  it('frees a released key for the retry', async () => {
    const key = freshKey();
    const claim = await sut.claim(key);
    if (claim.state !== 'claimed') throw new Error('not claimed');

    await sut.release(key, claim.token);

    expect(await redis.exists(key)).toBe(0);
    await expect(sut.claim(key)).resolves.toMatchObject({ state: 'claimed' });
  });

  it('lets only the owner release a claim, and never a published key', async () => {
    const key = freshKey();
    const claim = await sut.claim(key);
    if (claim.state !== 'claimed') throw new Error('not claimed');

    await sut.release(key, 'someone-else');
    expect(await redis.get(key)).toBe(claim.token);
    await sut.complete(key);
    await sut.release(key, claim.token);
    expect(await redis.get(key)).toBe(PUBLISHED_MARKER);
  });

  it('frees a claim by itself when its owner died mid-publish', async () => {
    const key = freshKey();
    await redis.set(key, 'token-of-a-dead-replica', 'PX', 50);

    await sleep(80);

    await expect(sut.claim(key)).resolves.toMatchObject({ state: 'claimed' });
  });
});
