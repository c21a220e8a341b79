import { BoundedMap, RingBuffer } from './bounded-collections.util';

describe(RingBuffer.name, () => {
  it('keeps items oldest first while below capacity', () => {
    const sut = new RingBuffer<number>(3);
    sut.push(1);
    sut.push(2);

    expect(sut.toArray()).toEqual([1, 2]);
    expect(sut.dropped).toBe(0);
  });

  it('drops the oldest item when full and returns it', () => {
    const sut = new RingBuffer<number>(3);
    const evicted = [1, 2, 3, 4, 5].map((n) => sut.push(n));

    expect(sut.toArray()).toEqual([3, 4, 5]);
    expect(evicted).toEqual([undefined, undefined, undefined, 1, 2]);
    expect(sut.size).toBe(3);
    expect(sut.dropped).toBe(2);
  });

  it('starts over after clear', () => {
    const sut = new RingBuffer<number>(2);
    [1, 2, 3].forEach((n) => sut.push(n));
    sut.clear();
    sut.push(9);

    expect(sut.toArray()).toEqual([9]);
    expect(sut.dropped).toBe(0);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe(BoundedMap.name, () => {
  it('evicts the least recently written entry beyond its capacity', () => {
    const sut = new BoundedMap<string, number>(2);
    sut.set('a', 1);
    sut.set('b', 2);
    sut.set('a', 3);

    sut.set('c', 4);

    expect(sut.has('b')).toBe(false);
    expect(sut.values()).toEqual([3, 4]);
    expect(sut.evictedCount).toBe(1);
  });
});
