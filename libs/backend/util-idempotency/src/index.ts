export * from './lib/idempotency-claims';
