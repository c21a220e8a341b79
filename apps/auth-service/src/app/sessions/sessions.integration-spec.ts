import { TEST_REDIS_URL } from '@switchboard/backend-testing-infra';
import { TokenVerifier, localJwks } from '@switchboard/backend-util-auth';
import { randomUUID } from 'node:crypto';
import {
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  createTestEnvironment,
  refreshCookieOf,
  startAuthService,
  type AuthServiceTestApp,
  type TestEnvironment,
} from '../../testing/auth-service-test-app.util';
import { startFakeTenantService, type FakeTenantService } from '../../testing/fake-tenant-service.util';
import { SessionsController } from './sessions.controller';

interface SessionBody {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  user: { id: string; email: string; role: string; tenantId: string | null };
}

const TENANT = randomUUID();
const AGENT_EMAIL = 'agent.ann@tenant.test';
const AGENT_PASSWORD = 'agent-ann-password-1';

describe(SessionsController.name, () => {
  let environment: TestEnvironment;
  let tenantService: FakeTenantService;
  let sut: AuthServiceTestApp;
  let replica: AuthServiceTestApp;
  let adminToken: string;
  const issuedSecrets = new Set<string>();

  const login = (email: string, password: string, ip = '198.51.100.1', app = sut) =>
    app.http().post('/auth/login').set('x-forwarded-for', ip).send({ email, password });
  const refresh = (cookie: string | undefined, app = sut) => {
    const call = app.http().post('/auth/refresh');
    return cookie === undefined ? call : call.set('cookie', `sb_refresh=${cookie}`);
  };
  const remember = (response: { body: unknown; headers: Record<string, unknown> }) => {
    const body = response.body as Partial<SessionBody>;
    if (body.accessToken) issuedSecrets.add(body.accessToken);
    const cookie = refreshCookieOf(response);
    if (cookie) issuedSecrets.add(cookie);
    return cookie;
  };

  beforeAll(async () => {
    environment = await createTestEnvironment('sessions');
    tenantService = await startFakeTenantService(environment.signingKey.publicJwk);
    tenantService.tenants.set(TENANT, 'active');
    const env = {
      LOGIN_MAX_FAILURES_PER_EMAIL_AND_IP: '3',
      LOGIN_MAX_FAILURES_PER_IP: '8',
      TENANT_SERVICE_URL: tenantService.baseUrl,
    };
    sut = await startAuthService(environment, env);
    replica = await startAuthService(environment, env);
    const admin = await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, '192.0.2.200');
    adminToken = (admin.body as SessionBody).accessToken;
    remember(admin);
    const created = await sut
      .http()
      .post('/auth/users')
      .set('authorization', `Bearer ${adminToken}`)
      .send({ email: AGENT_EMAIL, password: AGENT_PASSWORD, role: 'agent', tenantId: TENANT });
    expect(created.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([sut, replica].filter(Boolean).map((app) => app.close()));
    await tenantService?.close();
    await environment?.destroy();
  });

  it('logs in with email and password: a short-lived ES256 access token and the user', async () => {
    const response = await login(AGENT_EMAIL, AGENT_PASSWORD);
    remember(response);
    expect(response.status).toBe(200);
    const body = response.body as SessionBody;
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: AGENT_EMAIL, role: 'agent', tenantId: TENANT },
    });
    expect(JSON.stringify(body)).not.toMatch(/password/i);
    const verifier = new TokenVerifier(
      localJwks({ keys: [environment.signingKey.publicJwk] }),
      'auth-service',
    );
    await expect(verifier.verifyAccessToken(body.accessToken)).resolves.toEqual({
      kind: 'user',
      userId: body.user.id,
      tenantId: TENANT,
      role: 'agent',
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('sets the refresh token in an HttpOnly, Secure, SameSite=Strict cookie on the gateway’s auth path', async () => {
    const response = await login(AGENT_EMAIL, AGENT_PASSWORD);
    remember(response);
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('sb_refresh='),
    )!;
    const attributes = cookie.split(';').map((part) => part.trim());
    expect(attributes[0]).toMatch(/^sb_refresh=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/auth']),
    );
    const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(14 * 24 * 3600 - 10);
    expect(maxAge).toBeLessThanOrEqual(14 * 24 * 3600);
  });

  it('logs in whatever the case of the email', async () => {
    const response = await login(AGENT_EMAIL.toUpperCase(), AGENT_PASSWORD);
    remember(response);
    expect(response.status).toBe(200);
  });

  it('gives an unknown email and a wrong password the same answer', async () => {
    const unknown = await login('nobody@tenant.test', AGENT_PASSWORD, '198.51.100.50');
    const wrong = await login(AGENT_EMAIL, 'not-the-password', '198.51.100.51');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    // The equal work behind both answers is shown by PasswordHasher's unit test (no timing here).
  });

  it('answers 429 with Retry-After once an email and address used up their failures, even for the right password', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 3; i += 1) expect((await login(AGENT_EMAIL, `wrong-${i}`, ip)).status).toBe(401);
    const blocked = await login(AGENT_EMAIL, AGENT_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(refreshCookieOf(blocked)).toBeUndefined();
    expect((await login(AGENT_EMAIL, AGENT_PASSWORD, '203.0.113.8')).status).toBe(200); // another address
  });

  it('shares the throttle across replicas through Redis', async () => {
    const ip = '203.0.113.20';
    for (let i = 0; i < 3; i += 1) await login(AGENT_EMAIL, `wrong-${i}`, ip, sut);
    expect((await login(AGENT_EMAIL, AGENT_PASSWORD, ip, replica)).status).toBe(429);
  });

  it('throttles an address that tries many emails', async () => {
    const ip = '203.0.113.30';
    for (let i = 0; i < 8; i += 1) await login(`sprayed-${i}@tenant.test`, 'guess-123', ip);
    const blocked = await login(AGENT_EMAIL, AGENT_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps throttling in memory when Redis is unreachable', async () => {
    const isolated = await startAuthService(environment, {
      TENANT_SERVICE_URL: tenantService.baseUrl,
      REDIS_URL: 'redis://127.0.0.1:1/0',
      LOGIN_MAX_FAILURES_PER_EMAIL_AND_IP: '2',
    });
    try {
      const ip = '203.0.113.40';
      expect((await login(AGENT_EMAIL, AGENT_PASSWORD, ip, isolated)).status).toBe(200);
      for (let i = 0; i < 2; i += 1)
        expect((await login(AGENT_EMAIL, 'wrong', ip, isolated)).status).toBe(401);
      const blocked = await login(AGENT_EMAIL, AGENT_PASSWORD, ip, isolated);
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
    } finally {
      await isolated.close();
    }
    expect(TEST_REDIS_URL).not.toContain(':1/0'); // the shared instances did use the real Redis
  });

  it('rotates the refresh token: a new cookie and a new access token, each use once', async () => {
    const first = remember(await login(AGENT_EMAIL, AGENT_PASSWORD));
    const rotated = await refresh(first);
    const second = remember(rotated);
    expect(rotated.status).toBe(200);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect((rotated.body as SessionBody).user.email).toBe(AGENT_EMAIL);
    const again = await refresh(second);
    remember(again);
    expect(again.status).toBe(200);
  });

  it('revokes the whole session when a used refresh token comes back (reuse detection)', async () => {
    const stolen = remember(await login(AGENT_EMAIL, AGENT_PASSWORD));
    const legitimate = remember(await refresh(stolen));
    const replay = await refresh(stolen);
    expect(replay.status).toBe(401);
    expect((await refresh(legitimate)).status).toBe(401); // the family is gone
    const logLines = sut.logs.filter((line) => line.includes('refresh.reuse-detected'));
    expect(logLines).toHaveLength(1);
  });

  it('refuses refresh without a cookie, with garbage, and clears the cookie', async () => {
    expect((await refresh(undefined)).status).toBe(401);
    const garbage = await refresh('x'.repeat(43));
    expect(garbage.status).toBe(401);
    expect((garbage.headers['set-cookie'] as unknown as string[])[0]).toMatch(
      /^sb_refresh=;.*Expires=Thu, 01 Jan 1970/,
    );
  });

  it('logs out: the session ends and the cookie is cleared on the same path', async () => {
    const cookie = remember(await login(AGENT_EMAIL, AGENT_PASSWORD));
    const response = await sut.http().post('/auth/logout').set('cookie', `sb_refresh=${cookie}`);
    expect(response.status).toBe(204);
    const cleared = (response.headers['set-cookie'] as unknown as string[])[0];
    expect(cleared).toMatch(/^sb_refresh=;/);
    expect(cleared).toContain('Path=/api/auth');
    expect(cleared).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect((await refresh(cookie)).status).toBe(401);
    expect((await sut.http().post('/auth/logout')).status).toBe(401);
  });

  it('tells a signed-in user who they are, and nobody else', async () => {
    const session = await login(AGENT_EMAIL, AGENT_PASSWORD);
    remember(session);
    const me = await sut
      .http()
      .get('/auth/me')
      .set('authorization', `Bearer ${(session.body as SessionBody).accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: AGENT_EMAIL, role: 'agent', tenantId: TENANT });
    expect(me.body).not.toHaveProperty('passwordHash');
    expect((await sut.http().get('/auth/me')).status).toBe(401);
    const service = await environment.serviceToken('tenant-service');
    expect((await sut.http().get('/auth/me').set('authorization', `Bearer ${service}`)).status).toBe(403);
  });

  it('changes the own password after checking the current one, ending every session', async () => {
    const email = 'changer@tenant.test';
    await sut
      .http()
      .post('/auth/users')
      .set('authorization', `Bearer ${adminToken}`)
      .send({ email, password: 'first-password-123', role: 'agent', tenantId: TENANT })
      .expect(201);
    const session = await login(email, 'first-password-123');
    const cookie = remember(session);
    const bearer = `Bearer ${(session.body as SessionBody).accessToken}`;
    const wrong = await sut
      .http()
      .post('/auth/password')
      .set('authorization', bearer)
      .send({ currentPassword: 'not-it', newPassword: 'second-password-456' });
    expect(wrong.status).toBe(401);
    const changed = await sut
      .http()
      .post('/auth/password')
      .set('authorization', bearer)
      .send({ currentPassword: 'first-password-123', newPassword: 'second-password-456' });
    expect(changed.status).toBe(204);
    expect((await refresh(cookie)).status).toBe(401);
    expect((await login(email, 'first-password-123', '198.51.100.90')).status).toBe(401);
    expect((await login(email, 'second-password-456', '198.51.100.90')).status).toBe(200);
  });

  it('never writes a password, an access token or a refresh token into its logs', () => {
    const logs = [...sut.logs, ...replica.logs].join('\n');
    expect(logs).toContain('login succeeded'); // the capture works
    expect(issuedSecrets.size).toBeGreaterThan(10);
    for (const secret of issuedSecrets) expect(logs).not.toContain(secret);
    for (const password of [
      AGENT_PASSWORD,
      TEST_ADMIN_PASSWORD,
      'first-password-123',
      'second-password-456',
    ]) {
      expect(logs).not.toContain(password);
    }
  });
});
