import { SERVICES } from '@switchboard/shared-contracts';
import { createHash } from 'node:crypto';
import {
  configSecrets,
  createApiKey,
  createTenantFixture,
  fixtureSecrets,
  type TenantFixture,
} from '../../testing/fixtures.util';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { TenantServiceHarness, findLeaks } from '../../testing/tenant-service-harness.util';
import type { ApiKeyListView, ApiKeyView, CreatedApiKeyView, RotatedApiKeyView } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(ApiKeysService.name, () => {
  let harness: TenantServiceHarness;
  let identities: TestIdentities;
  let admin: Credential;
  let tenantAdmin: Credential;
  let a: TenantFixture;
  let b: TenantFixture;
  const secrets: string[] = [];

  beforeAll(async () => {
    identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({ label: 'api-keys', identities });
    admin = await identities.platformAdmin();
    a = await createTenantFixture(harness, admin, 'a');
    b = await createTenantFixture(harness, admin, 'b');
    tenantAdmin = await identities.tenantAdmin(a.tenant.id, 'alice');
    secrets.push(...fixtureSecrets([a, b]), ...configSecrets(harness));
  });

  afterAll(() => harness.destroy());

  const issue = async (name = 'key'): Promise<CreatedApiKeyView> => {
    const created = await createApiKey(harness, tenantAdmin, a.tenant.id, name);
    secrets.push(created.key);
    return created;
  };
  const verify = async (key: string, service = SERVICES.API_GATEWAY.name) =>
    harness.request('POST', '/internal/api-keys/verify', {
      as: await identities.service(service),
      json: { key },
    });
  const useKey = (key: string, tenantId = a.tenant.id) =>
    harness.request('GET', `/tenants/${tenantId}`, { as: { apiKey: key } });
  const list = async () =>
    (await harness.request<ApiKeyListView>('GET', `/tenants/${a.tenant.id}/api-keys`, { as: tenantAdmin }))
      .body.items;

  it('shows a new key once, as sb_<prefix>_<random>, and lists it without the secret', async () => {
    const created = await issue('CRM');
    const listed = (await list()).find((key) => key.id === created.id) as ApiKeyView;

    expect(created.key).toMatch(/^sb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`sb_${created.prefix}_`)).toBe(true);
    expect(created).toMatchObject({
      name: 'CRM',
      status: 'active',
      createdBy: { kind: 'user', id: 'alice' },
    });
    expect(listed).toEqual({ ...created, key: undefined, lastUsedAt: null });
    expect(JSON.stringify(await list())).not.toContain(created.key);
  });

  it('stores only the SHA-256 of the key', async () => {
    const created = await issue();
    const [row] = await harness.transactions.inTenant(a.tenant.id, (tx) =>
      tx.manager.query(`SELECT row_to_json(k)::text AS row, key_hash FROM api_keys k WHERE id = $1`, [
        created.id,
      ]),
    );

    expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(row.row).not.toContain(created.key.split('_')[2]);
  });

  it('acts as tenant-admin of its own tenant only, and records when it was last used', async () => {
    const created = await issue();

    const own = await useKey(created.key);
    const foreign = await useKey(created.key, b.tenant.id);
    const listed = (await list()).find((key) => key.id === created.id);

    expect(own.status).toBe(200);
    expect(foreign.status).toBe(404);
    expect(b.markers.filter((marker) => foreign.text.includes(marker))).toEqual([]);
    expect(listed?.lastUsedAt).toEqual(expect.any(String));
  });

  it('resolves a key to its principal for other services, and answers 404 for a wrong one', async () => {
    const created = await issue();
    const tampered = `${created.key.slice(0, -1)}${created.key.endsWith('A') ? 'B' : 'A'}`;

    const known = await verify(created.key);
    const wrongSecret = await verify(tampered);
    const malformed = await verify('sb_live_whatever');

    expect(known.status).toBe(200);
    expect(known.body).toEqual({
      kind: 'api-key',
      keyId: created.id,
      tenantId: a.tenant.id,
      role: 'tenant-admin',
    });
    expect(wrongSecret.status).toBe(404);
    expect(malformed.status).toBe(404);
  });

  it('refuses an unknown or malformed key with 401', async () => {
    const unknown = await useKey(`sb_0123456789abcdef_${'x'.repeat(43)}`);
    const malformed = await useKey('not-a-key');

    expect(unknown.status).toBe(401);
    expect(malformed.status).toBe(401);
  });

  it('keeps the old key working during the overlap of a rotation, and refuses it afterwards', async () => {
    const old = await issue('rotating');

    const rotation = await harness.request<RotatedApiKeyView>(
      'POST',
      `/tenants/${a.tenant.id}/api-keys/${old.id}/rotate`,
      { as: tenantAdmin, json: { overlapSeconds: 2 } },
    );
    secrets.push(rotation.body.created.key);
    const duringOverlap = [(await useKey(old.key)).status, (await useKey(rotation.body.created.key)).status];
    await sleep(2100);
    const afterOverlap = [(await useKey(old.key)).status, (await useKey(rotation.body.created.key)).status];
    const listed = await list();

    expect(rotation.status).toBe(201);
    expect(rotation.body.created).toMatchObject({ name: 'rotating', status: 'active' });
    expect(rotation.body.previous).toMatchObject({ id: old.id, replacedById: rotation.body.created.id });
    expect(duringOverlap).toEqual([200, 200]);
    expect(afterOverlap).toEqual([401, 200]);
    expect(listed.find((key) => key.id === old.id)?.status).toBe('expired');
  });

  it('rotates a key only once, and only while it is active', async () => {
    const old = await issue();
    const rotate = (keyId: string) =>
      harness.request('POST', `/tenants/${a.tenant.id}/api-keys/${keyId}/rotate`, {
        as: tenantAdmin,
        json: { overlapSeconds: 60 },
      });

    const first = await rotate(old.id);
    secrets.push((first.body as unknown as RotatedApiKeyView).created.key);
    const second = await rotate(old.id);
    const tooLong = await harness.request('POST', `/tenants/${a.tenant.id}/api-keys/${old.id}/rotate`, {
      as: tenantAdmin,
      json: { overlapSeconds: 400 * 86_400 },
    });

    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(tooLong.status).toBe(400);
  });

  it('revokes a key at once', async () => {
    const created = await issue();
    await useKey(created.key);

    const revoked = await harness.request<ApiKeyView>(
      'POST',
      `/tenants/${a.tenant.id}/api-keys/${created.id}/revoke`,
      {
        as: tenantAdmin,
      },
    );
    const after = await useKey(created.key);
    const verified = await verify(created.key);

    expect(revoked.body).toMatchObject({ id: created.id, status: 'revoked', revokedAt: expect.any(String) });
    expect(after.status).toBe(401);
    expect(verified.status).toBe(404);
  });

  it('refuses an expired key', async () => {
    const created = await issue();
    await harness.transactions.inTenant(a.tenant.id, (tx) =>
      tx.manager.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        created.id,
      ]),
    );

    expect((await useKey(created.key)).status).toBe(401);
    expect((await list()).find((key) => key.id === created.id)?.status).toBe('expired');
  });

  it('refuses the keys of a suspended tenant until it is active again', async () => {
    const created = await issue();
    await harness.request('PATCH', `/tenants/${a.tenant.id}`, { as: admin, json: { status: 'suspended' } });
    const suspended = await useKey(created.key);
    await harness.request('PATCH', `/tenants/${a.tenant.id}`, { as: admin, json: { status: 'active' } });
    const active = await useKey(created.key);

    expect(suspended.status).toBe(401);
    expect(active.status).toBe(200);
  });

  it('lets no API key create or rotate keys, so that a leaked key cannot perpetuate itself', async () => {
    const create = await harness.request('POST', `/tenants/${a.tenant.id}/api-keys`, {
      as: { apiKey: a.apiKey.key },
      json: { name: 'sneaky' },
    });
    const rotate = await harness.request('POST', `/tenants/${a.tenant.id}/api-keys/${a.apiKey.id}/rotate`, {
      as: { apiKey: a.apiKey.key },
      json: {},
    });

    expect(create.status).toBe(403);
    expect(rotate.status).toBe(403);
  });

  it('audits creation, rotation and revocation without the key', async () => {
    const trail = await harness.request<{ items: { action: string; after: object }[] }>(
      'GET',
      `/tenants/${a.tenant.id}/audit?limit=200`,
      { as: tenantAdmin },
    );
    const actions = new Set(trail.body.items.map((entry) => entry.action));

    expect([...actions]).toEqual(
      expect.arrayContaining(['api-key.created', 'api-key.rotated', 'api-key.revoked']),
    );
    expect(secrets.filter((secret) => trail.text.includes(secret))).toEqual([]);
  });

  it('never put a secret into any answer (but the one that created it) or into a log line', () => {
    expect(findLeaks(secrets, harness.responses, harness.logs.text())).toEqual([]);
  });
});
