export * from './lib/object-storage';
export * from './lib/object-storage.constants';
export * from './lib/object-storage.module';
export * from './lib/s3-test-server';
