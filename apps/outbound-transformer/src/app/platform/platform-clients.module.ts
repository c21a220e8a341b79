import { Module } from '@nestjs/common';
import { PlatformClients } from '@switchboard/backend-data-access-platform-clients';
import {
  OUTBOUND_TRANSFORMER_CONFIG,
  type OutboundTransformerConfig,
} from '../config/outbound-transformer.config';

const CLIENTS = PlatformClients.forRoot<OutboundTransformerConfig>({
  configToken: OUTBOUND_TRANSFORMER_CONFIG,
  tenantDirectory: (config) => config.TENANT_SERVICE_URL,
  stateManager: (config) => config.STATE_MANAGER_URL,
});

/** The other Switchboard services this one calls: tenant-service (integration lookup) and state-manager. */
@Module({ imports: [CLIENTS], exports: [CLIENTS] })
export class PlatformClientsModule {}
