export * from './lib/load-config';
export * from './lib/infrastructure-vars';
export * from './lib/consumer-vars';
export * from './lib/object-storage-vars';
