import { SERVICES } from '@switchboard/shared-contracts';

/** The services that read and write conversations and message tracking (service tokens only). */
export const STATE_MANAGER_CALLERS = [
  SERVICES.INBOUND_TRANSFORMER.name,
  SERVICES.GENESYS_API.name,
  SERVICES.OUTBOUND_TRANSFORMER.name,
  SERVICES.WHATSAPP_API.name,
  SERVICES.AGENT_PORTAL.name,
];
