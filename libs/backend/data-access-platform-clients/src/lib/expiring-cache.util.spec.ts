import { ExpiringCache } from './expiring-cache.util';

describe(ExpiringCache.name, () => {
  let now = 0;
  const build = () => new ExpiringCache<string>({ capacity: 10, now: () => now });

  beforeEach(() => {
    now = 1_000;
  });

  it('reuses a value until its ttl passes, then loads again', async () => {
    const sut = build();
    let loads = 0;
    const load = jest.fn(async () => ({ value: `v${(loads += 1)}`, ttlMs: 100 }));

    expect(await sut.get('k', load)).toBe('v1');
    now += 99;
    expect(await sut.get('k', load)).toBe('v1');
    now += 1;
    expect(await sut.get('k', load)).toBe('v2');
  });

  it('shares one load between concurrent misses', async () => {
    const sut = build();
    let release!: () => void;
    const load = jest.fn(
      () =>
        new Promise<{ value: string; ttlMs: number }>(
          (resolve) => (release = () => resolve({ value: 'v', ttlMs: 100 })),
        ),
    );

    const both = Promise.all([sut.get('k', load), sut.get('k', load)]);
    release();

    expect(await both).toEqual(['v', 'v']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failed load or a zero ttl', async () => {
    const sut = build();
    await expect(sut.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await sut.get('z', async () => ({ value: 'once', ttlMs: 0 }));

    expect(await sut.get('k', async () => ({ value: 'up', ttlMs: 10 }))).toBe('up');
    expect(await sut.get('z', async () => ({ value: 'again', ttlMs: 10 }))).toBe('again');
  });

  it('forgets a deleted key', async () => {
    const sut = build();
    await sut.get('k', async () => ({ value: 'old', ttlMs: 100 }));
    sut.delete('k');

    expect(await sut.get('k', async () => ({ value: 'new', ttlMs: 100 }))).toBe('new');
  });
});
