import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { CreatedApiKeyView } from '../app/api-keys/api-keys.dto';
import type { IntegrationView } from '../app/integrations/integrations.dto';
import type { PhoneNumberView } from '../app/phone-numbers/phone-numbers.dto';
import type { TenantView } from '../app/tenants/tenants.dto';
import type { Credential } from './identities.util';
import type { TenantServiceHarness } from './tenant-service-harness.util';

/** 15 random digits, like Meta's phone_number_id and WABA ids. */
export function randomMetaId(): string {
  return `${randomInt(1, 10)}${Array.from({ length: 14 }, () => randomInt(0, 10)).join('')}`;
}

export function randomSecret(label: string): string {
  return `${label}-${randomBytes(18).toString('base64url')}`;
}

/** A tenant with one number (with an access token), its integration and an API key. */
export interface TenantFixture {
  readonly tenant: TenantView;
  readonly number: PhoneNumberView;
  readonly integration: IntegrationView;
  readonly apiKey: CreatedApiKeyView;
  readonly secrets: {
    readonly accessToken: string;
    readonly clientSecret: string;
    readonly webhookSecret: string;
  };
  /** Strings that identify this tenant's data: none may appear in an answer to another tenant. */
  readonly markers: readonly string[];
}

async function expectStatus<T>(
  promise: Promise<{ status: number; body: T; text: string }>,
  status: number,
  what: string,
): Promise<T> {
  const response = await promise;
  if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${response.text}`);
  return response.body;
}

export async function createTenant(
  harness: TenantServiceHarness,
  admin: Credential,
  name = `Tenant ${randomUUID()}`,
  genesysRegion = 'eu-central-1',
): Promise<TenantView> {
  return expectStatus(
    harness.request<TenantView>('POST', '/tenants', { as: admin, json: { name, genesysRegion } }),
    201,
    'create tenant',
  );
}

export async function createNumber(
  harness: TenantServiceHarness,
  as: Credential,
  tenantId: string,
  values: { accessToken?: string; displayNumber?: string } = {},
): Promise<PhoneNumberView> {
  return expectStatus(
    harness.request<PhoneNumberView>('POST', `/tenants/${tenantId}/phone-numbers`, {
      as,
      json: {
        phoneNumberId: randomMetaId(),
        wabaId: randomMetaId(),
        displayNumber: values.displayNumber ?? `1555${randomInt(1_000_000, 9_999_999)}`,
        throughputTier: 80,
        ...(values.accessToken && { accessToken: values.accessToken }),
      },
    }),
    201,
    'create number',
  );
}

export async function createIntegration(
  harness: TenantServiceHarness,
  as: Credential,
  tenantId: string,
  numberId: string,
  secrets: { clientSecret: string; webhookSecret: string },
): Promise<IntegrationView> {
  return expectStatus(
    harness.request<IntegrationView>('POST', `/tenants/${tenantId}/phone-numbers/${numberId}/integration`, {
      as,
      json: {
        integrationId: randomUUID(),
        clientId: `client-${randomBytes(6).toString('hex')}`,
        ...secrets,
      },
    }),
    201,
    'create integration',
  );
}

export async function createApiKey(
  harness: TenantServiceHarness,
  as: Credential,
  tenantId: string,
  name = 'test key',
): Promise<CreatedApiKeyView> {
  return expectStatus(
    harness.request<CreatedApiKeyView>('POST', `/tenants/${tenantId}/api-keys`, { as, json: { name } }),
    201,
    'create API key',
  );
}

export async function createTenantFixture(
  harness: TenantServiceHarness,
  admin: Credential,
  label: string,
): Promise<TenantFixture> {
  const secrets = {
    accessToken: randomSecret(`${label}-wa-token`),
    clientSecret: randomSecret(`${label}-client-secret`),
    webhookSecret: randomSecret(`${label}-webhook-secret`),
  };
  const tenant = await createTenant(harness, admin, `Tenant ${label} ${randomUUID()}`);
  const number = await createNumber(harness, admin, tenant.id, { accessToken: secrets.accessToken });
  const integration = await createIntegration(harness, admin, tenant.id, number.id, {
    clientSecret: secrets.clientSecret,
    webhookSecret: secrets.webhookSecret,
  });
  const apiKey = await createApiKey(harness, admin, tenant.id, `${label} key`);
  return {
    tenant,
    number,
    integration,
    apiKey,
    secrets,
    markers: [
      tenant.id,
      tenant.name,
      number.id,
      number.phoneNumberId,
      number.wabaId,
      number.displayNumber as string,
      integration.id,
      integration.integrationId,
      integration.clientId,
      apiKey.id,
      apiKey.prefix,
    ],
  };
}

/** Every secret value of the fixtures, for the leak scan. */
export function fixtureSecrets(fixtures: readonly TenantFixture[]): string[] {
  return fixtures.flatMap((fixture) => [
    fixture.secrets.accessToken,
    fixture.secrets.clientSecret,
    fixture.secrets.webhookSecret,
    fixture.apiKey.key,
  ]);
}

/** The configuration secrets of a harness: encryption keys, fingerprint key, Meta app secret. */
export function configSecrets(harness: TenantServiceHarness): string[] {
  return [
    ...harness.config.TENANT_ENCRYPTION_KEYS.split(',').map((entry) => entry.split(':')[1]),
    harness.config.TENANT_FINGERPRINT_KEY,
    harness.config.META_APP_SECRET,
  ];
}
