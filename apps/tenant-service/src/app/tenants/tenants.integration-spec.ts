import { randomUUID } from 'node:crypto';
import { SERVICES } from '@switchboard/shared-contracts';
import type { AuditPageView } from '../audit/audit.dto';
import type { IntegrationView } from '../integrations/integrations.dto';
import type { PhoneNumberView } from '../phone-numbers/phone-numbers.dto';
import {
  configSecrets,
  createNumber,
  createTenant,
  createTenantFixture,
  fixtureSecrets,
  randomSecret,
  type TenantFixture,
} from '../../testing/fixtures.util';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { TenantServiceHarness, findLeaks } from '../../testing/tenant-service-harness.util';
import type { TenantListView, TenantView } from './tenants.dto';
import { TenantsService } from './tenants.service';

describe(TenantsService.name, () => {
  let harness: TenantServiceHarness;
  let identities: TestIdentities;
  let admin: Credential;
  let a: TenantFixture;
  let b: TenantFixture;
  const secrets: string[] = [];

  beforeAll(async () => {
    identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({ label: 'tenants', identities });
    admin = await identities.platformAdmin('root-1');
    a = await createTenantFixture(harness, admin, 'a');
    b = await createTenantFixture(harness, admin, 'b');
    secrets.push(...fixtureSecrets([a, b]), ...configSecrets(harness));
  });

  afterAll(() => harness.destroy());

  describe('tenants', () => {
    it('creates a tenant, active by default, with validated settings', async () => {
      const response = await harness.request<TenantView>('POST', '/tenants', {
        as: admin,
        json: {
          name: 'Acme',
          genesysRegion: 'us-east-1',
          settings: { timezone: 'America/New_York', locale: 'en-US', tags: ['vip'] },
        },
      });

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        name: 'Acme',
        status: 'active',
        genesysRegion: 'us-east-1',
        settings: { timezone: 'America/New_York', locale: 'en-US', tags: ['vip'] },
      });
    });

    it.each([
      [
        'an unknown settings field',
        { settings: { colour: 'red' } },
        /settings.property colour should not exist/,
      ],
      ['an invalid time zone', { settings: { timezone: 'Mars/Olympus' } }, /timezone/],
      ['an idle time out of range', { settings: { conversationIdleMinutes: 1 } }, /conversationIdleMinutes/],
      ['an unknown region', { genesysRegion: 'moon-1' }, /genesysRegion/],
      ['an unknown status', { status: 'deleted' }, /status/],
    ])('refuses %s and names it', async (_label, override, message) => {
      const response = await harness.request<{ message: string[] }>('POST', '/tenants', {
        as: admin,
        json: { name: 'Invalid', genesysRegion: 'us-east-1', ...override },
      });

      expect(response.status).toBe(400);
      expect(response.body.message.join('; ')).toMatch(message);
    });

    it('lets a tenant-admin rename its tenant and replace its settings, but not change its status', async () => {
      const tenantAdmin = await identities.tenantAdmin(a.tenant.id);

      const renamed = await harness.request<TenantView>('PATCH', `/tenants/${a.tenant.id}`, {
        as: tenantAdmin,
        json: { settings: { welcomeMessage: 'Hello!' } },
      });
      const suspended = await harness.request('PATCH', `/tenants/${a.tenant.id}`, {
        as: tenantAdmin,
        json: { status: 'suspended' },
      });

      expect(renamed.status).toBe(200);
      expect(renamed.body.settings).toEqual({ welcomeMessage: 'Hello!' });
      expect(suspended.status).toBe(403);
    });

    it('lists every tenant to a platform-admin, filtered by status and paged', async () => {
      const suspended = await createTenant(harness, admin, 'To suspend');
      await harness.request('PATCH', `/tenants/${suspended.id}`, {
        as: admin,
        json: { status: 'suspended' },
      });

      const page = await harness.request<TenantListView>('GET', '/tenants?status=suspended&limit=1', {
        as: admin,
      });
      const all = await harness.request<TenantListView>('GET', '/tenants?limit=200', { as: admin });

      expect(page.body).toMatchObject({ total: 1, limit: 1, offset: 0 });
      expect(page.body.items.map((tenant) => tenant.id)).toEqual([suspended.id]);
      expect(all.body.items.map((tenant) => tenant.id)).toEqual(
        expect.arrayContaining([a.tenant.id, b.tenant.id]),
      );
    });

    it('deletes a tenant with its numbers, integrations and API keys, and keeps its audit trail', async () => {
      const doomed = await createTenantFixture(harness, admin, 'doomed');
      secrets.push(...fixtureSecrets([doomed]));
      const lookupService = await identities.service(SERVICES.WHATSAPP_WEBHOOK.name);
      await harness.request('GET', `/internal/lookup/phone-number/${doomed.number.phoneNumberId}`, {
        as: lookupService,
      });

      const deleted = await harness.request('DELETE', `/tenants/${doomed.tenant.id}`, { as: admin });
      const lookup = await harness.request(
        'GET',
        `/internal/lookup/phone-number/${doomed.number.phoneNumberId}`,
        {
          as: lookupService,
        },
      );
      const keyUse = await harness.request('GET', `/tenants/${doomed.tenant.id}`, {
        as: { apiKey: doomed.apiKey.key },
      });
      const trail = await harness.request<AuditPageView>('GET', `/audit?tenantId=${doomed.tenant.id}`, {
        as: admin,
      });

      expect(deleted.status).toBe(204);
      expect(lookup.status).toBe(404);
      expect(keyUse.status).toBe(401);
      expect(trail.body.items.map((entry) => entry.action)).toEqual([
        'tenant.deleted',
        'api-key.created',
        'integration.created',
        'phone-number.created',
        'tenant.created',
      ]);
    });
  });

  describe('phone numbers and integrations', () => {
    it('refuses a phone_number_id another tenant holds with 409, without naming that tenant', async () => {
      const response = await harness.request('POST', `/tenants/${b.tenant.id}/phone-numbers`, {
        as: admin,
        json: { phoneNumberId: a.number.phoneNumberId, wabaId: '1' },
      });

      expect(response.status).toBe(409);
      expect(a.markers.filter((marker) => response.text.includes(marker))).toEqual([]);
    });

    it('lets only a platform admin record a number or an integration id by hand (tenants prove them by onboarding)', async () => {
      const tenantAdminOfB = await identities.tenantAdmin(b.tenant.id);
      const number = await createNumber(harness, admin, b.tenant.id);

      const claimedNumber = await harness.request('POST', `/tenants/${b.tenant.id}/phone-numbers`, {
        as: tenantAdminOfB,
        json: { phoneNumberId: '109999999999999', wabaId: '1' },
      });
      const claimedIntegration = await harness.request(
        'POST',
        `/tenants/${b.tenant.id}/phone-numbers/${number.id}/integration`,
        {
          as: tenantAdminOfB,
          json: {
            integrationId: randomUUID(),
            clientId: 'c',
            clientSecret: 'x',
            webhookSecret: 'sixteen-chars!!!',
          },
        },
      );
      const movedIntegration = await harness.request(
        'PATCH',
        `/tenants/${b.tenant.id}/phone-numbers/${b.number.id}/integration`,
        { as: tenantAdminOfB, json: { integrationId: randomUUID() } },
      );

      expect(claimedNumber.status).toBe(403);
      expect(claimedIntegration.status).toBe(403);
      expect(movedIntegration.status).toBe(403);
      expect(movedIntegration.text).toMatch(/use onboarding/);
    });

    it.each([79, 1001, 80.5])('refuses a throughput tier of %s', async (throughputTier) => {
      const response = await harness.request(
        'PATCH',
        `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}`,
        {
          as: admin,
          json: { throughputTier },
        },
      );

      expect(response.status).toBe(400);
    });

    it('refuses a webhook secret of 15 characters and accepts one of 16', async () => {
      const number = await createNumber(harness, admin, a.tenant.id);
      const body = { integrationId: `int-${number.id}`, clientId: 'c', clientSecret: 'x' };

      const short = await harness.request(
        'POST',
        `/tenants/${a.tenant.id}/phone-numbers/${number.id}/integration`,
        {
          as: admin,
          json: { ...body, webhookSecret: 'fifteen-chars!!' },
        },
      );
      const long = await harness.request(
        'POST',
        `/tenants/${a.tenant.id}/phone-numbers/${number.id}/integration`,
        {
          as: admin,
          json: { ...body, webhookSecret: 'sixteen-chars!!!' },
        },
      );
      secrets.push('sixteen-chars!!!');

      expect(short.status).toBe(400);
      expect(long.status).toBe(201);
    });

    it('refuses a second integration for a number and an integration id another number holds', async () => {
      const number = await createNumber(harness, admin, b.tenant.id);
      const json = { clientId: 'c', clientSecret: 'client-secret-x', webhookSecret: randomSecret('w') };
      secrets.push(json.webhookSecret, json.clientSecret);

      const second = await harness.request(
        'POST',
        `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}/integration`,
        {
          as: admin,
          json: { ...json, integrationId: 'another-id' },
        },
      );
      const taken = await harness.request(
        'POST',
        `/tenants/${b.tenant.id}/phone-numbers/${number.id}/integration`,
        {
          as: admin,
          json: { ...json, integrationId: a.integration.integrationId },
        },
      );

      expect(second.status).toBe(409);
      expect(taken.status).toBe(409);
    });
  });

  describe('secrets', () => {
    it('shows a secret as a fingerprint and the time it was set, never its value', async () => {
      const number = await harness.request<PhoneNumberView>(
        'GET',
        `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}`,
        { as: admin },
      );
      const integration = await harness.request<IntegrationView>(
        'GET',
        `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}/integration`,
        { as: admin },
      );

      expect(number.body.accessToken).toEqual({
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        setAt: expect.any(String),
      });
      expect(integration.body.clientSecret).toEqual({
        fingerprint: expect.any(String),
        setAt: expect.any(String),
      });
      expect(integration.body.webhookSecret).toEqual({
        fingerprint: expect.any(String),
        setAt: expect.any(String),
      });
      expect(number.text).not.toContain(a.secrets.accessToken);
      expect(integration.text).not.toContain(a.secrets.clientSecret);
      expect(integration.text).not.toContain(a.secrets.webhookSecret);
    });

    it('gives the same secret the same fingerprint and another secret another one', async () => {
      const sameValue = await createNumber(harness, admin, b.tenant.id, {
        accessToken: a.secrets.accessToken,
      });
      const replacement = randomSecret('replacement-token');
      secrets.push(replacement);
      const replaced = await harness.request<PhoneNumberView>(
        'PATCH',
        `/tenants/${b.tenant.id}/phone-numbers/${sameValue.id}`,
        { as: admin, json: { accessToken: replacement } },
      );

      expect(sameValue.accessToken?.fingerprint).toBe(a.number.accessToken?.fingerprint);
      expect(replaced.body.accessToken?.fingerprint).not.toBe(a.number.accessToken?.fingerprint);
    });

    it('keeps only AES-GCM envelopes of the active key in the database, no plaintext anywhere in the row', async () => {
      const [number] = await harness.transactions.inTenant(a.tenant.id, (tx) =>
        tx.manager.query(
          `SELECT row_to_json(p)::text AS row, access_token_ciphertext FROM phone_numbers p WHERE id = $1`,
          [a.number.id],
        ),
      );
      const [integration] = await harness.transactions.inTenant(a.tenant.id, (tx) =>
        tx.manager.query(`SELECT row_to_json(g)::text AS row FROM genesys_integrations g WHERE id = $1`, [
          a.integration.id,
        ]),
      );

      expect(number.access_token_ciphertext).toMatch(
        /^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/,
      );
      expect(number.row).not.toContain(a.secrets.accessToken);
      expect(integration.row).not.toContain(a.secrets.clientSecret);
      expect(integration.row).not.toContain(a.secrets.webhookSecret);
    });

    it('serves each secret decrypted to its one internal caller', async () => {
      const auth = await identities.service(SERVICES.AUTH.name);
      const oauth = await harness.request(
        'GET',
        `/internal/integrations/${a.integration.integrationId}/oauth-credentials`,
        {
          as: auth,
          carries: [a.secrets.clientSecret],
        },
      );
      const token = await harness.request(
        'GET',
        `/internal/phone-numbers/${a.number.phoneNumberId}/access-token`,
        {
          as: auth,
          carries: [a.secrets.accessToken],
        },
      );

      expect(oauth.body).toEqual({
        tenantId: a.tenant.id,
        region: 'eu-central-1',
        clientId: a.integration.clientId,
        clientSecret: a.secrets.clientSecret,
      });
      expect(token.body).toEqual({ tenantId: a.tenant.id, accessToken: a.secrets.accessToken });
      expect(token.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses a tampered ciphertext and one moved to another row, naming neither secret', async () => {
      const victim = await createTenantFixture(harness, admin, 'victim');
      secrets.push(...fixtureSecrets([victim]));
      const auth = await identities.service(SERVICES.AUTH.name);
      // One bit of the ciphertext flipped (on the decoded bytes: a base64 character may hold unused bits).
      await harness.transactions.inTenant(victim.tenant.id, async (tx) => {
        const [row] = await tx.manager.query(
          `SELECT access_token_ciphertext AS c FROM phone_numbers WHERE id = $1`,
          [victim.number.id],
        );
        const parts = (row.c as string).split(':');
        const bytes = Buffer.from(parts[4], 'base64url');
        bytes[0] ^= 0x01;
        parts[4] = bytes.toString('base64url');
        await tx.manager.query(`UPDATE phone_numbers SET access_token_ciphertext = $2 WHERE id = $1`, [
          victim.number.id,
          parts.join(':'),
        ]);
      });
      // B's client secret ciphertext, copied into the victim's integration row.
      await harness.transactions.asPlatform((tx) =>
        tx.manager.query(
          `UPDATE genesys_integrations SET client_secret_ciphertext = (SELECT client_secret_ciphertext FROM genesys_integrations WHERE id = $2) WHERE id = $1`,
          [victim.integration.id, b.integration.id],
        ),
      );

      const tampered = await harness.request(
        'GET',
        `/internal/phone-numbers/${victim.number.phoneNumberId}/access-token`,
        {
          as: auth,
        },
      );
      const moved = await harness.request(
        'GET',
        `/internal/integrations/${victim.integration.integrationId}/oauth-credentials`,
        {
          as: auth,
        },
      );

      expect(tampered.status).toBe(500);
      expect(tampered.body).toEqual(
        expect.objectContaining({ message: 'a stored secret failed its integrity check' }),
      );
      expect(moved.status).toBe(500);
      expect(moved.text).not.toContain(b.secrets.clientSecret);
      expect(harness.logs.text()).toContain(
        `genesys_integrations.client_secret of row ${victim.integration.id}`,
      );
    });
  });

  describe('audit log', () => {
    it('records who changed what, with fingerprints instead of secret values', async () => {
      const tenantAdmin = await identities.tenantAdmin(a.tenant.id, 'alice');
      const newToken = randomSecret('audited-token');
      secrets.push(newToken);
      await harness.request('PATCH', `/tenants/${a.tenant.id}/phone-numbers/${a.number.id}`, {
        as: tenantAdmin,
        json: { accessToken: newToken, throughputTier: 250 },
      });

      const trail = await harness.request<AuditPageView>('GET', `/tenants/${a.tenant.id}/audit?limit=1`, {
        as: tenantAdmin,
      });
      const [entry] = trail.body.items;

      expect(entry).toMatchObject({
        tenantId: a.tenant.id,
        actor: { kind: 'user', id: 'alice', role: 'tenant-admin' },
        action: 'phone-number.updated',
        entityType: 'phone-number',
        entityId: a.number.id,
        before: { throughputTier: expect.any(Number), accessToken: { fingerprint: expect.any(String) } },
        after: {
          throughputTier: 250,
          accessToken: { fingerprint: expect.any(String), setAt: expect.any(String) },
        },
        correlationId: expect.any(String),
      });
      expect(JSON.stringify(entry)).not.toContain(newToken);
    });

    it('records API keys acting as such', async () => {
      await harness.request('PATCH', `/tenants/${a.tenant.id}`, {
        as: { apiKey: a.apiKey.key },
        json: { settings: { locale: 'de-DE' } },
      });

      const trail = await harness.request<AuditPageView>('GET', `/tenants/${a.tenant.id}/audit?limit=1`, {
        as: admin,
      });

      expect(trail.body.items[0]).toMatchObject({
        action: 'tenant.updated',
        actor: { kind: 'api-key', id: a.apiKey.id, role: 'tenant-admin' },
        before: { settings: { welcomeMessage: 'Hello!' } },
        after: { settings: { locale: 'de-DE' } },
      });
    });

    it("shows a tenant-admin its own tenant's trail only", async () => {
      const own = await harness.request<AuditPageView>('GET', `/tenants/${a.tenant.id}/audit?limit=200`, {
        as: await identities.tenantAdmin(a.tenant.id),
      });
      const foreign = await harness.request('GET', `/tenants/${a.tenant.id}/audit`, {
        as: await identities.tenantAdmin(b.tenant.id),
      });

      expect(own.body.items.length).toBeGreaterThan(3);
      expect(new Set(own.body.items.map((entry) => entry.tenantId))).toEqual(new Set([a.tenant.id]));
      expect(foreign.status).toBe(404);
      expect(a.markers.filter((marker) => foreign.text.includes(marker))).toEqual([]);
    });

    it('pages through the trail, newest first', async () => {
      const first = await harness.request<AuditPageView>('GET', `/tenants/${a.tenant.id}/audit?limit=2`, {
        as: admin,
      });
      const second = await harness.request<AuditPageView>(
        'GET',
        `/tenants/${a.tenant.id}/audit?limit=2&before=${first.body.nextBefore}`,
        { as: admin },
      );
      const ids = [...first.body.items, ...second.body.items].map((entry) => Number(entry.id));

      expect(ids).toHaveLength(4);
      expect([...ids].sort((x, y) => y - x)).toEqual(ids);
      expect(new Set(ids).size).toBe(4);
    });
  });

  it('never put a secret into any answer (but the credential routes, their own) or into a log line', () => {
    expect(harness.logs.lines().length).toBeGreaterThan(20);
    expect(findLeaks(secrets, harness.responses, harness.logs.text())).toEqual([]);
  });
});
