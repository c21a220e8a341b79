import { SERVICES } from '@switchboard/shared-contracts';
import { PassThrough } from 'node:stream';
import { startEchoUpstream, type EchoUpstream } from '../testing/echo-upstream.util';
import {
  startFakeAuthService,
  startFakeTenantService,
  type FakeAuthService,
  type FakeTenantService,
} from '../testing/fake-platform.util';
import { startGateway, type TestGateway } from '../testing/gateway-harness.util';
import { closedPortUrl, send } from '../testing/test-http.util';
import type { Server } from 'node:http';
import { AppModule } from './app.module';
import { KEEP_ALIVE_TIMEOUT_MS } from './gateway-service.options';

const PASSWORD = 'correct-horse-battery-staple';
const API_KEY = 'sb_live_0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const UNKNOWN_API_KEY = 'sb_live_ffffffffffffffffffffffffffffffff';
const REFRESH_COOKIE = 'refresh-cookie-value-that-must-stay-secret';

describe(AppModule.name, () => {
  let auth: FakeAuthService;
  let tenants: FakeTenantService;
  let upstream: EchoUpstream;
  let sut: TestGateway;
  let lines: string[];

  beforeAll(async () => {
    auth = await startFakeAuthService();
    tenants = await startFakeTenantService(auth);
    tenants.keys.set(API_KEY, 'tenant-b');
    upstream = await startEchoUpstream();
    lines = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    sut = await startGateway({
      authServiceUrl: auth.url,
      tenantServiceUrl: tenants.url,
      upstreamUrls: `auth=${upstream.url},tenants=${await closedPortUrl()}`,
      env: { LOG_LEVEL: 'debug', RATE_LIMIT_IP_POINTS: '100000', RATE_LIMIT_TENANT_POINTS: '100000' },
      logDestination: destination,
    });
  });

  afterAll(async () => {
    await sut.close();
    await Promise.all([upstream.close(), tenants.close(), auth.close()]);
  });

  it('keeps passwords, tokens, API keys and cookies out of every log line', async () => {
    const userToken = await auth.userToken();
    const serviceToken = await auth.serviceToken(SERVICES.STATE_MANAGER.name, SERVICES.API_GATEWAY.name);

    await send(`${sut.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `sb_refresh=${REFRESH_COOKIE}` },
      body: Buffer.from(JSON.stringify({ email: 'agent@example.com', password: PASSWORD })),
    });
    await send(`${sut.url}/api/auth/me`, { headers: { authorization: `Bearer ${userToken}` } });
    await send(`${sut.url}/api/tenants/t`, { headers: { 'x-api-key': API_KEY } });
    await send(`${sut.url}/api/tenants/t`, { headers: { 'x-api-key': UNKNOWN_API_KEY } });
    await send(`${sut.url}/api/tenants/t`, { headers: { authorization: `Bearer ${serviceToken}` } });
    tenants.failVerificationsWith(500);
    await send(`${sut.url}/api/tenants/t`, { headers: { 'x-api-key': `${API_KEY}x` } });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const everything = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(everything).toContain('"service":"api-gateway"');
    for (const secret of [PASSWORD, userToken, serviceToken, API_KEY, UNKNOWN_API_KEY, REFRESH_COOKIE]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('serves liveness, readiness (Redis) and Prometheus metrics beside the edge', async () => {
    const live = await send(`${sut.url}/health/live`);
    const ready = await send(`${sut.url}/health/ready`);
    const metrics = await send(`${sut.url}/metrics`);

    expect(live.status).toBe(200);
    expect(ready.status).toBe(200);
    // A dead upstream is not the gateway's unreadiness: only Redis is checked.
    expect(Object.keys(ready.json<{ info: Record<string, unknown> }>().info)).toEqual(['redis']);
    expect(metrics.body.toString()).toContain('gateway_upstream_requests_total{upstream="auth-service"');
    expect(metrics.body.toString()).toContain('gateway_api_key_lookups_total');
  });

  it('keeps idle connections of the ingress open longer than the ingress does', () => {
    const server = sut.app.getHttpServer() as Server;

    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(server.headersTimeout).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
  });
});
