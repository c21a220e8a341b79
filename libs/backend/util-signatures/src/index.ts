export * from './lib/webhook-signatures';
