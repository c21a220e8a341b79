import { createHook } from 'node:async_hooks';

export interface TimerWatch {
  /** Creation stacks of the watched timers still armed and keeping the process alive. */
  open(): Promise<string[]>;
  stop(): void;
}

const JEST_FRAME = /node_modules[\\/](@jest|jest-)/;

/**
 * Watches the timers created from now on (Jest's own left out), to check that closing the app
 * leaves none behind: a leftover timer keeps the process alive or fires after the app is gone.
 */
export function watchTimers(): TimerWatch {
  const timers = new Map<number, { stack: string; resource: { hasRef(): boolean } }>();
  const hook = createHook({
    init(asyncId, type, _triggerId, resource) {
      const stack = new Error().stack ?? '';
      if (type === 'Timeout' && !JEST_FRAME.test(stack)) {
        timers.set(asyncId, { stack, resource: resource as { hasRef(): boolean } });
      }
    },
    destroy(asyncId) {
      timers.delete(asyncId);
    },
  }).enable();
  return {
    async open() {
      // Destroy hooks of cleared timers are emitted asynchronously.
      await new Promise((resolve) => setImmediate(resolve));
      return [...timers.values()].filter(({ resource }) => resource.hasRef()).map(({ stack }) => stack);
    },
    stop: () => hook.disable(),
  };
}
