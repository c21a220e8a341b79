import { SERVICES } from '@switchboard/shared-contracts';
import { generateSigningKey, signAccessToken } from '@switchboard/backend-util-auth';
import { startEchoUpstream, type EchoUpstream } from '../../testing/echo-upstream.util';
import {
  startFakeAuthService,
  startFakeTenantService,
  type FakeAuthService,
  type FakeTenantService,
} from '../../testing/fake-platform.util';
import { startGateway, type TestGateway } from '../../testing/gateway-harness.util';
import { send } from '../../testing/test-http.util';
import { EdgeAuthGuard } from './edge-auth.guard';

const API_KEY = 'sb_live_tenant-b_0123456789abcdef';

describe(EdgeAuthGuard.name, () => {
  let auth: FakeAuthService;
  let tenants: FakeTenantService;
  let upstream: EchoUpstream;
  let sut: TestGateway;

  beforeAll(async () => {
    auth = await startFakeAuthService();
    tenants = await startFakeTenantService(auth);
    tenants.keys.set(API_KEY, 'tenant-b');
    upstream = await startEchoUpstream();
    sut = await startGateway({
      authServiceUrl: auth.url,
      tenantServiceUrl: tenants.url,
      upstreamUrls: `auth=${upstream.url},tenants=${upstream.url}`,
      env: {
        RATE_LIMIT_IP_POINTS: '100000',
        RATE_LIMIT_TENANT_POINTS: '100000',
        API_KEY_CACHE_TTL_MS: '60000',
        API_KEY_NEGATIVE_CACHE_TTL_MS: '60000',
      },
    });
  });

  afterAll(async () => {
    await sut.close();
    await Promise.all([upstream.close(), tenants.close(), auth.close()]);
  });

  beforeEach(() => {
    upstream.seen.length = 0;
    tenants.verifyCalls.length = 0;
    tenants.failVerificationsWith(undefined);
  });

  it.each(['/api/auth/login', '/api/auth/refresh', '/api/auth/logout'])(
    'lets POST %s through without credentials (it authenticates at auth-service)',
    async (path) => {
      const response = await send(`${sut.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'sb_refresh=opaque-refresh-token' },
        body: Buffer.from('{"email":"a@b.c","password":"correct horse"}'),
      });

      expect(response.status).toBe(200);
      expect(upstream.seen[0].headers['cookie']).toBe('sb_refresh=opaque-refresh-token');
    },
  );

  it.each([
    ['GET', '/api/auth/login'],
    ['POST', '/api/auth/login/'],
    ['POST', '/api/auth/LOGIN'],
    ['GET', '/api/auth/me'],
    ['POST', '/api/auth/users'],
    ['GET', '/api/tenants'],
    ['DELETE', '/api/tenants/t-1'],
  ])('refuses %s %s without credentials with 401 and a reason', async (method, path) => {
    const response = await send(`${sut.url}${path}`, { method });

    expect(response.status).toBe(401);
    expect(response.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'missing credentials: a bearer token or an API key',
    });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="switchboard"');
    expect(upstream.seen).toHaveLength(0);
  });

  it('passes a valid user access token, verified with auth-service’s keys, on unchanged', async () => {
    const token = await auth.userToken({ tenantId: 'tenant-a', role: 'tenant-admin' });

    const response = await send(`${sut.url}/api/tenants/tenant-a`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(200);
    expect(upstream.seen[0].headers['authorization']).toBe(`Bearer ${token}`);
    // The keys come from auth-service's JWKS, fetched with the gateway's client credentials.
    expect(auth.calls).toContain('/internal/jwks');
  });

  it('refuses a token signed by another key, an expired one and a malformed header (401)', async () => {
    const forger = await generateSigningKey(auth.key.kid);
    const forged = await signAccessToken(
      forger,
      { userId: 'u', tenantId: null, role: 'platform-admin' },
      300,
    );
    const expired = await auth.userToken({}, -60);

    const responses = await Promise.all([
      send(`${sut.url}/api/tenants`, { headers: { authorization: `Bearer ${forged}` } }),
      send(`${sut.url}/api/tenants`, { headers: { authorization: `Bearer ${expired}` } }),
      send(`${sut.url}/api/tenants`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
      send(`${sut.url}/api/tenants`, { headers: { authorization: 'Bearer not-a-jwt' } }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([401, 401, 401, 401]);
    expect(responses[0].json().message).toMatch(/^invalid token: /);
    expect(responses[2].json().message).toBe('malformed Authorization header: expected Bearer <token>');
    expect(upstream.seen).toHaveLength(0);
  });

  it('refuses service tokens: 403 for one addressed to the gateway, 401 for one addressed elsewhere', async () => {
    const toGateway = await auth.serviceToken(SERVICES.STATE_MANAGER.name, SERVICES.API_GATEWAY.name);
    const toTenantService = await auth.serviceToken(SERVICES.STATE_MANAGER.name, SERVICES.TENANT.name);

    const addressed = await send(`${sut.url}/api/tenants`, {
      headers: { authorization: `Bearer ${toGateway}` },
    });
    const elsewhere = await send(`${sut.url}/api/tenants`, {
      headers: { authorization: `Bearer ${toTenantService}` },
    });

    expect(addressed.status).toBe(403);
    expect(addressed.json().message).toBe('service tokens are not accepted at the gateway');
    expect(elsewhere.status).toBe(401);
    expect(upstream.seen).toHaveLength(0);
  });

  it('accepts a tenant API key checked by tenant-service with a service token, and passes it on', async () => {
    const response = await send(`${sut.url}/api/tenants/tenant-b/numbers`, {
      headers: { 'x-api-key': API_KEY },
    });

    expect(response.status).toBe(200);
    expect(upstream.seen[0].headers['x-api-key']).toBe(API_KEY);
    expect(tenants.verifyCalls).toEqual([{ key: API_KEY, caller: SERVICES.API_GATEWAY.name }]);
  });

  it('remembers an API key verdict, valid or not, instead of asking tenant-service each time', async () => {
    const key = `${API_KEY}-cached`;
    tenants.keys.set(key, 'tenant-b');

    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await send(`${sut.url}/api/tenants/x`, { headers: { 'x-api-key': key } })).status).toBe(200);
      expect(
        (await send(`${sut.url}/api/tenants/x`, { headers: { 'x-api-key': 'sb_live_unknown' } })).status,
      ).toBe(401);
    }

    expect(tenants.verifyCalls.map((call) => call.key)).toEqual([key, 'sb_live_unknown']);
  });

  it('asks tenant-service once for concurrent requests with the same new key', async () => {
    const key = `${API_KEY}-concurrent`;
    tenants.keys.set(key, 'tenant-b');

    const responses = await Promise.all(
      Array.from({ length: 10 }, () => send(`${sut.url}/api/tenants/x`, { headers: { 'x-api-key': key } })),
    );

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(tenants.verifyCalls).toHaveLength(1);
  });

  it('refuses an unknown API key with 401 and does not forward the request', async () => {
    const response = await send(`${sut.url}/api/tenants`, {
      headers: { 'x-api-key': 'sb_live_never-issued' },
    });

    expect(response.status).toBe(401);
    expect(response.json().message).toBe('unknown, revoked or expired API key');
    expect(upstream.seen).toHaveLength(0);
  });

  it('answers 503 (not 401) while tenant-service cannot check keys, and does not remember the failure', async () => {
    const key = `${API_KEY}-during-outage`;
    tenants.keys.set(key, 'tenant-b');
    tenants.failVerificationsWith(500);

    const during = await send(`${sut.url}/api/tenants`, { headers: { 'x-api-key': key } });
    tenants.failVerificationsWith(undefined);
    const after = await send(`${sut.url}/api/tenants`, { headers: { 'x-api-key': key } });

    expect(during.status).toBe(503);
    expect(during.json().message).toBe('API keys cannot be checked right now; retry shortly');
    expect(after.status).toBe(200);
  });

  it('answers 404 for internal paths whether or not credentials are given', async () => {
    const anonymous = await send(`${sut.url}/api/tenants/internal/api-keys/verify`, { method: 'POST' });
    const withKey = await send(`${sut.url}/api/tenants/internal/api-keys/verify`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY },
    });

    expect([anonymous.status, withKey.status]).toEqual([404, 404]);
  });
});
