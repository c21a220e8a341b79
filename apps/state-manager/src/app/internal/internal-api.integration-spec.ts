import {
  SERVICES,
  STATE_MANAGER_PATHS,
  conversationViewSchema,
  trackedMessageViewSchema,
  type GenesysCorrelation,
} from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import {
  correlationFor,
  numberFixture,
  randomDigits,
  randomWamid,
  type NumberFixture,
} from '../../testing/fixtures.util';
import { TestIdentities } from '../../testing/identities.util';
import { StateManagerHarness, eventually } from '../../testing/state-manager-harness.util';
import { ConversationEntity } from '../conversations/conversation.entity';
import { CorrelationService } from '../correlation/correlation.service';
import { customerLockKey } from '../locking/customer-lock.service';
import { TENANT_OWNED_TABLES } from '../persistence/persistence.constants';
import { STATE_MANAGER_CALLERS } from './internal-callers.constants';

interface RouteCase {
  readonly method: 'GET' | 'POST';
  /** The route template, as Nest and the OpenAPI document name it. */
  readonly template: string;
  readonly path: () => string;
  readonly body?: () => unknown;
}

describe('state-manager internal API', () => {
  let harness: StateManagerHarness;
  let identities: TestIdentities;
  let a: NumberFixture;
  let b: NumberFixture;
  let aCorrelation: GenesysCorrelation;

  beforeAll(async () => {
    identities = await TestIdentities.create();
    harness = await StateManagerHarness.start({ label: 'internal-api', identities });
    a = numberFixture();
    b = numberFixture();
    aCorrelation = correlationFor(a, randomDigits());
    await harness.app.get(CorrelationService).apply(a.tenantId, aCorrelation);
  });

  afterAll(() => harness.destroy());

  const ROUTES: RouteCase[] = [
    {
      method: 'GET',
      template: '/internal/tenants/:tenantId/conversations/active',
      path: () =>
        `${STATE_MANAGER_PATHS.activeConversation(a.tenantId)}?phoneNumberId=${a.phoneNumberId}&customerWaId=${aCorrelation.customerWaId}`,
    },
    {
      method: 'GET',
      template: '/internal/tenants/:tenantId/conversations/:conversationId',
      path: () => STATE_MANAGER_PATHS.conversation(a.tenantId, aCorrelation.conversationId),
    },
    {
      method: 'POST',
      template: '/internal/tenants/:tenantId/messages',
      path: () => STATE_MANAGER_PATHS.messages(a.tenantId),
      body: () => ({
        direction: 'outbound',
        whatsappMessageId: randomWamid(),
        genesysMessageId: randomUUID(),
        integrationId: a.integrationId,
        phoneNumberId: a.phoneNumberId,
        customerWaId: aCorrelation.customerWaId,
        at: new Date().toISOString(),
      }),
    },
    {
      method: 'GET',
      template: '/internal/tenants/:tenantId/messages/whatsapp/:whatsappMessageId',
      path: () => STATE_MANAGER_PATHS.messageByWhatsAppId(a.tenantId, aCorrelation.whatsappMessageId),
    },
    {
      method: 'GET',
      template: '/internal/tenants/:tenantId/messages/genesys/:genesysMessageId',
      path: () => STATE_MANAGER_PATHS.messageByGenesysId(a.tenantId, aCorrelation.genesysMessageId),
    },
    {
      method: 'POST',
      template: '/internal/tenants/:tenantId/messages/whatsapp/:whatsappMessageId/status',
      path: () => STATE_MANAGER_PATHS.messageStatus(a.tenantId, randomWamid()),
      body: () => ({ status: 'delivered', at: new Date().toISOString() }),
    },
    {
      method: 'POST',
      template: '/internal/tenants/:tenantId/customers/number-changes',
      path: () => STATE_MANAGER_PATHS.customerNumberChanges(a.tenantId),
      body: () => ({
        phoneNumberId: a.phoneNumberId,
        oldWaId: randomDigits(),
        newWaId: randomDigits(),
        at: new Date().toISOString(),
      }),
    },
  ];
  const call = (route: RouteCase, token?: string) =>
    harness.request(route.method, route.path(), { token, json: route.body?.() });

  describe('authentication', () => {
    it.each(ROUTES)('$method $template answers 401 without a token', async (route) => {
      expect((await call(route)).status).toBe(401);
    });

    it.each(ROUTES)(
      '$method $template answers 401 to a service token meant for another service',
      async (route) => {
        const token = await identities.serviceToken(SERVICES.INBOUND_TRANSFORMER.name, SERVICES.TENANT.name);

        expect((await call(route, token)).status).toBe(401);
      },
    );

    it.each(ROUTES)(
      '$method $template answers 403 to a service that is not a caller of state-manager',
      async (route) => {
        const token = await identities.serviceToken(SERVICES.GENESYS_WEBHOOK.name);

        const response = await call(route, token);

        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({
          message: 'internal route not open to genesys-webhook-service',
        });
      },
    );

    it.each(ROUTES)('$method $template answers 403 to a user, even an admin of the tenant', async (route) => {
      expect((await call(route, await identities.tenantAdminToken(a.tenantId))).status).toBe(403);
    });

    it.each(STATE_MANAGER_CALLERS)('lets %s in', async (caller) => {
      const token = await identities.serviceToken(caller);

      const statuses = await Promise.all(ROUTES.map(async (route) => (await call(route, token)).status));

      expect(statuses).toEqual([200, 200, 201, 200, 200, 404, 200]);
    });

    it('guards every route the service documents, and the matrix above lists them all', async () => {
      const response = await harness.request<{ paths: Record<string, Record<string, unknown>> }>(
        'GET',
        '/internal/openapi.json',
        { token: await identities.serviceToken(SERVICES.API_GATEWAY.name) },
      );
      const documented = Object.entries(response.body.paths)
        .filter(([path]) => path.startsWith('/internal/tenants/'))
        .flatMap(([path, operations]) =>
          Object.keys(operations).map(
            (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
          ),
        );

      expect(new Set(documented)).toEqual(
        new Set(ROUTES.map((route) => `${route.method} ${route.template}`)),
      );
    });
  });

  describe('validation', () => {
    let token: string;
    beforeAll(async () => {
      token = await identities.serviceToken(SERVICES.WHATSAPP_API.name);
    });

    it('answers 400 naming each invalid field of a body and the reason', async () => {
      const response = await harness.request<{ message: string[] }>(
        'POST',
        STATE_MANAGER_PATHS.messages(a.tenantId),
        {
          token,
          json: { direction: 'sideways', whatsappMessageId: 'wamid.x', at: 'later' },
        },
      );

      expect(response.status).toBe(400);
      expect(response.body.message).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^body\.direction: /),
          expect.stringMatching(/^body\.genesysMessageId: /),
          expect.stringMatching(/^body\.at: /),
        ]),
      );
    });

    it('answers 400 for a status WhatsApp does not send', async () => {
      const response = await harness.request<{ message: string[] }>(
        'POST',
        STATE_MANAGER_PATHS.messageStatus(a.tenantId, aCorrelation.whatsappMessageId),
        { token, json: { status: 'accepted', at: new Date().toISOString() } },
      );

      expect(response.status).toBe(400);
      expect(response.body.message).toEqual([expect.stringMatching(/^body\.status: /)]);
    });

    it('answers 400 for a tenant id that is not a UUID and for a missing query parameter', async () => {
      const badTenant = await harness.request<{ message: string[] }>(
        'GET',
        STATE_MANAGER_PATHS.conversation('not-a-tenant', aCorrelation.conversationId),
        { token },
      );
      const noCustomer = await harness.request<{ message: string[] }>(
        'GET',
        `${STATE_MANAGER_PATHS.activeConversation(a.tenantId)}?phoneNumberId=${a.phoneNumberId}`,
        { token },
      );

      expect(badTenant.status).toBe(400);
      expect(badTenant.body.message).toEqual(['tenantId: must be a UUID']);
      expect(noCustomer.status).toBe(400);
      expect(noCustomer.body.message).toEqual([expect.stringMatching(/^query\.customerWaId: /)]);
    });
  });

  describe('answers', () => {
    it('match the contract views exactly, with ISO times', async () => {
      const client = harness.client(SERVICES.OUTBOUND_TRANSFORMER.name);
      const correlation = correlationFor(a, randomDigits(), {
        acceptedAt: new Date(Date.now() + 1500).toISOString(),
      });
      await harness.app.get(CorrelationService).apply(a.tenantId, correlation);

      const active = await client.activeConversation(a.tenantId, a.phoneNumberId, correlation.customerWaId);
      const message = await client.messageByGenesysId(a.tenantId, correlation.genesysMessageId);

      expect(conversationViewSchema.strict().parse(active)).toEqual({
        id: expect.any(String),
        tenantId: a.tenantId,
        phoneNumberId: a.phoneNumberId,
        customerWaId: correlation.customerWaId,
        customerName: 'Ada Customer',
        integrationId: a.integrationId,
        conversationId: correlation.conversationId,
        status: 'active',
        lastInboundAt: new Date(correlation.messageTime).toISOString(),
        lastInboundMessageId: correlation.whatsappMessageId,
        lastActivityAt: new Date(correlation.acceptedAt).toISOString(),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      expect(trackedMessageViewSchema.strict().parse(message)).toMatchObject({
        tenantId: a.tenantId,
        direction: 'inbound',
        whatsappMessageId: correlation.whatsappMessageId,
        conversationId: correlation.conversationId,
        partIndex: 0,
        partCount: 1,
      });
    });
  });

  describe('logs', () => {
    it("carry the tenant of the path on the request's line", async () => {
      const path = STATE_MANAGER_PATHS.conversation(a.tenantId, randomUUID());
      await harness.request('GET', path, {
        token: await identities.serviceToken(SERVICES.AGENT_PORTAL.name),
      });

      const line = await eventually(
        async () =>
          harness
            .logs()
            .split('\n')
            .filter(Boolean)
            .map((text) => JSON.parse(text) as { tenantId?: string; req?: { url?: string } })
            .find((entry) => entry.req?.url === path),
        'the request log line',
      );
      expect(line.tenantId).toBe(a.tenantId);
    });
  });

  describe('tenant isolation', () => {
    it("does not show tenant A's conversation or message to tenant B's paths (404, as for unknown ids)", async () => {
      const client = harness.client(SERVICES.AGENT_PORTAL.name);

      expect(await client.conversation(b.tenantId, aCorrelation.conversationId)).toBeNull();
      expect(
        await client.activeConversation(b.tenantId, a.phoneNumberId, aCorrelation.customerWaId),
      ).toBeNull();
      expect(await client.messageByWhatsAppId(b.tenantId, aCorrelation.whatsappMessageId)).toBeNull();
      expect(await client.messageByGenesysId(b.tenantId, aCorrelation.genesysMessageId)).toBeNull();
      expect(
        await client.applyStatus(b.tenantId, aCorrelation.whatsappMessageId, {
          status: 'read',
          at: new Date().toISOString(),
        }),
      ).toBeNull();
      expect(await client.conversation(a.tenantId, aCorrelation.conversationId)).not.toBeNull();
    });

    it('connects as a role that is neither superuser nor exempt from RLS (or the tests below prove nothing)', async () => {
      const [role] = await harness.dataSource.query(
        `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
      );

      expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    });

    it('enables and forces RLS on every table, each with an index that starts with tenant_id', async () => {
      const tables: { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[] =
        await harness.dataSource.query(
          `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> 'typeorm_migrations' ORDER BY 1`,
          [harness.config.DATABASE_SCHEMA],
        );
      const tenantIndexed: { tablename: string }[] = await harness.dataSource.query(
        `SELECT DISTINCT tablename FROM pg_indexes
         WHERE schemaname = $1 AND indexdef ~ 'USING btree \\(tenant_id[,)]' ORDER BY 1`,
        [harness.config.DATABASE_SCHEMA],
      );

      expect(tables.map((table) => table.relname)).toEqual([...TENANT_OWNED_TABLES].sort());
      expect(tables.every((table) => table.relrowsecurity && table.relforcerowsecurity)).toBe(true);
      expect(tenantIndexed.map((row) => row.tablename)).toEqual([...TENANT_OWNED_TABLES].sort());
    });

    it.each(TENANT_OWNED_TABLES)('returns no rows of %s to a deliberately unscoped query', async (table) => {
      const unscoped: unknown[] = await harness.dataSource.query(`SELECT * FROM ${table}`);
      const scoped: unknown[] = await harness.transactions.inTenant(a.tenantId, (tx) =>
        tx.manager.query(`SELECT * FROM ${table}`),
      );

      expect(unscoped).toEqual([]);
      expect(scoped.length).toBeGreaterThan(0);
    });

    it("cannot change another tenant's rows, nor write one for it", async () => {
      await expect(
        harness.transactions.inTenant(b.tenantId, (tx) =>
          tx.manager.query(`UPDATE conversations SET tenant_id = $1`, [b.tenantId]),
        ),
      ).resolves.toEqual([[], 0]);
      await expect(
        harness.transactions.inTenant(b.tenantId, (tx) =>
          tx.manager.insert(ConversationEntity, {
            id: randomUUID(),
            tenantId: a.tenantId,
            phoneNumberId: a.phoneNumberId,
            customerWaId: randomDigits(),
            customerName: null,
            integrationId: a.integrationId,
            conversationId: randomUUID(),
            status: 'active',
            lastInboundAt: null,
            lastInboundMessageId: null,
            lastActivityAt: new Date(),
            createdAt: new Date(),
            updatedAt: new Date(),
            endedAt: null,
          }),
        ),
      ).rejects.toThrow(/row-level security/);
    });
  });

  describe('customer number change', () => {
    it('moves the conversations and messages of the old wa_id to the new one, once', async () => {
      const client = harness.client(SERVICES.INBOUND_TRANSFORMER.name);
      const oldWaId = randomDigits();
      const newWaId = randomDigits();
      const earlier = correlationFor(a, oldWaId, {
        messageTime: new Date(Date.now() - 60_000).toISOString(),
      });
      const current = correlationFor(a, oldWaId);
      const correlations = harness.app.get(CorrelationService);
      await correlations.apply(a.tenantId, earlier);
      await correlations.apply(a.tenantId, current);
      await client.activeConversation(a.tenantId, a.phoneNumberId, oldWaId); // now cached
      const change = { phoneNumberId: a.phoneNumberId, oldWaId, newWaId, at: new Date().toISOString() };

      const first = await client.changeCustomerNumber(a.tenantId, change);
      const repeat = await client.changeCustomerNumber(a.tenantId, change);

      expect([first, repeat]).toEqual([{ moved: 2 }, { moved: 0 }]);
      expect(await client.activeConversation(a.tenantId, a.phoneNumberId, oldWaId)).toBeNull();
      expect(await client.activeConversation(a.tenantId, a.phoneNumberId, newWaId)).toMatchObject({
        conversationId: current.conversationId,
        customerWaId: newWaId,
      });
      expect(await client.conversation(a.tenantId, earlier.conversationId)).toMatchObject({
        status: 'closed',
        customerWaId: newWaId,
      });
      expect(await client.messageByWhatsAppId(a.tenantId, earlier.whatsappMessageId)).toMatchObject({
        customerWaId: newWaId,
      });
    });

    it("answers 503 with Retry-After while another replica holds the customer's lock", async () => {
      const oldWaId = randomDigits();
      await harness.redis.set(customerLockKey(a.tenantId, oldWaId), 'another-replica', 'PX', 5000);

      const response = await harness.request('POST', STATE_MANAGER_PATHS.customerNumberChanges(a.tenantId), {
        token: await identities.serviceToken(SERVICES.INBOUND_TRANSFORMER.name),
        json: {
          phoneNumberId: a.phoneNumberId,
          oldWaId,
          newWaId: randomDigits(),
          at: new Date().toISOString(),
        },
      });

      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });

    it('closes the old active conversation when the new wa_id has one already', async () => {
      const client = harness.client(SERVICES.INBOUND_TRANSFORMER.name);
      const oldWaId = randomDigits();
      const newWaId = randomDigits();
      const onOld = correlationFor(a, oldWaId, { messageTime: new Date(Date.now() - 60_000).toISOString() });
      const onNew = correlationFor(a, newWaId);
      const correlations = harness.app.get(CorrelationService);
      await correlations.apply(a.tenantId, onOld);
      await correlations.apply(a.tenantId, onNew);

      const answer = await client.changeCustomerNumber(a.tenantId, {
        phoneNumberId: a.phoneNumberId,
        oldWaId,
        newWaId,
        at: new Date().toISOString(),
      });

      expect(answer).toEqual({ moved: 1 });
      expect(await client.activeConversation(a.tenantId, a.phoneNumberId, newWaId)).toMatchObject({
        conversationId: onNew.conversationId,
      });
      expect(await client.conversation(a.tenantId, onOld.conversationId)).toMatchObject({
        status: 'closed',
        customerWaId: newWaId,
      });
    });
  });
});
