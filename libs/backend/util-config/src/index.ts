export * from './lib/load-config';
export * from './lib/infrastructure-vars';
