// Secrets of the local sandbox: made at random on the first `npm start`, kept in
// .sandbox/secrets.json (git-ignored) so that data encrypted and tokens signed in one run still
// work in the next. Nothing here is a default baked into the code.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';

const FILE = path.join('.sandbox', 'secrets.json');
const SERVICE_NAMES = [
  'api-gateway',
  'whatsapp-webhook-service',
  'genesys-webhook-service',
  'inbound-transformer',
  'outbound-transformer',
  'genesys-api-service',
  'whatsapp-api-service',
  'state-manager',
  'tenant-service',
  'agent-portal-service',
];

const random = (bytes = 24) => randomBytes(bytes).toString('base64url');

async function create() {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    kid: `sandbox-${new Date().toISOString().slice(0, 10)}`,
  };
  return {
    serviceSecrets: Object.fromEntries(SERVICE_NAMES.map((name) => [name, random()])),
    authSigningKeys: [signingKey],
    tenantEncryptionKey: { id: 'sandbox-1', key: randomBytes(32).toString('base64') },
    tenantFingerprintKey: random(32),
    metaAppSecret: random(),
    whatsappVerifyToken: random(),
    whatsappAccessToken: `EAAsandbox${random()}`,
    genesysClientSecret: random(),
    adminEmail: 'admin@switchboard.local',
    adminPassword: random(18),
    demoAdminEmail: 'demo-admin@demo.switchboard.local',
    demoAdminPassword: random(18),
  };
}

/**
 * Loads the sandbox secrets, creating them on first use (and any field added since).
 * `fresh` says they were just made: data of an earlier sandbox can no longer be read then.
 */
export async function loadSandboxSecrets() {
  const fresh = !fs.existsSync(FILE);
  const existing = fresh ? {} : JSON.parse(fs.readFileSync(FILE, 'utf8'));
  const secrets = { ...(await create()), ...existing };
  // Saved by the caller once the old sandbox data is gone, so that a crash in between
  // cannot leave new secrets beside old data.
  const save = () => {
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
    fs.writeFileSync(FILE, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  };
  return { secrets, fresh, save };
}

export function serviceClientSecretsVar(secrets) {
  return Object.entries(secrets.serviceSecrets)
    .map(([name, secret]) => `${name}=${secret}`)
    .join(',');
}
