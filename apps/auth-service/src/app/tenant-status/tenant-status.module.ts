import { Module } from '@nestjs/common';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { ServiceClientsModule } from '../service-clients/service-clients.module';
import { TenantStatusCache } from './tenant-status-cache.service';
import { TenantStatusClient } from './tenant-status.client';

/** The standing of tenants (active, suspended, gone) that login and refresh depend on. */
@Module({
  imports: [ServiceClientsModule],
  providers: [
    TenantStatusClient,
    {
      provide: TenantStatusCache,
      inject: [TenantStatusClient, AUTH_SERVICE_CONFIG],
      useFactory: (client: TenantStatusClient, config: AuthServiceConfig) =>
        new TenantStatusCache(client, config.TENANT_STATUS_CACHE_SECONDS * 1000),
    },
  ],
  exports: [TenantStatusCache],
})
export class TenantStatusModule {}
