import { SERVICES } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import {
  configSecrets,
  createApiKey,
  createIntegration,
  createNumber,
  createTenant,
  createTenantFixture,
  fixtureSecrets,
  randomMetaId,
  randomSecret,
  type TenantFixture,
} from '../testing/fixtures.util';
import { TestIdentities, type Credential } from '../testing/identities.util';
import { SimulatorProcess } from '@switchboard/backend-testing-platform';
import { TenantServiceHarness, findLeaks } from '../testing/tenant-service-harness.util';
import { AppModule } from './app.module';
import { DEV_META_APP_ID, DEV_META_APP_SECRET } from './config/tenant-service.config';

// Who calls. "own" columns act for the tenant the route targets; "other tenant" columns are
// tenant B acting on tenant A's resources; service columns carry service tokens.
const COLUMNS = [
  'anonymous',
  'platformAdmin',
  'tenantAdmin',
  'agent',
  'apiKey',
  'otherTenantAdmin',
  'otherApiKey',
  'callerService',
  'otherService',
  'wrongAudience',
] as const;
type Column = (typeof COLUMNS)[number];
type Expectation = Record<Column, number>;

/** What a route acts on: tenant A's fixture, or fresh resources for routes that consume them. */
interface Target {
  readonly tenantId: string;
  readonly numberId: string;
  readonly phoneNumberId: string;
  readonly integrationId: string;
  readonly keyId: string;
  /** The target tenant's own API key (the `apiKey` column). */
  readonly apiKey: string;
  readonly extra: Record<string, string>;
}

interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The route template as registered (checked against the app's router). */
  readonly route: string;
  readonly expect: Expectation;
  readonly path?: (target: Target) => string;
  readonly body?: (target: Target) => unknown;
  /** Fresh resources for each cell (routes that delete, rotate or consume what they act on). */
  readonly prepare?: () => Promise<Target>;
  /** The one service the route is for (internal routes). */
  readonly caller?: string;
  /** Secret values a successful answer is meant to carry. */
  readonly carries?: (target: Target) => string[];
  /** Public routes (health, metrics) are not checked for tenant data: they are on the pod network only. */
  readonly isPublic?: boolean;
}

const TENANT_READ: Expectation = {
  anonymous: 401,
  platformAdmin: 200,
  tenantAdmin: 200,
  agent: 200,
  apiKey: 200,
  otherTenantAdmin: 404,
  otherApiKey: 404,
  callerService: 403,
  otherService: 403,
  wrongAudience: 401,
};
const adminWrite = (ok: number): Expectation => ({
  ...TENANT_READ,
  platformAdmin: ok,
  tenantAdmin: ok,
  agent: 403,
  apiKey: ok,
});
const usersOnlyWrite = (ok: number): Expectation => ({ ...adminWrite(ok), apiKey: 403, otherApiKey: 403 });
const platformOnly = (ok: number): Expectation => ({
  ...TENANT_READ,
  platformAdmin: ok,
  tenantAdmin: 403,
  agent: 403,
  apiKey: 403,
  otherTenantAdmin: 403,
  otherApiKey: 403,
});
const INTERNAL: Expectation = {
  anonymous: 401,
  platformAdmin: 403,
  tenantAdmin: 403,
  agent: 403,
  apiKey: 403,
  otherTenantAdmin: 403,
  otherApiKey: 403,
  callerService: 200,
  otherService: 403,
  wrongAudience: 401,
};
const PUBLIC: Expectation = Object.fromEntries(COLUMNS.map((column) => [column, 200])) as Expectation;

describe(`${AppModule.name} authorization matrix`, () => {
  let whatsapp: SimulatorProcess;
  let genesys: SimulatorProcess;
  let harness: TenantServiceHarness;
  let identities: TestIdentities;
  let admin: Credential;
  let a: TenantFixture;
  let b: TenantFixture;
  const secrets: string[] = ['sandbox-genesys-client-secret'];

  beforeAll(async () => {
    [whatsapp, genesys] = await Promise.all([
      SimulatorProcess.start('whatsapp-simulator', { AUTO_STATUS_ENABLED: 'false' }),
      SimulatorProcess.start('genesys-simulator'),
    ]);
    identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({
      label: 'authz-matrix',
      identities,
      env: {
        GRAPH_API_BASE_URL: whatsapp.baseUrl,
        GENESYS_LOGIN_BASE_URL: genesys.baseUrl,
        GENESYS_API_BASE_URL: genesys.baseUrl,
        META_APP_ID: DEV_META_APP_ID,
        META_APP_SECRET: DEV_META_APP_SECRET,
      },
    });
    admin = await identities.platformAdmin();
    a = await createTenantFixture(harness, admin, 'a');
    b = await createTenantFixture(harness, admin, 'b');
    secrets.push(...fixtureSecrets([a, b]), ...configSecrets(harness));
  });

  afterAll(async () => {
    await harness?.destroy();
    await Promise.all([whatsapp?.stop(), genesys?.stop()]);
  });

  const tenantA = (): Target => ({
    tenantId: a.tenant.id,
    numberId: a.number.id,
    phoneNumberId: a.number.phoneNumberId,
    integrationId: a.integration.integrationId,
    keyId: a.apiKey.id,
    apiKey: a.apiKey.key,
    extra: {},
  });

  /** A fresh number (and optionally its integration) in tenant A. */
  const freshNumberOfA = async (withIntegration: boolean): Promise<Target> => {
    const number = await createNumber(harness, admin, a.tenant.id);
    const integration = withIntegration
      ? await createIntegration(harness, admin, a.tenant.id, number.id, {
          clientSecret: randomSecret('fresh-client'),
          webhookSecret: randomSecret('fresh-webhook'),
        })
      : null;
    return {
      ...tenantA(),
      numberId: number.id,
      phoneNumberId: number.phoneNumberId,
      integrationId: integration?.integrationId ?? '',
    };
  };

  const ROUTES: RouteCase[] = [
    { method: 'GET', route: '/health/live', expect: PUBLIC, isPublic: true },
    { method: 'GET', route: '/health/ready', expect: PUBLIC, isPublic: true },
    { method: 'GET', route: '/metrics', expect: PUBLIC, isPublic: true },
    {
      method: 'GET',
      route: '/internal/openapi.json',
      expect: INTERNAL,
      caller: SERVICES.API_GATEWAY.name,
    },
    {
      method: 'POST',
      route: '/tenants',
      expect: platformOnly(201),
      body: () => ({ name: `Matrix ${randomUUID()}`, genesysRegion: 'eu-west-1' }),
    },
    { method: 'GET', route: '/tenants', expect: platformOnly(200) },
    { method: 'GET', route: '/tenants/:tenantId', expect: TENANT_READ },
    {
      method: 'PATCH',
      route: '/tenants/:tenantId',
      expect: adminWrite(200),
      body: () => ({ settings: { timezone: 'Europe/Berlin', conversationIdleMinutes: 1440 } }),
    },
    {
      method: 'DELETE',
      route: '/tenants/:tenantId',
      expect: platformOnly(204),
      prepare: async () => {
        const tenant = await createTenant(harness, admin);
        const key = await createApiKey(harness, admin, tenant.id);
        return { ...tenantA(), tenantId: tenant.id, keyId: key.id, apiKey: key.key };
      },
    },
    { method: 'GET', route: '/tenants/:tenantId/phone-numbers', expect: TENANT_READ },
    {
      method: 'POST',
      route: '/tenants/:tenantId/phone-numbers',
      expect: platformOnly(201),
      body: () => ({ phoneNumberId: randomMetaId(), wabaId: randomMetaId(), throughputTier: 80 }),
    },
    { method: 'GET', route: '/tenants/:tenantId/phone-numbers/:numberId', expect: TENANT_READ },
    {
      method: 'PATCH',
      route: '/tenants/:tenantId/phone-numbers/:numberId',
      expect: adminWrite(200),
      body: () => ({ throughputTier: 120 }),
    },
    {
      method: 'DELETE',
      route: '/tenants/:tenantId/phone-numbers/:numberId',
      expect: adminWrite(204),
      prepare: () => freshNumberOfA(false),
    },
    { method: 'GET', route: '/tenants/:tenantId/phone-numbers/:numberId/integration', expect: TENANT_READ },
    {
      method: 'POST',
      route: '/tenants/:tenantId/phone-numbers/:numberId/integration',
      expect: platformOnly(201),
      prepare: () => freshNumberOfA(false),
      body: () => ({
        integrationId: randomUUID(),
        clientId: 'matrix-client',
        clientSecret: randomSecret('matrix-client'),
        webhookSecret: randomSecret('matrix-webhook'),
      }),
    },
    {
      method: 'PATCH',
      route: '/tenants/:tenantId/phone-numbers/:numberId/integration',
      expect: adminWrite(200),
      body: () => ({ clientId: a.integration.clientId }),
    },
    {
      method: 'DELETE',
      route: '/tenants/:tenantId/phone-numbers/:numberId/integration',
      expect: adminWrite(204),
      prepare: () => freshNumberOfA(true),
    },
    { method: 'GET', route: '/tenants/:tenantId/api-keys', expect: adminWrite(200) },
    {
      method: 'POST',
      route: '/tenants/:tenantId/api-keys',
      expect: usersOnlyWrite(201),
      body: () => ({ name: 'matrix key' }),
    },
    {
      method: 'POST',
      route: '/tenants/:tenantId/api-keys/:keyId/rotate',
      expect: usersOnlyWrite(201),
      prepare: async () => ({ ...tenantA(), keyId: (await createApiKey(harness, admin, a.tenant.id)).id }),
      body: () => ({ overlapSeconds: 60 }),
    },
    {
      method: 'POST',
      route: '/tenants/:tenantId/api-keys/:keyId/revoke',
      expect: adminWrite(200),
      prepare: async () => ({ ...tenantA(), keyId: (await createApiKey(harness, admin, a.tenant.id)).id }),
    },
    { method: 'GET', route: '/tenants/:tenantId/audit', expect: adminWrite(200) },
    { method: 'GET', route: '/audit', expect: platformOnly(200) },
    {
      method: 'POST',
      route: '/tenants/:tenantId/onboarding/whatsapp',
      expect: adminWrite(200),
      prepare: async () => {
        const accessToken = randomSecret('onboarded-token');
        const minted = await whatsapp.control<{ code: string; phoneNumberId: string; wabaId: string }>(
          'POST',
          'signup-codes',
          {
            phoneNumberId: randomMetaId(),
            wabaId: randomMetaId(),
            displayPhoneNumber: '15550109999',
            accessToken,
          },
        );
        secrets.push(accessToken, minted.code);
        return {
          ...tenantA(),
          extra: { code: minted.code, phoneNumberId: minted.phoneNumberId, wabaId: minted.wabaId },
        };
      },
      body: (target) => ({ ...target.extra, pin: '123456' }),
    },
    {
      method: 'POST',
      route: '/tenants/:tenantId/onboarding/genesys',
      expect: adminWrite(200),
      prepare: () => freshNumberOfA(false),
      body: (target) => ({
        numberId: target.numberId,
        region: 'eu-central-1',
        clientId: 'sandbox-genesys-client',
        clientSecret: 'sandbox-genesys-client-secret',
      }),
    },
    { method: 'GET', route: '/admin/encryption', expect: platformOnly(200) },
    { method: 'POST', route: '/admin/encryption/re-encrypt', expect: platformOnly(200) },
    {
      method: 'GET',
      route: '/internal/lookup/phone-number/:phoneNumberId',
      expect: INTERNAL,
      caller: SERVICES.WHATSAPP_WEBHOOK.name,
    },
    {
      method: 'GET',
      route: '/internal/lookup/integration/:integrationId',
      expect: INTERNAL,
      caller: SERVICES.GENESYS_WEBHOOK.name,
    },
    {
      method: 'GET',
      route: '/internal/integrations/:integrationId/oauth-credentials',
      expect: INTERNAL,
      caller: SERVICES.AUTH.name,
      carries: () => [a.secrets.clientSecret],
    },
    {
      method: 'GET',
      route: '/internal/integrations/:integrationId/webhook-secret',
      expect: INTERNAL,
      caller: SERVICES.GENESYS_WEBHOOK.name,
      carries: () => [a.secrets.webhookSecret],
    },
    {
      method: 'GET',
      route: '/internal/phone-numbers/:phoneNumberId/access-token',
      expect: INTERNAL,
      caller: SERVICES.AUTH.name,
      carries: () => [a.secrets.accessToken],
    },
    {
      method: 'GET',
      route: '/internal/tenants/:tenantId/status',
      expect: INTERNAL,
      caller: SERVICES.AUTH.name,
    },
    {
      method: 'POST',
      route: '/internal/api-keys/verify',
      // Any service may verify keys (the gateway and every service that accepts them).
      expect: { ...INTERNAL, otherService: 200 },
      caller: SERVICES.API_GATEWAY.name,
      body: () => ({ key: a.apiKey.key }),
    },
  ];

  function pathOf(route: RouteCase, target: Target): string {
    if (route.path) return route.path(target);
    return route.route
      .replace(':tenantId', target.tenantId)
      .replace(':numberId', target.numberId)
      .replace(':phoneNumberId', target.phoneNumberId)
      .replace(':integrationId', target.integrationId)
      .replace(':keyId', target.keyId);
  }

  async function credentialFor(column: Column, route: RouteCase, target: Target): Promise<Credential> {
    switch (column) {
      case 'anonymous':
        return null;
      case 'platformAdmin':
        return admin;
      case 'tenantAdmin':
        return identities.tenantAdmin(target.tenantId);
      case 'agent':
        return identities.agent(target.tenantId);
      case 'apiKey':
        return { apiKey: target.apiKey };
      case 'otherTenantAdmin':
        return identities.tenantAdmin(b.tenant.id);
      case 'otherApiKey':
        return { apiKey: b.apiKey.key };
      case 'callerService':
        return identities.service(route.caller ?? SERVICES.API_GATEWAY.name);
      case 'otherService':
        // A service that none of the internal routes below is for (unless it names all services).
        return identities.service(
          route.caller === SERVICES.API_GATEWAY.name
            ? SERVICES.OUTBOUND_TRANSFORMER.name
            : SERVICES.API_GATEWAY.name,
        );
      case 'wrongAudience':
        return identities.service(route.caller ?? SERVICES.API_GATEWAY.name, SERVICES.AUTH.name);
    }
  }

  const cases = (): [string, RouteCase][] => ROUTES.map((route) => [`${route.method} ${route.route}`, route]);

  it('covers every route the service serves, and nothing else', () => {
    const router = (harness.app.getHttpAdapter().getInstance() as ExpressApp).router;
    const served = router.stack
      // Nest registers its middleware as a catch-all route: not a route of the service.
      .filter((layer) => layer.route && layer.route.path !== '/{*path}')
      .flatMap((layer) =>
        Object.keys(layer.route?.methods ?? {}).map(
          (method) => `${method.toUpperCase()} ${layer.route?.path}`,
        ),
      );

    expect(new Set(served)).toEqual(new Set(ROUTES.map((route) => `${route.method} ${route.route}`)));
  });

  describe.each(cases())('%s', (_name, route) => {
    it.each(COLUMNS.map((column) => [column, route.expect[column]] as const))(
      'answers %s with %i and no foreign data',
      async (column, expected) => {
        const target = route.prepare ? await route.prepare() : tenantA();
        const response = await harness.request('' + route.method, pathOf(route, target), {
          as: await credentialFor(column, route, target),
          json: route.body?.(target),
          carries: route.carries?.(target),
        });

        expect({ status: response.status, hasBody: response.text.length > 0 }).toEqual({
          status: expected,
          hasBody: expected !== 204,
        });
        const foreign = column === 'otherTenantAdmin' || column === 'otherApiKey';
        if (!route.isPublic && (foreign || expected >= 400)) {
          const markers = [
            ...a.markers,
            target.tenantId,
            target.numberId,
            target.phoneNumberId,
            target.keyId,
          ];
          const found = markers.filter((marker) => marker && response.text.includes(marker));
          expect(found).toEqual([]);
        }
      },
    );
  });

  it('documents every route in the OpenAPI document served to the gateway', async () => {
    const response = await harness.request<{ paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/internal/openapi.json',
      { as: await identities.service(SERVICES.API_GATEWAY.name) },
    );
    const documented = Object.entries(response.body.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const undocumented = ['/internal/openapi.json'];

    expect(new Set(documented)).toEqual(
      new Set(
        ROUTES.filter((route) => !undocumented.includes(route.route)).map(
          (route) => `${route.method} ${route.route}`,
        ),
      ),
    );
  });

  it('never put a secret into any answer of this suite (but the credential routes, their own) or into a log line', async () => {
    // The generated Genesys webhook secrets are only known through the internal route.
    const integrations = await harness.transactions.asPlatform((tx) =>
      tx.manager.query(`SELECT integration_id FROM genesys_integrations`),
    );
    const webhookService = await identities.service(SERVICES.GENESYS_WEBHOOK.name);
    for (const { integration_id: integrationId } of integrations as { integration_id: string }[]) {
      const probe = await harness.request<{ secret: string }>(
        'GET',
        `/internal/integrations/${integrationId}/webhook-secret`,
        { as: webhookService },
      );
      secrets.push(probe.body.secret);
      const last = harness.responses.length - 1;
      harness.responses[last] = { ...harness.responses[last], carries: [probe.body.secret] };
    }

    expect(harness.responses.length).toBeGreaterThan(ROUTES.length * COLUMNS.length);
    // The capture really holds the run's logs: one line per request at least (health excepted).
    expect(harness.logs.lines().length).toBeGreaterThan(ROUTES.length * COLUMNS.length - 30);
    expect(findLeaks(secrets, harness.responses, harness.logs.text())).toEqual([]);
  });
});

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

interface ExpressApp {
  router: { stack: ExpressLayer[] };
}
