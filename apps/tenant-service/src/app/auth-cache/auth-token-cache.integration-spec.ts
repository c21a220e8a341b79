import { randomBytes } from 'node:crypto';
import {
  configSecrets,
  createTenantFixture,
  fixtureSecrets,
  randomSecret,
  type TenantFixture,
} from '../../testing/fixtures.util';
import { FakeAuthService } from '../../testing/fake-auth-service.util';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { TenantServiceHarness, findLeaks } from '../../testing/tenant-service-harness.util';
import { AuthTokenCache } from './auth-token-cache.service';

describe(AuthTokenCache.name, () => {
  const serviceSecret = randomBytes(24).toString('base64url');
  let authService: FakeAuthService;
  let harness: TenantServiceHarness;
  let admin: Credential;
  let a: TenantFixture;
  const secrets: string[] = [serviceSecret];

  beforeAll(async () => {
    authService = await FakeAuthService.start();
    const identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({
      label: 'auth-token-cache',
      identities,
      env: { AUTH_SERVICE_URL: authService.baseUrl, SERVICE_CLIENT_SECRET: serviceSecret },
    });
    admin = await identities.platformAdmin();
    a = await createTenantFixture(harness, admin, 'a');
    secrets.push(...fixtureSecrets([a]), ...configSecrets(harness));
  });

  afterAll(async () => {
    await harness.destroy();
    await authService.close();
  });

  beforeEach(() => authService.mark());

  it("makes auth-service forget a number's WhatsApp token when the token is replaced, with a service token", async () => {
    const replacement = randomSecret('replacement');
    secrets.push(replacement);

    await harness.request('PATCH', `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}`, {
      as: admin,
      json: { accessToken: replacement },
    });
    const invalidations = await authService.waitForInvalidations(1);
    const tokenRequest = authService.recent().find((call) => call.path === '/internal/service-tokens');
    const deletion = authService.recent().find((call) => call.method === 'DELETE');

    expect(invalidations).toEqual([`/internal/whatsapp-tokens/${a.number.phoneNumberId}`]);
    expect(tokenRequest?.headers.authorization).toBe(
      `Basic ${Buffer.from(`tenant-service:${serviceSecret}`).toString('base64')}`,
    );
    expect(JSON.parse(tokenRequest?.body ?? '{}')).toEqual({ audience: 'auth-service' });
    expect(deletion?.headers.authorization).toBe(`Bearer ${authService.serviceToken}`);
  });

  it("makes auth-service forget an integration's Genesys token when its client secret changes", async () => {
    const clientSecret = randomSecret('new-client-secret');
    secrets.push(clientSecret);

    await harness.request('PATCH', `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}/integration`, {
      as: admin,
      json: { clientSecret },
    });

    expect(await authService.waitForInvalidations(1)).toEqual([
      `/internal/genesys-tokens/${a.integration.integrationId}`,
    ]);
  });

  it('leaves the tokens alone when nothing about the credentials changed', async () => {
    await harness.request('PATCH', `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}`, {
      as: admin,
      json: { throughputTier: 90 },
    });
    await harness.request('PATCH', `/tenants/${a.tenant.id}`, { as: admin, json: { name: 'Renamed' } });

    expect(await authService.waitForInvalidations(1, 300)).toEqual([]);
  });

  it("forgets every token of a tenant's numbers and integrations when the tenant goes", async () => {
    const doomed = await createTenantFixture(harness, admin, 'doomed');
    secrets.push(...fixtureSecrets([doomed]));

    await harness.request('DELETE', `/tenants/${doomed.tenant.id}`, { as: admin });

    expect(new Set(await authService.waitForInvalidations(2))).toEqual(
      new Set([
        `/internal/genesys-tokens/${doomed.integration.integrationId}`,
        `/internal/whatsapp-tokens/${doomed.number.phoneNumberId}`,
      ]),
    );
  });

  it('never sends a secret to auth-service in an invalidation, nor leaks one elsewhere', () => {
    const sent = authService.calls
      .filter((call) => call.method === 'DELETE')
      .map((call) => call.path + call.body)
      .join('\n');

    expect(secrets.filter((secret) => sent.includes(secret))).toEqual([]);
    expect(findLeaks(secrets, harness.responses, harness.logs.text())).toEqual([]);
  });
});
