// What the sandbox runs, in start order, and each process's environment. Each later issue adds
// its services here. Every process listens on loopback only; the cloud base URLs point at the
// simulators, which is why ALLOW_INSECURE_CLOUD_URLS is on here (production refuses it).
import { serviceClientSecretsVar } from './sandbox-secrets.mjs';
import { DEMO } from './seed-demo.mjs';

const SIMULATORS = {
  WHATSAPP: 'http://127.0.0.1:3100',
  GENESYS: 'http://127.0.0.1:3101',
};

/** The Meta app id the WhatsApp simulator knows (its APP_ID default). */
export const SIMULATOR_META_APP_ID = '900000000000001';

function service(name, port, description, env, { migrate = false } = {}) {
  return {
    name,
    description,
    command: ['node', '--enable-source-maps', `dist/apps/${name}/main.js`],
    build: name,
    migrate,
    port,
    readyPath: '/health/ready',
    env: { PORT: String(port), ...env },
  };
}

export function sandboxProcesses(secrets) {
  const clientSecret = (name) => ({ SERVICE_CLIENT_SECRET: secrets.serviceSecrets[name] });
  return [
    {
      name: 'object-storage',
      description: 'S3 API (s3rver) with buckets media-inbound, media-outbound',
      command: ['node', 'tools/sandbox/object-storage-server.mjs'],
      port: 3200,
      readyPath: '/',
      env: { PORT: '3200', S3_DIRECTORY: '.sandbox/s3' },
    },
    {
      name: 'whatsapp-simulator',
      description: 'WhatsApp Cloud API simulator (Graph API + /control)',
      command: ['node', 'dist/apps/whatsapp-simulator/main.js'],
      build: 'whatsapp-simulator',
      port: 3100,
      readyPath: '/health/ready',
      env: {
        PORT: '3100',
        APP_SECRET: secrets.metaAppSecret,
        VERIFY_TOKEN: secrets.whatsappVerifyToken,
        WEBHOOK_URL: 'http://127.0.0.1:3001/webhooks/whatsapp',
        SEED_PHONE_NUMBERS: `${DEMO.phoneNumberId}:${secrets.whatsappAccessToken}:${DEMO.displayNumber}`,
      },
    },
    {
      name: 'genesys-simulator',
      description: 'Genesys Cloud simulator (login, Open Messaging API + /control)',
      command: ['node', 'dist/apps/genesys-simulator/main.js'],
      build: 'genesys-simulator',
      port: 3101,
      readyPath: '/health/ready',
      env: { PORT: '3101', OAUTH_CLIENT_SECRET: secrets.genesysClientSecret },
    },
    service(
      'auth-service',
      3008,
      'users, login, JWKS, service tokens, cloud token broker',
      {
        SERVICE_CLIENT_SECRETS: serviceClientSecretsVar(secrets),
        AUTH_SIGNING_KEYS: JSON.stringify(secrets.authSigningKeys),
        BOOTSTRAP_ADMIN_EMAIL: secrets.adminEmail,
        BOOTSTRAP_ADMIN_PASSWORD: secrets.adminPassword,
        GENESYS_LOGIN_BASE_URL: SIMULATORS.GENESYS,
        ALLOW_INSECURE_CLOUD_URLS: 'true',
      },
      { migrate: true },
    ),
    service(
      'tenant-service',
      3009,
      'tenants, numbers, integrations, API keys, audit, onboarding',
      {
        ...clientSecret('tenant-service'),
        TENANT_ENCRYPTION_KEYS: `${secrets.tenantEncryptionKey.id}:${secrets.tenantEncryptionKey.key}`,
        TENANT_ENCRYPTION_ACTIVE_KEY_ID: secrets.tenantEncryptionKey.id,
        TENANT_FINGERPRINT_KEY: secrets.tenantFingerprintKey,
        GRAPH_API_BASE_URL: SIMULATORS.WHATSAPP,
        META_APP_ID: SIMULATOR_META_APP_ID,
        META_APP_SECRET: secrets.metaAppSecret,
        GENESYS_LOGIN_BASE_URL: SIMULATORS.GENESYS,
        GENESYS_API_BASE_URL: SIMULATORS.GENESYS,
        PUBLIC_WEBHOOK_BASE_URL: 'http://127.0.0.1:3002',
        ALLOW_INSECURE_CLOUD_URLS: 'true',
      },
      { migrate: true },
    ),
    service(
      'state-manager',
      3007,
      'conversations, message tracking, 24-hour window, idle expiry',
      { ...clientSecret('state-manager') },
      { migrate: true },
    ),
    service('genesys-api-service', 3005, 'calls Genesys Open Messaging (messages, receipts, typing)', {
      ...clientSecret('genesys-api-service'),
      GENESYS_API_BASE_URL: SIMULATORS.GENESYS,
      ALLOW_INSECURE_CLOUD_URLS: 'true',
    }),
    service('inbound-transformer', 3003, 'WhatsApp events → Genesys messages and receipts, media', {
      ...clientSecret('inbound-transformer'),
      WHATSAPP_GRAPH_BASE_URL: SIMULATORS.WHATSAPP,
      ALLOW_INSECURE_CLOUD_URLS: 'true',
      S3_ENDPOINT: 'http://127.0.0.1:3200',
    }),
    service('whatsapp-webhook-service', 3001, 'Meta webhook: POST/GET /webhooks/whatsapp', {
      ...clientSecret('whatsapp-webhook-service'),
      META_APP_SECRET: secrets.metaAppSecret,
      WHATSAPP_VERIFY_TOKEN: secrets.whatsappVerifyToken,
    }),
    service(
      'genesys-webhook-service',
      3002,
      "Genesys's outbound webhook: POST /webhooks/genesys/<integration id>",
      { ...clientSecret('genesys-webhook-service') },
    ),
    service('outbound-transformer', 3004, 'agent messages → WhatsApp sends, attachments, 24-hour window', {
      ...clientSecret('outbound-transformer'),
      S3_ENDPOINT: 'http://127.0.0.1:3200',
      // The Genesys simulator serves agents' attachments over plain http on 127.0.0.1.
      MEDIA_ALLOW_HTTP_LOOPBACK: 'true',
    }),
    service('whatsapp-api-service', 3006, 'sends to WhatsApp: rate limits, pacing, breakers, media upload', {
      ...clientSecret('whatsapp-api-service'),
      WHATSAPP_GRAPH_BASE_URL: SIMULATORS.WHATSAPP,
      ALLOW_INSECURE_CLOUD_URLS: 'true',
      S3_ENDPOINT: 'http://127.0.0.1:3200',
    }),
    service('api-gateway', 3000, 'the one entry: /api/<service>/..., /api/docs', {
      ...clientSecret('api-gateway'),
      CORS_ALLOWED_ORIGINS: 'http://127.0.0.1:3011,http://127.0.0.1:3012,http://127.0.0.1:3013',
    }),
  ];
}
