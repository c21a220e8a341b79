/** A fixed-capacity list that keeps the newest items: pushing onto a full buffer drops the oldest. */
export class RingBuffer<T> {
  private readonly slots: (T | undefined)[];
  private start = 0;
  private length = 0;
  private droppedTotal = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.slots = new Array<T | undefined>(capacity);
  }

  /** Appends an item and returns the one it pushed out, if any. */
  push(item: T): T | undefined {
    if (this.length < this.capacity) {
      this.slots[(this.start + this.length) % this.capacity] = item;
      this.length += 1;
      return undefined;
    }
    const evicted = this.slots[this.start];
    this.slots[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.droppedTotal += 1;
    return evicted;
  }

  /** Oldest first. */
  toArray(): T[] {
    const items: T[] = [];
    for (let i = 0; i < this.length; i += 1) items.push(this.slots[(this.start + i) % this.capacity] as T);
    return items;
  }

  get size(): number {
    return this.length;
  }

  /** How many items were pushed out since the last clear. */
  get dropped(): number {
    return this.droppedTotal;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.start = 0;
    this.length = 0;
    this.droppedTotal = 0;
  }
}

/** A map that forgets its least recently written entry once it holds more than `capacity`. */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  private evicted = 0;

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
      this.evicted += 1;
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  values(): V[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  get evictedCount(): number {
    return this.evicted;
  }

  clear(): void {
    this.entries.clear();
    this.evicted = 0;
  }
}
