import { SERVICES } from '@switchboard/shared-contracts';
import { randomBytes } from 'node:crypto';
import type { AuditPageView } from '../audit/audit.dto';
import type { PhoneNumberView } from '../phone-numbers/phone-numbers.dto';
import {
  configSecrets,
  createTenantFixture,
  fixtureSecrets,
  randomSecret,
  type TenantFixture,
} from '../../testing/fixtures.util';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { LogCapture } from '@switchboard/backend-testing-platform';
import {
  TenantServiceHarness,
  findLeaks,
  randomEncryptionKey,
  type RecordedResponse,
} from '../../testing/tenant-service-harness.util';
import type { EncryptionStatusView, ReEncryptionResultView } from './encryption.dto';
import { ReEncryptionService } from './re-encryption.service';

describe(`${ReEncryptionService.name} (key rotation)`, () => {
  const keyOne = randomEncryptionKey('k1');
  const keyTwo = randomEncryptionKey('k2');
  const fingerprintKey = randomBytes(32).toString('base64');
  const logs = new LogCapture();
  const responses: RecordedResponse[] = [];
  const secrets: string[] = [keyOne.split(':')[1], keyTwo.split(':')[1], fingerprintKey];
  let identities: TestIdentities;
  let admin: Credential;
  let harness: TenantServiceHarness;
  let schema: string;
  let keyPrefix: string;
  let a: TenantFixture;
  let b: TenantFixture;

  /** (Re)starts the same deployment (schema, Redis prefix) with another key configuration. */
  async function deploy(keys: string, activeKeyId: string): Promise<void> {
    await harness?.stop();
    harness = await TenantServiceHarness.start({
      label: 'key-rotation',
      identities,
      schema,
      keyPrefix,
      logs,
      responses,
      env: {
        TENANT_ENCRYPTION_KEYS: keys,
        TENANT_ENCRYPTION_ACTIVE_KEY_ID: activeKeyId,
        TENANT_FINGERPRINT_KEY: fingerprintKey,
      },
    });
    schema = harness.schema;
    keyPrefix = harness.keyPrefix;
  }

  async function readAllSecrets(fixture: TenantFixture) {
    const auth = await identities.service(SERVICES.AUTH.name);
    const webhook = await identities.service(SERVICES.GENESYS_WEBHOOK.name);
    const token = await harness.request<{ accessToken: string }>(
      'GET',
      `/internal/phone-numbers/${fixture.number.phoneNumberId}/access-token`,
      { as: auth, carries: [fixture.secrets.accessToken] },
    );
    const oauth = await harness.request<{ clientSecret: string }>(
      'GET',
      `/internal/integrations/${fixture.integration.integrationId}/oauth-credentials`,
      { as: auth, carries: [fixture.secrets.clientSecret] },
    );
    const hook = await harness.request<{ secret: string }>(
      'GET',
      `/internal/integrations/${fixture.integration.integrationId}/webhook-secret`,
      { as: webhook, carries: [fixture.secrets.webhookSecret] },
    );
    return [token.body.accessToken, oauth.body.clientSecret, hook.body.secret];
  }

  const status = async () =>
    (await harness.request<EncryptionStatusView>('GET', '/admin/encryption', { as: admin })).body;

  beforeAll(async () => {
    identities = await TestIdentities.create();
    admin = await identities.platformAdmin('root-rotation');
    await deploy(keyOne, 'k1');
    a = await createTenantFixture(harness, admin, 'a');
    b = await createTenantFixture(harness, admin, 'b');
    secrets.push(...fixtureSecrets([a, b]), ...configSecrets(harness));
  });

  afterAll(() => harness.destroy());

  it('encrypts with the active key and reports what each key encrypts', async () => {
    expect(await status()).toEqual({
      activeKeyId: 'k1',
      configuredKeyIds: ['k1'],
      ciphertexts: [
        { field: 'phone_numbers.access_token', keyId: 'k1', count: 2, configured: true },
        { field: 'genesys_integrations.client_secret', keyId: 'k1', count: 2, configured: true },
        { field: 'genesys_integrations.webhook_secret', keyId: 'k1', count: 2, configured: true },
      ],
    });
  });

  it('still decrypts old secrets after a new key becomes active, and encrypts new ones with it', async () => {
    await deploy(`${keyOne},${keyTwo}`, 'k2');
    const newToken = randomSecret('rotated-token');
    secrets.push(newToken);

    const before = await readAllSecrets(a);
    await harness.request('PATCH', `/tenants/${b.tenant.id}/phone-numbers/${b.number.id}`, {
      as: admin,
      json: { accessToken: newToken },
    });
    const current = await status();

    expect(before).toEqual([a.secrets.accessToken, a.secrets.clientSecret, a.secrets.webhookSecret]);
    expect(current.ciphertexts).toEqual(
      expect.arrayContaining([
        { field: 'phone_numbers.access_token', keyId: 'k1', count: 1, configured: true },
        { field: 'phone_numbers.access_token', keyId: 'k2', count: 1, configured: true },
      ]),
    );
    b = { ...b, secrets: { ...b.secrets, accessToken: newToken } };
  });

  it('moves every secret to the active key, keeping the fingerprints, and audits it', async () => {
    const fingerprintBefore = (
      await harness.request<PhoneNumberView>('GET', `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}`, {
        as: admin,
      })
    ).body.accessToken?.fingerprint;

    const result = await harness.request<ReEncryptionResultView>('POST', '/admin/encryption/re-encrypt', {
      as: admin,
    });
    const again = await harness.request<ReEncryptionResultView>('POST', '/admin/encryption/re-encrypt', {
      as: admin,
    });
    const fingerprintAfter = (
      await harness.request<PhoneNumberView>('GET', `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}`, {
        as: admin,
      })
    ).body.accessToken?.fingerprint;
    const trail = await harness.request<AuditPageView>('GET', '/audit?limit=2', { as: admin });

    expect(result.body).toMatchObject({ activeKeyId: 'k2', reEncrypted: 5, failures: [] });
    expect(result.body.status.ciphertexts.map((entry) => entry.keyId)).toEqual(['k2', 'k2', 'k2']);
    expect(again.body.reEncrypted).toBe(0);
    expect(fingerprintAfter).toBe(fingerprintBefore);
    expect(trail.body.items[0]).toMatchObject({
      tenantId: null,
      action: 'encryption.re-encrypted',
      actor: { kind: 'user', id: 'root-rotation' },
    });
  });

  it('reads everything once the old key is removed from the configuration', async () => {
    await deploy(keyTwo, 'k2');

    expect(await readAllSecrets(a)).toEqual([
      a.secrets.accessToken,
      a.secrets.clientSecret,
      a.secrets.webhookSecret,
    ]);
    expect(await readAllSecrets(b)).toEqual([
      b.secrets.accessToken,
      b.secrets.clientSecret,
      b.secrets.webhookSecret,
    ]);
    expect((await status()).configuredKeyIds).toEqual(['k2']);
  });

  it('reports secrets whose key is gone instead of failing the whole run', async () => {
    await deploy(keyOne, 'k1');
    const result = await harness.request<ReEncryptionResultView>('POST', '/admin/encryption/re-encrypt', {
      as: admin,
    });
    const unreadable = await harness.request(
      'GET',
      `/internal/phone-numbers/${a.number.phoneNumberId}/access-token`,
      { as: await identities.service(SERVICES.AUTH.name) },
    );

    expect(result.status).toBe(200);
    expect(result.body.reEncrypted).toBe(0);
    expect(result.body.failures).toHaveLength(6);
    expect(result.body.failures[0].reason).toMatch(/key "k2" is not configured/);
    expect(result.body.status.ciphertexts.every((entry) => entry.keyId === 'k2' && !entry.configured)).toBe(
      true,
    );
    expect(unreadable.status).toBe(500);
  });

  it('never put a secret into any answer (but the credential routes, their own) or into a log line', () => {
    expect(findLeaks(secrets, responses, logs.text())).toEqual([]);
  });
});
