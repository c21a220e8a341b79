export * from './lib/test-infrastructure';
