import { KeyedSemaphore } from './keyed-semaphore.util';

/** Lets queued promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(KeyedSemaphore.name, () => {
  it('lets up to the cap of one key run at once and makes the next caller wait', async () => {
    const sut = new KeyedSemaphore(2);
    const started: string[] = [];

    const first = await sut.acquire('tenant-a');
    await sut.acquire('tenant-a');
    const third = sut.acquire('tenant-a').then((release) => {
      started.push('third');
      return release;
    });
    await settle();

    expect(started).toEqual([]);
    expect(sut.activeCount('tenant-a')).toBe(2);
    expect(sut.waitingCount('tenant-a')).toBe(1);

    first();
    await third;

    expect(started).toEqual(['third']);
    expect(sut.activeCount('tenant-a')).toBe(2);
    expect(sut.waitingCount('tenant-a')).toBe(0);
  });

  it('does not make another key wait for a busy one', async () => {
    const sut = new KeyedSemaphore(1);
    await sut.acquire('tenant-a');
    void sut.acquire('tenant-a');

    await sut.acquire('tenant-b');

    expect(sut.activeCount('tenant-b')).toBe(1);
    expect(sut.waitingCount('tenant-a')).toBe(1);
  });

  it('hands permits to waiters in arrival order', async () => {
    const sut = new KeyedSemaphore(1);
    const order: number[] = [];
    const release = await sut.acquire('k');
    const waiters = [1, 2, 3].map((n) =>
      sut.run('k', async () => {
        order.push(n);
      }),
    );

    release();
    await Promise.all(waiters);

    expect(order).toEqual([1, 2, 3]);
  });

  it('releases the permit when the work fails', async () => {
    const sut = new KeyedSemaphore(1);

    await expect(sut.run('k', () => Promise.reject(new Error('the partner answered 503')))).rejects.toThrow(
      '503',
    );

    await expect(sut.run('k', () => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('ignores a second release of the same permit', async () => {
    const sut = new KeyedSemaphore(1);
    const release = await sut.acquire('k');
    const second = sut.acquire('k');
    release();
    await second;

    release();

    expect(sut.activeCount('k')).toBe(1);
  });

  it('forgets a key once it has no holder and no waiter', async () => {
    const sut = new KeyedSemaphore(3);

    await sut.run('tenant-a', () => Promise.resolve());
    await sut.run('tenant-b', () => Promise.resolve());

    expect(sut.size).toBe(0);
  });

  it('refuses a cap below one', () => {
    expect(() => new KeyedSemaphore(0)).toThrow(RangeError);
  });
});
