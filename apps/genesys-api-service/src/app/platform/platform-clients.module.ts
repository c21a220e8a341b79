import { Module } from '@nestjs/common';
import { PlatformClients } from '@switchboard/backend-data-access-platform-clients';
import {
  GENESYS_API_SERVICE_CONFIG,
  type GenesysApiServiceConfig,
} from '../config/genesys-api-service.config';

const CLIENTS = PlatformClients.forRoot<GenesysApiServiceConfig>({
  configToken: GENESYS_API_SERVICE_CONFIG,
  tenantDirectory: (config) => config.TENANT_SERVICE_URL,
  cloudTokens: (config) => config.AUTH_SERVICE_URL,
});

/** The other Switchboard services this one calls: tenant-service (lookups), auth-service (Genesys tokens). */
@Module({ imports: [CLIENTS], exports: [CLIENTS] })
export class PlatformClientsModule {}
