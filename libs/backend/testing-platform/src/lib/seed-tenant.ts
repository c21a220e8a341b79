import { randomBytes, randomInt } from 'node:crypto';
import type { PlatformSecrets } from './platform-secrets';
import {
  controlCall,
  type GenesysSimulatorControl,
  type WhatsAppSimulatorControl,
} from './simulators.client';

export interface TenantSeed {
  readonly name?: string;
  readonly region?: string;
  /** Messages per second WhatsApp allows the number (80 by default, up to 1,000). */
  readonly throughputTier?: number;
}

/** A tenant onboarded end to end: its WhatsApp number and its Genesys integration. */
export interface SeededTenant {
  readonly tenantId: string;
  readonly name: string;
  readonly phoneNumberId: string;
  readonly displayNumber: string;
  readonly wabaId: string;
  readonly integrationId: string;
  readonly genesysClientId: string;
  readonly whatsappAccessToken: string;
}

interface SeedInputs {
  readonly index: number;
  readonly seed: TenantSeed;
  readonly secrets: PlatformSecrets;
  readonly authUrl: string;
  readonly tenantUrl: string;
  readonly whatsapp: WhatsAppSimulatorControl;
  readonly genesys: GenesysSimulatorControl;
}

const digits = (length: number) =>
  Array.from({ length }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');

async function api<T>(method: string, url: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${method} ${new URL(url).pathname}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Onboards one tenant as an operator would: a platform admin creates the tenant, the WhatsApp
 * number comes through Embedded Signup against the WhatsApp simulator and the Genesys Open
 * Messaging integration is created on the Genesys simulator with a tenant-owned OAuth client.
 */
export async function seedTenant(inputs: SeedInputs): Promise<SeededTenant> {
  const { index, seed, secrets, authUrl, tenantUrl, whatsapp, genesys } = inputs;
  const name = seed.name ?? `E2E Tenant ${index + 1} ${randomBytes(3).toString('hex')}`;
  const region = seed.region ?? 'eu-west-1';
  const phoneNumberId = digits(15);
  const wabaId = digits(15);
  const displayNumber = `1555${digits(7)}`;
  const whatsappAccessToken = `EAAe2e${randomBytes(24).toString('base64url')}`;
  const genesysClientId = `e2e-client-${index}-${randomBytes(4).toString('hex')}`;
  const genesysClientSecret = randomBytes(24).toString('base64url');

  const { accessToken } = await api<{ accessToken: string }>('POST', `${authUrl}/auth/login`, undefined, {
    email: secrets.adminEmail,
    password: secrets.adminPassword,
  });
  const tenant = await api<{ id: string }>('POST', `${tenantUrl}/tenants`, accessToken, {
    name,
    genesysRegion: region,
  });
  const { code } = await controlCall<{ code: string }>(whatsapp.baseUrl, 'POST', '/control/signup-codes', {
    phoneNumberId,
    wabaId,
    displayPhoneNumber: displayNumber,
    accessToken: whatsappAccessToken,
  });
  const onboardedNumber = await api<{ phoneNumber: { id: string } }>(
    'POST',
    `${tenantUrl}/tenants/${tenant.id}/onboarding/whatsapp`,
    accessToken,
    { code, phoneNumberId, wabaId, pin: '123456' },
  );
  if (seed.throughputTier !== undefined) {
    await api(
      'PATCH',
      `${tenantUrl}/tenants/${tenant.id}/phone-numbers/${onboardedNumber.phoneNumber.id}`,
      accessToken,
      { throughputTier: seed.throughputTier },
    );
  }
  await controlCall(genesys.baseUrl, 'POST', '/control/oauth-clients', {
    clientId: genesysClientId,
    clientSecret: genesysClientSecret,
  });
  const onboardedIntegration = await api<{ integration: { integrationId: string } }>(
    'POST',
    `${tenantUrl}/tenants/${tenant.id}/onboarding/genesys`,
    accessToken,
    {
      numberId: onboardedNumber.phoneNumber.id,
      region,
      clientId: genesysClientId,
      clientSecret: genesysClientSecret,
    },
  );
  return {
    tenantId: tenant.id,
    name,
    phoneNumberId,
    displayNumber,
    wabaId,
    integrationId: onboardedIntegration.integration.integrationId,
    genesysClientId,
    whatsappAccessToken,
  };
}
