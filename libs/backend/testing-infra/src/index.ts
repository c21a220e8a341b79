export * from './lib/test-infrastructure';
export * from './lib/open-timers.util';
