import { Module } from '@nestjs/common';
import { PlatformClients } from '@switchboard/backend-data-access-platform-clients';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';

const CLIENTS = PlatformClients.forRoot<InboundTransformerConfig>({
  configToken: INBOUND_TRANSFORMER_CONFIG,
  tenantDirectory: (config) => config.TENANT_SERVICE_URL,
  cloudTokens: (config) => config.AUTH_SERVICE_URL,
  stateManager: (config) => config.STATE_MANAGER_URL,
});

/** The other Switchboard services this one calls: tenant-service, auth-service's token broker, state-manager. */
@Module({ imports: [CLIENTS], exports: [CLIENTS] })
export class PlatformClientsModule {}
