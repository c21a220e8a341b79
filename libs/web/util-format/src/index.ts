export * from './lib/format.util';
