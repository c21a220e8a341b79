export * from './lib/bounded-collections.util';
