import { BoundedMap } from '@switchboard/shared-util-collections';

/**
 * Keys (an integration, a phone number) a partner told to slow down (429): until the pause has
 * passed, their other calls wait instead of hammering the partner. Process-local, bounded: an
 * ordered queue has a single active consumer, so the replica that was told is the one sending.
 */
export class KeyedPauses {
  private readonly until: BoundedMap<string, number>;

  constructor(
    capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.until = new BoundedMap(capacity);
  }

  /** Pauses `key` for `ms` (a later end wins over an earlier one). */
  pause(key: string, ms: number): void {
    const end = this.now() + ms;
    if ((this.until.get(key) ?? 0) < end) this.until.set(key, end);
  }

  /** How long `key` is still paused (0: not paused). */
  remainingMs(key: string): number {
    const end = this.until.get(key);
    if (end === undefined) return 0;
    const remaining = end - this.now();
    if (remaining > 0) return remaining;
    this.until.delete(key);
    return 0;
  }
}
