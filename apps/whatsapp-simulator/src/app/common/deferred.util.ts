/** A promise with its resolve function at hand. */
export class Deferred<T> {
  readonly promise: Promise<T>;
  private resolveFn!: (value: T) => void;
  private done = false;

  constructor() {
    this.promise = new Promise<T>((resolve) => {
      this.resolveFn = resolve;
    });
  }

  resolve(value: T): void {
    if (this.done) return;
    this.done = true;
    this.resolveFn(value);
  }
}
