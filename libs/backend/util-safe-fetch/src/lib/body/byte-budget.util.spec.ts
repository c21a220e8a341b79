import { ByteBudget } from './byte-budget.util';

describe(ByteBudget.name, () => {
  it('lets work that fits run at once and holds the rest until bytes come back, in order', async () => {
    const sut = new ByteBudget(100);
    const order: string[] = [];
    const releaseA = await sut.acquire(60);
    const b = sut.acquire(50).then((release) => {
      order.push('b');
      return release;
    });
    const c = sut.acquire(10).then((release) => {
      order.push('c');
      return release;
    });
    await Promise.resolve();

    expect(order).toEqual([]);
    expect(sut.inUse).toBe(60);
    releaseA();
    (await b)();
    (await c)();

    expect(order).toEqual(['b', 'c']);
    expect(sut.inUse).toBe(0);
  });

  it('gives a request larger than the budget the whole budget, and a double release changes nothing', async () => {
    const sut = new ByteBudget(100);
    const release = await sut.acquire(250);

    expect(sut.inUse).toBe(100);
    release();
    release();
    expect(sut.inUse).toBe(0);
  });
});
