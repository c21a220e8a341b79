import { BoundedMap, RingBuffer } from './bounded-collections.util';

describe(RingBuffer.name, () => {
  it('keeps the newest items in order and counts the dropped ones', () => {
    const sut = new RingBuffer<number>(3);

    [1, 2, 3, 4, 5].forEach((item) => sut.push(item));

    expect(sut.toArray()).toEqual([3, 4, 5]);
    expect(sut.droppedCount).toBe(2);
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
