export * from './lib/idempotency-claims';
export * from './lib/idempotency.module';
