/** Keeps the newest `capacity` items in insertion order and counts the ones it dropped. */
export class RingBuffer<T> {
  private items: T[] = [];
  private dropped = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) {
      this.items.shift();
      this.dropped += 1;
    }
  }

  toArray(): T[] {
    return [...this.items];
  }

  get size(): number {
    return this.items.length;
  }

  get droppedCount(): number {
    return this.dropped;
  }

  clear(): void {
    this.items = [];
    this.dropped = 0;
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
