export * from './lib/persistence.module';
export * from './lib/redis-client';
export * from './lib/service-data-source';
export * from './lib/tenant-scope';
export * from './lib/transactions.service';
