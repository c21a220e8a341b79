export * from './lib/service-core-imports';
