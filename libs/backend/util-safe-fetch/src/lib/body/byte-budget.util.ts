/**
 * A budget of bytes shared by concurrent work (media held in memory): `acquire` waits, in order
 * of arrival, until the bytes fit, and returns the function that gives them back. A request
 * larger than the whole budget takes all of it.
 */
export class ByteBudget {
  private available: number;
  private readonly waiting: Array<{ bytes: number; grant: () => void }> = [];

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`byte budget must be a positive integer, got ${capacity}`);
    }
    this.available = capacity;
  }

  get inUse(): number {
    return this.capacity - this.available;
  }

  async acquire(requested: number): Promise<() => void> {
    const bytes = Math.min(Math.max(0, Math.ceil(requested)), this.capacity);
    if (this.waiting.length === 0 && bytes <= this.available) {
      this.available -= bytes;
    } else {
      await new Promise<void>((grant) => this.waiting.push({ bytes, grant }));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.available += bytes;
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    for (let next = this.waiting[0]; next && next.bytes <= this.available; next = this.waiting[0]) {
      this.waiting.shift();
      this.available -= next.bytes;
      next.grant();
    }
  }
}
