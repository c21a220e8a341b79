import { SERVICES } from '@switchboard/shared-contracts';

/** Services that resolve a WhatsApp phone_number_id to its tenant, number and integration. */
export const PHONE_NUMBER_LOOKUP_CALLERS = [
  SERVICES.WHATSAPP_WEBHOOK.name,
  SERVICES.INBOUND_TRANSFORMER.name,
  SERVICES.WHATSAPP_API.name,
  SERVICES.STATE_MANAGER.name,
  SERVICES.AGENT_PORTAL.name,
];

/** Services that resolve a Genesys integration id to its tenant and number. */
export const INTEGRATION_LOOKUP_CALLERS = [
  SERVICES.GENESYS_WEBHOOK.name,
  SERVICES.OUTBOUND_TRANSFORMER.name,
  SERVICES.GENESYS_API.name,
  SERVICES.STATE_MANAGER.name,
  SERVICES.AGENT_PORTAL.name,
];

/** Secrets go to the one service that needs each. */
export const OAUTH_CREDENTIALS_CALLERS = [SERVICES.AUTH.name];
export const WEBHOOK_SECRET_CALLERS = [SERVICES.GENESYS_WEBHOOK.name];
export const ACCESS_TOKEN_CALLERS = [SERVICES.AUTH.name];
/** auth-service admits a tenant's users (login, refresh) only while their tenant is active. */
export const TENANT_STATUS_CALLERS = [SERVICES.AUTH.name];
/** Empty: any service with a token for tenant-service (the gateway and every service check keys). */
export const API_KEY_VERIFY_CALLERS: string[] = [];
