import { Module } from '@nestjs/common';
import {
  CloudTokenClient,
  StateManagerClient,
  TenantDirectoryClient,
} from '@switchboard/backend-data-access-platform-clients';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';

/** The other Switchboard services this one calls: tenant-service, auth-service's token broker, state-manager. */
@Module({
  providers: [
    {
      provide: TenantDirectoryClient,
      inject: [INBOUND_TRANSFORMER_CONFIG, ServiceTokenClient],
      useFactory: (config: InboundTransformerConfig, serviceTokens: ServiceTokenClient) =>
        new TenantDirectoryClient({ baseUrl: config.TENANT_SERVICE_URL, serviceTokens }),
    },
    {
      provide: CloudTokenClient,
      inject: [INBOUND_TRANSFORMER_CONFIG, ServiceTokenClient],
      useFactory: (config: InboundTransformerConfig, serviceTokens: ServiceTokenClient) =>
        new CloudTokenClient({ baseUrl: config.AUTH_SERVICE_URL, serviceTokens }),
    },
    {
      provide: StateManagerClient,
      inject: [INBOUND_TRANSFORMER_CONFIG, ServiceTokenClient],
      useFactory: (config: InboundTransformerConfig, serviceTokens: ServiceTokenClient) =>
        new StateManagerClient({ baseUrl: config.STATE_MANAGER_URL, serviceTokens }),
    },
  ],
  exports: [TenantDirectoryClient, CloudTokenClient, StateManagerClient],
})
export class PlatformClientsModule {}
