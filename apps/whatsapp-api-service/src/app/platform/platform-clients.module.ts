import { Module } from '@nestjs/common';
import { PlatformClients } from '@switchboard/backend-data-access-platform-clients';
import {
  WHATSAPP_API_SERVICE_CONFIG,
  type WhatsAppApiServiceConfig,
} from '../config/whatsapp-api-service.config';

const CLIENTS = PlatformClients.forRoot<WhatsAppApiServiceConfig>({
  configToken: WHATSAPP_API_SERVICE_CONFIG,
  tenantDirectory: (config) => config.TENANT_SERVICE_URL,
  cloudTokens: (config) => config.AUTH_SERVICE_URL,
  stateManager: (config) => config.STATE_MANAGER_URL,
});

/** The other Switchboard services this one calls: auth-service (WhatsApp tokens), tenant-service (which tenant owns a number) and state-manager (wamid ↔ Genesys message records). */
@Module({ imports: [CLIENTS], exports: [CLIENTS] })
export class PlatformClientsModule {}
