interface KeyState {
  active: number;
  readonly waiters: Array<() => void>;
}

/** Gives back one permit; calling it again does nothing. */
export type ReleasePermit = () => void;

/**
 * At most `permitsPerKey` holders per key at once (e.g. concurrent calls to a cloud per tenant);
 * further callers wait in arrival order. Keys are forgotten once idle, so memory follows the
 * keys in use, not every key ever seen.
 */
export class KeyedSemaphore {
  private readonly keys = new Map<string, KeyState>();

  constructor(readonly permitsPerKey: number) {
    if (!Number.isSafeInteger(permitsPerKey) || permitsPerKey < 1) {
      throw new RangeError(`permitsPerKey must be an integer >= 1, got ${permitsPerKey}`);
    }
  }

  /** Resolves with a release function once a permit of `key` is free. */
  acquire(key: string): Promise<ReleasePermit> {
    let state = this.keys.get(key);
    if (!state) {
      state = { active: 0, waiters: [] };
      this.keys.set(key, state);
    }
    if (state.active < this.permitsPerKey) {
      state.active += 1;
      return Promise.resolve(this.releaser(key, state));
    }
    const waiting = state;
    return new Promise((resolve) => waiting.waiters.push(() => resolve(this.releaser(key, waiting))));
  }

  /** Runs `work` holding a permit of `key`. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Holders of `key` right now. */
  activeCount(key: string): number {
    return this.keys.get(key)?.active ?? 0;
  }

  /** Callers of `key` waiting for a permit. */
  waitingCount(key: string): number {
    return this.keys.get(key)?.waiters.length ?? 0;
  }

  /** Keys with holders or waiters. */
  get size(): number {
    return this.keys.size;
  }

  private releaser(key: string, state: KeyState): ReleasePermit {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.waiters.shift();
      // The permit passes straight to the next waiter: no newcomer can slip in between.
      if (next) {
        next();
        return;
      }
      state.active -= 1;
      if (state.active === 0) this.keys.delete(key);
    };
  }
}
