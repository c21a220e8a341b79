export * from './lib/keyed-circuit-breakers';
export * from './lib/keyed-rate-limiter';
export * from './lib/keyed-semaphore.util';
export * from './lib/keyed-pauses.util';
