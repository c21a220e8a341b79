import { randomBytes } from 'node:crypto';
import { SERVICES } from '@switchboard/shared-contracts';
import { exportJWK, generateKeyPair } from 'jose';

const random = (bytes = 24) => randomBytes(bytes).toString('base64url');

/** Fresh secrets for one end-to-end platform: nothing is a default baked into the code. */
export interface PlatformSecrets {
  readonly serviceSecrets: Readonly<Record<string, string>>;
  readonly authSigningKeys: readonly Record<string, unknown>[];
  readonly tenantEncryptionKey: { readonly id: string; readonly key: string };
  readonly tenantFingerprintKey: string;
  readonly metaAppSecret: string;
  readonly whatsappVerifyToken: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
}

export async function createPlatformSecrets(): Promise<PlatformSecrets> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    serviceSecrets: Object.fromEntries(
      Object.values(SERVICES)
        .filter(({ name }) => name !== SERVICES.AUTH.name)
        .map(({ name }) => [name, random()]),
    ),
    authSigningKeys: [{ ...(await exportJWK(privateKey)), kid: `e2e-${random(4)}` }],
    tenantEncryptionKey: { id: 'e2e-1', key: randomBytes(32).toString('base64') },
    tenantFingerprintKey: random(32),
    metaAppSecret: random(),
    whatsappVerifyToken: random(),
    adminEmail: 'admin@e2e.switchboard.local',
    adminPassword: random(18),
  };
}

export function serviceClientSecretsVar(secrets: PlatformSecrets): string {
  return Object.entries(secrets.serviceSecrets)
    .map(([name, secret]) => `${name}=${secret}`)
    .join(',');
}
