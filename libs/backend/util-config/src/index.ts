export * from './lib/load-config';
export * from './lib/infrastructure-vars';
export * from './lib/consumer-vars';
