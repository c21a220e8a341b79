import { SERVICES } from '@switchboard/shared-contracts';
import {
  configSecrets,
  createTenantFixture,
  fixtureSecrets,
  randomMetaId,
  type TenantFixture,
} from '../../testing/fixtures.util';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { TenantServiceHarness, findLeaks } from '../../testing/tenant-service-harness.util';
import { LookupCache, valueKey } from './lookup-cache.service';
import type { TenantLookupView } from './lookups.dto';
import { LookupsService } from './lookups.service';

describe(LookupsService.name, () => {
  let harness: TenantServiceHarness;
  let identities: TestIdentities;
  let admin: Credential;
  let phoneCaller: Credential;
  let integrationCaller: Credential;
  let a: TenantFixture;
  let b: TenantFixture;
  const secrets: string[] = [];

  beforeAll(async () => {
    identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({ label: 'lookups', identities });
    admin = await identities.platformAdmin();
    phoneCaller = await identities.service(SERVICES.WHATSAPP_WEBHOOK.name);
    integrationCaller = await identities.service(SERVICES.GENESYS_WEBHOOK.name);
    a = await createTenantFixture(harness, admin, 'a');
    b = await createTenantFixture(harness, admin, 'b');
    secrets.push(...fixtureSecrets([a, b]), ...configSecrets(harness));
  });

  afterAll(() => harness.destroy());

  const byPhone = (phoneNumberId: string) =>
    harness.request<TenantLookupView>('GET', `/internal/lookup/phone-number/${phoneNumberId}`, {
      as: phoneCaller,
    });
  const byIntegration = (integrationId: string) =>
    harness.request<TenantLookupView>('GET', `/internal/lookup/integration/${integrationId}`, {
      as: integrationCaller,
    });
  const cached = async (kind: 'phone-number' | 'integration', id: string) => {
    const raw = await harness.redis.get(valueKey(kind, id));
    return raw === null ? null : (JSON.parse(raw) as { found: boolean; value?: TenantLookupView });
  };

  it('resolves a phone_number_id and an integration id to the tenant, the number and the integration', async () => {
    const expected = {
      tenantId: a.tenant.id,
      tenantStatus: 'active',
      numberId: a.number.id,
      phoneNumberId: a.number.phoneNumberId,
      displayNumber: a.number.displayNumber,
      wabaId: a.number.wabaId,
      throughputTier: 80,
      integrationId: a.integration.integrationId,
      genesysRegion: 'eu-central-1',
    };

    const phone = await byPhone(a.number.phoneNumberId);
    const integration = await byIntegration(a.integration.integrationId);

    expect(phone.body).toEqual(expected);
    expect(integration.body).toEqual(expected);
  });

  it('answers 404 for an unknown id and for something that is not an id', async () => {
    expect((await byPhone(randomMetaId())).status).toBe(404);
    expect((await byPhone('not-digits')).status).toBe(404);
    expect((await byIntegration('no.such.integration')).status).toBe(404);
  });

  it('serves a repeated lookup from Redis (cache-aside), without touching PostgreSQL', async () => {
    await byPhone(b.number.phoneNumberId);
    // Behind the service's back: only an invalidation would make the lookup see this.
    await harness.transactions.inTenant(b.tenant.id, (tx) =>
      tx.manager.query(`UPDATE phone_numbers SET throughput_tier = 999 WHERE id = $1`, [b.number.id]),
    );

    const second = await byPhone(b.number.phoneNumberId);

    expect(await cached('phone-number', b.number.phoneNumberId)).toEqual({ found: true, value: second.body });
    expect(second.body.throughputTier).toBe(80);
  });

  it('drops the cached lookups when the number changes through the API', async () => {
    await byPhone(a.number.phoneNumberId);
    await byIntegration(a.integration.integrationId);

    await harness.request('PATCH', `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}`, {
      as: admin,
      json: { throughputTier: 500, displayNumber: '15550001111' },
    });

    expect((await byPhone(a.number.phoneNumberId)).body).toMatchObject({
      throughputTier: 500,
      displayNumber: '15550001111',
    });
    expect((await byIntegration(a.integration.integrationId)).body).toMatchObject({ throughputTier: 500 });
  });

  it("drops the cached lookups of all the tenant's numbers when its status or region changes", async () => {
    await byPhone(a.number.phoneNumberId);
    await byIntegration(a.integration.integrationId);

    await harness.request('PATCH', `/tenants/${a.tenant.id}`, {
      as: admin,
      json: { status: 'suspended', genesysRegion: 'eu-west-1' },
    });
    const phone = await byPhone(a.number.phoneNumberId);
    const integration = await byIntegration(a.integration.integrationId);
    await harness.request('PATCH', `/tenants/${a.tenant.id}`, {
      as: admin,
      json: { status: 'active', genesysRegion: 'eu-central-1' },
    });

    expect(phone.body).toMatchObject({ tenantStatus: 'suspended', genesysRegion: 'eu-west-1' });
    expect(integration.body).toMatchObject({ tenantStatus: 'suspended', genesysRegion: 'eu-west-1' });
    expect((await byPhone(a.number.phoneNumberId)).body.tenantStatus).toBe('active');
  });

  it('follows a change of integration id: the old id is unknown, the new one resolves', async () => {
    const fixture = await createTenantFixture(harness, admin, 'moving');
    secrets.push(...fixtureSecrets([fixture]));
    const oldId = fixture.integration.integrationId;
    await byIntegration(oldId);
    await byPhone(fixture.number.phoneNumberId);

    await harness.request(
      'PATCH',
      `/tenants/${fixture.tenant.id}/phone-numbers/${fixture.number.id}/integration`,
      {
        as: admin,
        json: { integrationId: `${oldId}-v2` },
      },
    );

    expect((await byIntegration(oldId)).status).toBe(404);
    expect((await byIntegration(`${oldId}-v2`)).body.numberId).toBe(fixture.number.id);
    expect((await byPhone(fixture.number.phoneNumberId)).body.integrationId).toBe(`${oldId}-v2`);
  });

  it('forgets a number and its integration once deleted', async () => {
    const fixture = await createTenantFixture(harness, admin, 'deleted');
    secrets.push(...fixtureSecrets([fixture]));
    await byPhone(fixture.number.phoneNumberId);
    await byIntegration(fixture.integration.integrationId);

    await harness.request('DELETE', `/tenants/${fixture.tenant.id}/phone-numbers/${fixture.number.id}`, {
      as: admin,
    });

    expect((await byPhone(fixture.number.phoneNumberId)).status).toBe(404);
    expect((await byIntegration(fixture.integration.integrationId)).status).toBe(404);
  });

  it('caches an unknown number briefly and forgets that as soon as the number is created', async () => {
    const phoneNumberId = randomMetaId();
    const unknown = await byPhone(phoneNumberId);
    const negative = await cached('phone-number', phoneNumberId);

    await harness.request('POST', `/tenants/${b.tenant.id}/phone-numbers`, {
      as: admin,
      json: { phoneNumberId, wabaId: '1' },
    });

    expect(unknown.status).toBe(404);
    expect(negative).toEqual({ found: false });
    expect((await byPhone(phoneNumberId)).body.tenantId).toBe(b.tenant.id);
  });

  it('does not store a value that a concurrent change invalidated while it was being read', async () => {
    const cache = harness.app.get(LookupCache);
    const id = randomMetaId();
    const stale = (await byPhone(a.number.phoneNumberId)).body;

    const returned = await cache.getOrLoad('phone-number', id, async () => {
      await cache.invalidate({ phoneNumberIds: [id] });
      return stale;
    });
    const storedAfterRace = await cached('phone-number', id);
    await cache.getOrLoad('phone-number', id, async () => stale);

    expect(returned).toEqual(stale);
    expect(storedAfterRace).toBeNull();
    expect(await cached('phone-number', id)).toEqual({ found: true, value: stale });
  });

  it('keeps no secret in Redis', async () => {
    const keys = await harness.redis.keys('*');
    const stripped = keys.map((key) => key.slice(harness.keyPrefix.length));
    const values = await Promise.all(
      stripped.filter((key) => key.startsWith('lookup:')).map((key) => harness.redis.get(key)),
    );

    expect(values.length).toBeGreaterThan(3);
    expect(secrets.filter((secret) => values.some((value) => value?.includes(secret)))).toEqual([]);
  });

  it('still answers from PostgreSQL, and still accepts changes, when Redis is unreachable', async () => {
    const withoutRedis = await TenantServiceHarness.start({
      label: 'lookups-no-redis',
      identities,
      schema: harness.schema,
      env: { REDIS_URL: 'redis://127.0.0.1:1/0' },
      logs: harness.logs,
      responses: harness.responses,
    });
    try {
      const lookup = await withoutRedis.request<TenantLookupView>(
        'GET',
        `/internal/lookup/phone-number/${b.number.phoneNumberId}`,
        { as: phoneCaller },
      );
      const change = await withoutRedis.request(
        'PATCH',
        `/tenants/${b.tenant.id}/phone-numbers/${b.number.id}`,
        {
          as: admin,
          json: { throughputTier: 300 },
        },
      );

      expect(lookup.status).toBe(200);
      expect(lookup.body.throughputTier).toBe(999);
      expect(change.status).toBe(200);
    } finally {
      await withoutRedis.stop();
    }
  });

  it('never put a secret into any answer (but the credential routes, their own) or into a log line', () => {
    expect(findLeaks(secrets, harness.responses, harness.logs.text())).toEqual([]);
  });
});
