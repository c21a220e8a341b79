export * from './lib/internal-http.client';
export * from './lib/expiring-cache.util';
export * from './lib/tenant-directory.client';
export * from './lib/cloud-token.client';
export * from './lib/state-manager.client';
export * from './lib/platform-clients.module';
