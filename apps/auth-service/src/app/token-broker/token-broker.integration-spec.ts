import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestEnvironment,
  startAuthService,
  type AuthServiceTestApp,
  type TestEnvironment,
} from '../../testing/auth-service-test-app.util';
import { startFakeTenantService, type FakeTenantService } from '../../testing/fake-tenant-service.util';
import { startGenesysSimulator, type SimulatorProcess } from '../../testing/genesys-simulator-process.util';
import { CloudTokenBroker } from './cloud-token-broker.service';

interface TokenBody {
  accessToken: string;
  expiresAt: string | null;
}

const TENANT_A = randomUUID();
/** One OAuth client (and integration) per test, so that the simulator's counts cannot mix. */
const CLIENTS = {
  concurrency: { id: 'client-concurrency', validity: 3600 },
  renewal: { id: 'client-renewal', validity: 3 },
  invalidation: { id: 'client-invalidation', validity: 3600 },
  replicas: { id: 'client-replicas', validity: 3600 },
  redisDown: { id: 'client-redis-down', validity: 3600 },
  faults: { id: 'client-faults', validity: 3600 },
} as const;
const secretOf = (clientId: string) => `${clientId}-secret-value-never-logged`;
const integrationOf = new Map<string, string>(
  Object.values(CLIENTS).map((client) => [client.id, randomUUID()]),
);
const WRONG_SECRET_INTEGRATION = randomUUID();
const UNKNOWN_INTEGRATION = randomUUID();
const PHONE_NUMBER_ID = '109876543210987';
const WHATSAPP_TOKEN = 'EAAG-whatsapp-access-token-of-tenant-a-never-logged';

describe(CloudTokenBroker.name, () => {
  let environment: TestEnvironment;
  let simulator: SimulatorProcess;
  let tenantService: FakeTenantService;
  let replicaA: AuthServiceTestApp;
  let replicaB: AuthServiceTestApp;
  let withoutRedis: AuthServiceTestApp;
  const servedTokens = new Set<string>();
  let genesysApi: string;

  const getGenesys = async (app: AuthServiceTestApp, integrationId: string, token = genesysApi) => {
    const response = await app
      .http()
      .get(`/internal/genesys-tokens/${integrationId}`)
      .set('authorization', `Bearer ${token}`);
    if (response.status === 200) servedTokens.add((response.body as TokenBody).accessToken);
    return response;
  };
  const tokenOf = (response: { body: unknown }) => (response.body as TokenBody).accessToken;
  const integration = (clientId: string) => integrationOf.get(clientId)!;

  beforeAll(async () => {
    environment = await createTestEnvironment('broker');
    simulator = await startGenesysSimulator({
      SEED_OAUTH_CLIENTS: JSON.stringify(
        Object.values(CLIENTS).map((client) => ({
          clientId: client.id,
          clientSecret: secretOf(client.id),
          accessTokenValiditySeconds: client.validity,
        })),
      ),
    });
    tenantService = await startFakeTenantService(environment.signingKey.publicJwk);
    for (const client of Object.values(CLIENTS)) {
      tenantService.integrations.set(integration(client.id), {
        tenantId: TENANT_A,
        region: 'eu-west-1',
        clientId: client.id,
        clientSecret: secretOf(client.id),
      });
    }
    tenantService.integrations.set(WRONG_SECRET_INTEGRATION, {
      tenantId: TENANT_A,
      region: 'eu-west-1',
      clientId: CLIENTS.faults.id,
      clientSecret: 'a-wrong-secret-that-must-not-leak',
    });
    tenantService.phoneNumbers.set(PHONE_NUMBER_ID, { tenantId: TENANT_A, accessToken: WHATSAPP_TOKEN });
    const env = {
      TENANT_SERVICE_URL: tenantService.baseUrl,
      GENESYS_LOGIN_BASE_URL: simulator.baseUrl,
      ALLOW_INSECURE_CLOUD_URLS: 'true',
    };
    replicaA = await startAuthService(environment, env);
    replicaB = await startAuthService(environment, env);
    withoutRedis = await startAuthService(environment, { ...env, REDIS_URL: 'redis://127.0.0.1:1/0' });
    genesysApi = await environment.serviceToken('genesys-api-service');
  }, 90_000);

  afterAll(async () => {
    await Promise.all([replicaA, replicaB, withoutRedis].filter(Boolean).map((app) => app.close()));
    await tenantService?.close();
    await simulator?.stop();
    await environment?.destroy();
  });

  it('collapses 50 concurrent requests for one Genesys token into one call to the token endpoint', async () => {
    const clientId = CLIENTS.concurrency.id;
    // A slow login host, so that the 50 requests really overlap the one fetch.
    await simulator.control('POST', '/control/faults', {
      target: 'login',
      clientId,
      kind: 'delay',
      delayMs: 300,
      count: 1,
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => getGenesys(replicaA, integration(clientId))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(responses.map(tokenOf)).size).toBe(1);
    expect(await simulator.tokenRequests(clientId)).toEqual({ requests: 1, issued: 1, rejected: 0 });
    const expiresAt = Date.parse((responses[0].body as TokenBody).expiresAt!);
    expect(expiresAt - Date.now()).toBeGreaterThan(3500 * 1000);
  });

  it('renews a token before it expires (at 80 % of its lifetime)', async () => {
    const clientId = CLIENTS.renewal.id;
    const first = await getGenesys(replicaA, integration(clientId));
    const firstExpiresAt = Date.parse((first.body as TokenBody).expiresAt!);
    expect(tokenOf(await getGenesys(replicaA, integration(clientId)))).toBe(tokenOf(first));
    await sleep(Math.max(0, firstExpiresAt - 3000 * 0.2 - Date.now()) + 100); // past 80 % of 3 s
    const renewed = await getGenesys(replicaA, integration(clientId));
    expect(Date.now()).toBeLessThan(firstExpiresAt); // the old one was still valid
    expect(tokenOf(renewed)).not.toBe(tokenOf(first));
    expect((await simulator.tokenRequests(clientId)).issued).toBe(2);
  });

  it('fetches a new token after an invalidation, on every replica', async () => {
    const clientId = CLIENTS.invalidation.id;
    const first = await getGenesys(replicaA, integration(clientId));
    expect(tokenOf(await getGenesys(replicaB, integration(clientId)))).toBe(tokenOf(first));
    const invalidated = await replicaA
      .http()
      .delete(`/internal/genesys-tokens/${integration(clientId)}`)
      .set('authorization', `Bearer ${genesysApi}`);
    expect(invalidated.status).toBe(204);
    const next = await getGenesys(replicaB, integration(clientId));
    expect(tokenOf(next)).not.toBe(tokenOf(first));
    expect(tokenOf(await getGenesys(replicaA, integration(clientId)))).toBe(tokenOf(next));
    expect((await simulator.tokenRequests(clientId)).issued).toBe(2);
  });

  it('causes one call when two broker instances on the same Redis ask concurrently', async () => {
    const clientId = CLIENTS.replicas.id;
    await simulator.control('POST', '/control/faults', {
      target: 'login',
      clientId,
      kind: 'delay',
      delayMs: 400,
      count: 1,
    });
    const responses = await Promise.all([
      ...Array.from({ length: 25 }, () => getGenesys(replicaA, integration(clientId))),
      ...Array.from({ length: 25 }, () => getGenesys(replicaB, integration(clientId))),
    ]);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(new Set(responses.map(tokenOf)).size).toBe(1);
    expect(await simulator.tokenRequests(clientId)).toEqual({ requests: 1, issued: 1, rejected: 0 });
  });

  it('still answers with Redis unreachable: in-process cache and one call for concurrent requests', async () => {
    const clientId = CLIENTS.redisDown.id;
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, () => getGenesys(withoutRedis, integration(clientId))),
    );
    expect(concurrent.map((r) => r.status)).toEqual(Array(20).fill(200));
    const later = await getGenesys(withoutRedis, integration(clientId));
    expect(new Set([...concurrent, later].map(tokenOf)).size).toBe(1);
    expect((await simulator.tokenRequests(clientId)).issued).toBe(1);
    const invalidated = await withoutRedis
      .http()
      .delete(`/internal/genesys-tokens/${integration(clientId)}`)
      .set('authorization', `Bearer ${genesysApi}`);
    expect(invalidated.status).toBe(204);
    expect(tokenOf(await getGenesys(withoutRedis, integration(clientId)))).not.toBe(tokenOf(later));
    expect((await simulator.tokenRequests(clientId)).issued).toBe(2);
  });

  it('calls tenant-service only with a valid service token of auth-service for tenant-service', () => {
    expect(tenantService.refusedCalls()).toBe(0);
    expect(
      tenantService.verifiedCalls.get(
        `/internal/integrations/${integration(CLIENTS.concurrency.id)}/oauth-credentials`,
      ),
    ).toBe(1);
  });

  it('answers 404 for an integration tenant-service does not know', async () => {
    const response = await getGenesys(replicaA, UNKNOWN_INTEGRATION);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ retryable: false });
  });

  it('answers 502, not retryable, when Genesys refuses the client credentials, without the secret', async () => {
    const response = await getGenesys(replicaA, WRONG_SECRET_INTEGRATION);
    expect(response.status).toBe(502);
    expect(response.body).toMatchObject({ retryable: false });
    expect(JSON.stringify(response.body)).not.toContain('a-wrong-secret');
  });

  it('answers 503 with Genesys’s Retry-After when the login host is rate-limited', async () => {
    const clientId = CLIENTS.faults.id;
    await simulator.control('POST', '/control/faults', {
      target: 'login',
      clientId,
      kind: 'rate-limit',
      retryAfterSeconds: 42,
      count: 1,
    });
    const limited = await getGenesys(replicaA, integration(clientId));
    expect(limited.status).toBe(503);
    expect(limited.headers['retry-after']).toBe('42');
    expect(limited.body).toMatchObject({ retryable: true });
    expect((await getGenesys(replicaA, integration(clientId))).status).toBe(200);
  });

  it('serves a number’s WhatsApp token from tenant-service, cached, and fetches it again after invalidation', async () => {
    const whatsappApi = await environment.serviceToken('whatsapp-api-service');
    const path = `/internal/phone-numbers/${PHONE_NUMBER_ID}/access-token`;
    const get = () =>
      replicaA
        .http()
        .get(`/internal/whatsapp-tokens/${PHONE_NUMBER_ID}`)
        .set('authorization', `Bearer ${whatsappApi}`);
    const responses = await Promise.all(Array.from({ length: 10 }, get));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(responses[0].body).toEqual({ accessToken: WHATSAPP_TOKEN, expiresAt: null });
    expect(tenantService.verifiedCalls.get(path)).toBe(1);
    expect((await get()).status).toBe(200);
    expect(tenantService.verifiedCalls.get(path)).toBe(1);
    const invalidated = await replicaB
      .http()
      .delete(`/internal/whatsapp-tokens/${PHONE_NUMBER_ID}`)
      .set('authorization', `Bearer ${whatsappApi}`);
    expect(invalidated.status).toBe(204);
    expect((await get()).status).toBe(200);
    expect(tenantService.verifiedCalls.get(path)).toBe(2);
  });

  it('lets only the named services ask for tokens', async () => {
    const integrationId = integration(CLIENTS.concurrency.id);
    const anonymous = await replicaA.http().get(`/internal/genesys-tokens/${integrationId}`);
    expect(anonymous.status).toBe(401);
    const wrongService = await getGenesys(
      replicaA,
      integrationId,
      await environment.serviceToken('whatsapp-api-service'),
    );
    expect(wrongService.status).toBe(403);
    const wrongAudience = await getGenesys(
      replicaA,
      integrationId,
      await environment.serviceToken('genesys-api-service', 'tenant-service'),
    );
    expect(wrongAudience.status).toBe(401);
    const user = await getGenesys(
      replicaA,
      integrationId,
      await environment.accessToken({ userId: randomUUID(), tenantId: null, role: 'platform-admin' }),
    );
    expect(user.status).toBe(403);
    const onboarding = await getGenesys(
      replicaA,
      integrationId,
      await environment.serviceToken('tenant-service'),
    );
    expect(onboarding.status).toBe(200);
    const whatsappByGenesysApi = await replicaA
      .http()
      .get(`/internal/whatsapp-tokens/${PHONE_NUMBER_ID}`)
      .set('authorization', `Bearer ${genesysApi}`);
    expect(whatsappByGenesysApi.status).toBe(403);
    const inboundTransformer = await replicaA
      .http()
      .get(`/internal/whatsapp-tokens/${PHONE_NUMBER_ID}`)
      .set('authorization', `Bearer ${await environment.serviceToken('inbound-transformer')}`);
    expect(inboundTransformer.status).toBe(200);
    const tenantService = await environment.serviceToken('tenant-service');
    const readByTenantService = await replicaA
      .http()
      .get(`/internal/whatsapp-tokens/${PHONE_NUMBER_ID}`)
      .set('authorization', `Bearer ${tenantService}`);
    expect(readByTenantService.status).toBe(403);
    const invalidatedByTenantService = await replicaA
      .http()
      .delete(`/internal/whatsapp-tokens/${PHONE_NUMBER_ID}`)
      .set('authorization', `Bearer ${tenantService}`);
    expect(invalidatedByTenantService.status).toBe(204);
  });

  it('refuses ids that are not an integration id or a phone_number_id', async () => {
    expect((await getGenesys(replicaA, 'not-a-uuid')).status).toBe(400);
    const badNumber = await replicaA
      .http()
      .get('/internal/whatsapp-tokens/12ab')
      .set('authorization', `Bearer ${await environment.serviceToken('whatsapp-api-service')}`);
    expect(badNumber.status).toBe(400);
  });

  it('never writes a cloud token, a client secret or a service token into its logs', () => {
    const logs = [...replicaA.logs, ...replicaB.logs, ...withoutRedis.logs].join('\n');
    expect(logs).toContain('fetched a Genesys token'); // the capture works
    expect(servedTokens.size).toBeGreaterThan(5);
    for (const token of servedTokens) expect(logs).not.toContain(token);
    for (const client of Object.values(CLIENTS)) expect(logs).not.toContain(secretOf(client.id));
    expect(logs).not.toContain('a-wrong-secret-that-must-not-leak');
    expect(logs).not.toContain(WHATSAPP_TOKEN);
    expect(logs).not.toContain(genesysApi);
  });
});
