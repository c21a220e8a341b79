import { TEST_REDIS_URL, uniqueKeyPrefix } from '@switchboard/backend-testing-infra';
import { RetryLaterError } from '@switchboard/backend-util-messaging';
import Redis from 'ioredis';
import { DONE_MARKER, IdempotencyClaims } from './idempotency-claims';

describe(IdempotencyClaims.name, () => {
  const keyPrefix = uniqueKeyPrefix('idempotency-claims');
  let redis: Redis;
  let sut: IdempotencyClaims;
  let counter = 0;
  const freshKey = () => `idem:test:tenant-a:wamid.CLAIM-${++counter}`;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { keyPrefix });
    sut = new IdempotencyClaims(redis, { leaseMs: 1000, doneTtlSeconds: 86_400 });
  });

  afterAll(async () => {
    const plain = new Redis(TEST_REDIS_URL);
    const keys = await plain.keys(`${keyPrefix}*`);
    if (keys.length > 0) await plain.del(...keys);
    plain.disconnect();
    redis.disconnect();
  });

  it('claims a free key with a short lease owned by a token', async () => {
    const key = freshKey();

    const claim = await sut.claim(key);

    expect(claim).toEqual({ state: 'claimed', token: expect.any(String) });
    expect(await redis.get(key)).toBe(claim.state === 'claimed' ? claim.token : undefined);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(1000);
  });

  it("reports another owner's live lease with the time it has left", async () => {
    const key = freshKey();
    await sut.claim(key);

    const second = await sut.claim(key);

    expect(second).toEqual({ state: 'leased', remainingMs: expect.any(Number) });
    expect(second.state === 'leased' && second.remainingMs).toBeGreaterThan(0);
  });

  it('reports a completed key as done for the idempotency TTL', async () => {
    const key = freshKey();
    const claim = await sut.claim(key);
    if (claim.state !== 'claimed') throw new Error('not claimed');

    expect(await sut.complete(key, claim.token)).toBe(true);

    expect(await sut.claim(key)).toEqual({ state: 'done' });
    expect(await redis.get(key)).toBe(DONE_MARKER);
    expect(await redis.ttl(key)).toBeGreaterThan(86_000);
  });

  it('lets only the owner release a lease', async () => {
    const key = freshKey();
    const claim = await sut.claim(key);
    if (claim.state !== 'claimed') throw new Error('not claimed');

    await sut.release(key, 'someone-else');
    expect(await redis.get(key)).toBe(claim.token);

    await sut.release(key, claim.token);
    expect(await sut.claim(key)).toMatchObject({ state: 'claimed' });
  });

  it('never releases a key that is already done', async () => {
    const key = freshKey();
    const claim = await sut.claim(key);
    if (claim.state !== 'claimed') throw new Error('not claimed');
    await sut.complete(key, claim.token);

    await sut.release(key, claim.token);

    expect(await redis.get(key)).toBe(DONE_MARKER);
  });

  it('frees the key by itself when its owner dies mid-way', async () => {
    const key = freshKey();
    await sut.claim(key);

    await new Promise((resolve) => setTimeout(resolve, 1100));

    expect(await sut.claim(key)).toMatchObject({ state: 'claimed' });
  });

  it('renews the lease only for its owner', async () => {
    const key = freshKey();
    const claim = await sut.claim(key);
    if (claim.state !== 'claimed') throw new Error('not claimed');

    expect(await sut.renew(key, 'someone-else')).toBe(false);
    expect(await sut.renew(key, claim.token)).toBe(true);
  });

  describe('runOnce', () => {
    it('runs the work once and acknowledges later runs as duplicates', async () => {
      const key = freshKey();
      let runs = 0;
      const work = async () => {
        runs++;
      };

      expect(await sut.runOnce(key, work)).toBe('handled');
      expect(await sut.runOnce(key, work)).toBe('duplicate');
      expect(runs).toBe(1);
    });

    it('releases the claim when the work fails, so that the retry runs it', async () => {
      const key = freshKey();
      const failure = new Error('publish not confirmed');

      await expect(sut.runOnce(key, async () => Promise.reject(failure))).rejects.toBe(failure);

      expect(await redis.exists(key)).toBe(0);
      expect(await sut.runOnce(key, async () => undefined)).toBe('handled');
    });

    it('asks to come back when the lease ends while another consumer works on the key', async () => {
      const key = freshKey();
      let release!: () => void;
      const first = sut.runOnce(key, () => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 50));

      const second = await sut.runOnce(key, async () => undefined).catch((error: unknown) => error);

      expect(second).toBeInstanceOf(RetryLaterError);
      expect((second as RetryLaterError).delayMs).toBeGreaterThan(0);
      expect((second as RetryLaterError).delayMs).toBeLessThanOrEqual(1000);
      release();
      await expect(first).resolves.toBe('handled');
    });

    it('keeps its lease alive while long work runs', async () => {
      const key = freshKey();
      const other = sut.runOnce(key, () => new Promise((resolve) => setTimeout(resolve, 1600)));
      await new Promise((resolve) => setTimeout(resolve, 1300));

      // Past the first lease's end: without renewal another consumer would claim it now.
      expect(await sut.claim(key)).toMatchObject({ state: 'leased' });
      await expect(other).resolves.toBe('handled');
    });
  });
});
