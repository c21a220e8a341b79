import { Module } from '@nestjs/common';
import { StateManagerClient, TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import {
  OUTBOUND_TRANSFORMER_CONFIG,
  type OutboundTransformerConfig,
} from '../config/outbound-transformer.config';

/** The other Switchboard services this one calls: tenant-service (integration lookup) and state-manager. */
@Module({
  providers: [
    {
      provide: TenantDirectoryClient,
      inject: [OUTBOUND_TRANSFORMER_CONFIG, ServiceTokenClient],
      useFactory: (config: OutboundTransformerConfig, serviceTokens: ServiceTokenClient) =>
        new TenantDirectoryClient({ baseUrl: config.TENANT_SERVICE_URL, serviceTokens }),
    },
    {
      provide: StateManagerClient,
      inject: [OUTBOUND_TRANSFORMER_CONFIG, ServiceTokenClient],
      useFactory: (config: OutboundTransformerConfig, serviceTokens: ServiceTokenClient) =>
        new StateManagerClient({ baseUrl: config.STATE_MANAGER_URL, serviceTokens }),
    },
  ],
  exports: [TenantDirectoryClient, StateManagerClient],
})
export class PlatformClientsModule {}
