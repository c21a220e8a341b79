import { TEST_REDIS_URL, uniqueKeyPrefix } from '@switchboard/backend-testing-infra';
import Redis from 'ioredis';
import { startEchoUpstream, type EchoUpstream } from '../../testing/echo-upstream.util';
import {
  startFakeAuthService,
  startFakeTenantService,
  type FakeAuthService,
  type FakeTenantService,
} from '../../testing/fake-platform.util';
import { startGateway, type GatewayEnvironment, type TestGateway } from '../../testing/gateway-harness.util';
import { closedPortUrl, send } from '../../testing/test-http.util';
import { EdgeRateLimiter } from './edge-rate-limiter.service';

describe(EdgeRateLimiter.name, () => {
  let auth: FakeAuthService;
  let tenants: FakeTenantService;
  let upstream: EchoUpstream;
  let environment: GatewayEnvironment;
  const gateways: TestGateway[] = [];

  const start = async (env: Record<string, string>, redisKeyPrefix?: string): Promise<TestGateway> => {
    const gateway = await startGateway({
      ...environment,
      redisKeyPrefix,
      env,
      redisDown: env['REDIS_URL'] !== undefined,
    });
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    auth = await startFakeAuthService();
    tenants = await startFakeTenantService(auth);
    upstream = await startEchoUpstream();
    environment = {
      authServiceUrl: auth.url,
      tenantServiceUrl: tenants.url,
      upstreamUrls: `auth=${upstream.url},tenants=${upstream.url}`,
    };
  });

  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
  });

  afterAll(async () => {
    await Promise.all([upstream.close(), tenants.close(), auth.close()]);
  });

  it('answers 429 with Retry-After and a JSON reason once a client address used up its requests', async () => {
    const sut = await start({ RATE_LIMIT_IP_POINTS: '3', RATE_LIMIT_IP_DURATION_SECONDS: '60' });

    const statuses: number[] = [];
    for (let request = 0; request < 3; request += 1) {
      statuses.push(
        (await send(`${sut.url}/api/auth/login`, { method: 'POST', body: Buffer.from('{}') })).status,
      );
    }
    const refused = await send(`${sut.url}/api/auth/login`, { method: 'POST', body: Buffer.from('{}') });

    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `rate limit of 3 requests per 60 s per client address exceeded; retry in ${retryAfter} s`,
    });
  });

  it('counts requests without credentials too, so that keys and passwords cannot be guessed freely', async () => {
    const sut = await start({ RATE_LIMIT_IP_POINTS: '2' });

    const statuses = [];
    for (let request = 0; request < 3; request += 1)
      statuses.push((await send(`${sut.url}/api/tenants`)).status);

    expect(statuses).toEqual([401, 401, 429]);
  });

  it('shares the counts between two gateway replicas on the same Redis', async () => {
    const prefix = uniqueKeyPrefix('api-gateway-shared');
    const first = await start({ RATE_LIMIT_IP_POINTS: '4' }, prefix);
    const second = await start({ RATE_LIMIT_IP_POINTS: '4' }, prefix);

    const statuses = [];
    for (const gateway of [first, second, first, second, first, second]) {
      statuses.push((await send(`${gateway.url}/api/auth/logout`, { method: 'POST' })).status);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect(await redis.keys(`${prefix}rl:ip*`)).not.toHaveLength(0);
    } finally {
      redis.disconnect();
    }
  });

  it('limits a tenant across client addresses, and each tenant separately', async () => {
    // One trusted proxy in front: the client address is the last X-Forwarded-For entry.
    const sut = await start({
      TRUST_PROXY_HOPS: '1',
      RATE_LIMIT_TENANT_POINTS: '3',
      RATE_LIMIT_IP_POINTS: '1000',
    });
    const tenantA = `Bearer ${await auth.userToken({ tenantId: 'tenant-a' })}`;
    const tenantB = `Bearer ${await auth.userToken({ tenantId: 'tenant-b', userId: 'user-2' })}`;
    const from = (address: string, authorization: string) =>
      send(`${sut.url}/api/tenants/x`, { headers: { authorization, 'x-forwarded-for': address } });

    const statuses = [];
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
      statuses.push((await from(address, tenantA)).status);
    }
    const otherTenant = await from('198.51.100.4', tenantB);
    const refused = await from('198.51.100.5', tenantA);

    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(otherTenant.status).toBe(200);
    expect(refused.json().message).toMatch(/^rate limit of 3 requests per 60 s per tenant exceeded/);
  });

  it('keeps limiting with the in-memory insurance limiter when Redis is unreachable', async () => {
    const sut = await start({
      REDIS_URL: (await closedPortUrl()).replace('http', 'redis'),
      RATE_LIMIT_IP_POINTS: '2',
    });

    const started = Date.now();
    const statuses = [];
    for (let request = 0; request < 3; request += 1) {
      statuses.push((await send(`${sut.url}/api/auth/logout`, { method: 'POST' })).status);
    }
    const readiness = await send(`${sut.url}/health/ready`);

    expect(statuses).toEqual([200, 200, 429]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(readiness.status).toBe(503);
    expect(readiness.json()).toMatchObject({ error: { redis: { status: 'down' } } });
  });

  it('never limits health probes and metric scrapes', async () => {
    const sut = await start({ RATE_LIMIT_IP_POINTS: '1' });

    const statuses = [];
    for (let request = 0; request < 3; request += 1) {
      statuses.push((await send(`${sut.url}/health/live`)).status, (await send(`${sut.url}/metrics`)).status);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await send(`${sut.url}/health/ready`)).status).toBe(200);
  });
});
