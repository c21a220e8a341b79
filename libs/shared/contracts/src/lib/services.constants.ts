/** The platform's services, their names (client ids and token audiences) and local ports. */
export const SERVICES = {
  API_GATEWAY: { name: 'api-gateway', port: 3000 },
  WHATSAPP_WEBHOOK: { name: 'whatsapp-webhook-service', port: 3001 },
  GENESYS_WEBHOOK: { name: 'genesys-webhook-service', port: 3002 },
  INBOUND_TRANSFORMER: { name: 'inbound-transformer', port: 3003 },
  OUTBOUND_TRANSFORMER: { name: 'outbound-transformer', port: 3004 },
  GENESYS_API: { name: 'genesys-api-service', port: 3005 },
  WHATSAPP_API: { name: 'whatsapp-api-service', port: 3006 },
  STATE_MANAGER: { name: 'state-manager', port: 3007 },
  AUTH: { name: 'auth-service', port: 3008 },
  TENANT: { name: 'tenant-service', port: 3009 },
  AGENT_PORTAL: { name: 'agent-portal-service', port: 3010 },
} as const;

export type ServiceName = (typeof SERVICES)[keyof typeof SERVICES]['name'];
export const SERVICE_NAMES: readonly ServiceName[] = Object.values(SERVICES).map((service) => service.name);
