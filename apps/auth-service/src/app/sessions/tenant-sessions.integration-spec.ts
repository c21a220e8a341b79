import { createServiceDataSource, TenantScope } from '@switchboard/backend-data-access-persistence';
import { TEST_DATABASE_URL } from '@switchboard/backend-testing-infra';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
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
import { freePort } from '../../testing/genesys-simulator-process.util';
import { SessionsController } from './sessions.controller';
import { TenantSessionsController } from './tenant-sessions.controller';

const PASSWORD = 'tenant-user-password-1';
const statusPath = (tenantId: string) => `/internal/tenants/${tenantId}/status`;

describe(`${SessionsController.name} and ${TenantSessionsController.name}: suspended and deleted tenants`, () => {
  let environment: TestEnvironment;
  let tenantService: FakeTenantService;
  /** Asks tenant-service at every login and refresh (TENANT_STATUS_CACHE_SECONDS=0). */
  let sut: AuthServiceTestApp;
  /** The default: active answers cached for 30 s. */
  let cached: AuthServiceTestApp;
  /** Its TENANT_SERVICE_URL points at a port where nothing listens. */
  let cutOff: AuthServiceTestApp;
  let dataSource: DataSource;
  let adminToken: string;

  const login = (email: string, app = sut, password = PASSWORD) =>
    app.http().post('/auth/login').send({ email, password });
  const refresh = (cookie: string | undefined, app = sut) =>
    app.http().post('/auth/refresh').set('cookie', `sb_refresh=${cookie}`);
  const sessionOf = async (email: string, app = sut) => {
    const response = await login(email, app);
    expect(response.status).toBe(200);
    return refreshCookieOf(response);
  };
  const revokeTenant = async (tenantId: string, app = sut, caller = 'tenant-service', body: object = {}) =>
    app
      .http()
      .post(`/internal/tenants/${tenantId}/sessions/revoke`)
      .set('authorization', `Bearer ${await environment.serviceToken(caller)}`)
      .send(body);
  /** A fresh active tenant with one agent; its email. */
  const tenantWithAgent = async (label: string): Promise<{ tenantId: string; email: string }> => {
    const tenantId = randomUUID();
    tenantService.tenants.set(tenantId, 'active');
    const email = `${label}-${tenantId.slice(0, 8)}@tenant.test`;
    await addAgent(tenantId, email);
    return { tenantId, email };
  };
  const addAgent = async (tenantId: string, email: string) => {
    const created = await sut
      .http()
      .post('/auth/users')
      .set('authorization', `Bearer ${adminToken}`)
      .send({ email, password: PASSWORD, role: 'agent', tenantId });
    expect(created.status).toBe(201);
  };
  const revokedReasons = (tenantId: string): Promise<string[]> =>
    new TenantScope(dataSource).run(tenantId, async (manager) => {
      const rows: { revoked_reason: string | null }[] = await manager.query(
        `SELECT DISTINCT revoked_reason FROM refresh_tokens WHERE tenant_id = $1`,
        [tenantId],
      );
      return rows.map((row) => row.revoked_reason ?? 'not revoked');
    });

  beforeAll(async () => {
    environment = await createTestEnvironment('tenant_sessions');
    tenantService = await startFakeTenantService(environment.signingKey.publicJwk);
    const env = { TENANT_SERVICE_URL: tenantService.baseUrl };
    sut = await startAuthService(environment, { ...env, TENANT_STATUS_CACHE_SECONDS: '0' });
    cached = await startAuthService(environment, env);
    cutOff = await startAuthService(environment, {
      TENANT_SERVICE_URL: `http://127.0.0.1:${await freePort()}`,
    });
    const admin = await login(TEST_ADMIN_EMAIL, sut, TEST_ADMIN_PASSWORD);
    adminToken = (admin.body as { accessToken: string }).accessToken;
    dataSource = createServiceDataSource({ url: TEST_DATABASE_URL, schema: environment.schema });
    await dataSource.initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await Promise.all([sut, cached, cutOff].filter(Boolean).map((app) => app.close()));
    await tenantService?.close();
    await environment?.destroy();
  });

  describe('login', () => {
    it("refuses a suspended tenant's user with 403 and the reason, and issues nothing", async () => {
      const { tenantId, email } = await tenantWithAgent('suspended-login');
      tenantService.tenants.set(tenantId, 'suspended');

      const response = await login(email);

      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, message: 'tenant suspended', retryable: false });
      expect(response.body).not.toHaveProperty('accessToken');
      expect(refreshCookieOf(response)).toBeUndefined();
      expect(await revokedReasons(tenantId)).toEqual([]); // no session was started
    });

    it('tells the status only to who knows the password: a wrong one still gets 401', async () => {
      const { tenantId, email } = await tenantWithAgent('suspended-guess');
      tenantService.tenants.set(tenantId, 'suspended');
      const asked = tenantService.verifiedCalls.get(statusPath(tenantId)) ?? 0;

      const response = await login(email, sut, 'not-the-password');

      expect(response.status).toBe(401);
      expect(JSON.stringify(response.body)).not.toContain('suspended');
      expect(tenantService.verifiedCalls.get(statusPath(tenantId)) ?? 0).toBe(asked);
    });

    it("refuses a deleted tenant's user with 403 'tenant no longer exists'", async () => {
      const { tenantId, email } = await tenantWithAgent('deleted-login');
      tenantService.tenants.delete(tenantId);

      const response = await login(email);

      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ message: 'tenant no longer exists', retryable: false });
      expect(refreshCookieOf(response)).toBeUndefined();
    });

    it('answers 503 with Retry-After when tenant-service is unreachable, and lets nobody of a tenant in', async () => {
      const { email } = await tenantWithAgent('unreachable-login');

      const response = await login(email, cutOff);

      expect(response.status).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.body).toMatchObject({ statusCode: 503, retryable: true });
      expect((response.body as { message: string }).message).toContain(
        'cannot check the status of the tenant',
      );
      expect(refreshCookieOf(response)).toBeUndefined();
    });

    it('lets a platform-admin log in and refresh whatever tenant-service does', async () => {
      const session = await login(TEST_ADMIN_EMAIL, cutOff, TEST_ADMIN_PASSWORD);
      const refreshed = await refresh(refreshCookieOf(session), cutOff);

      expect([session.status, refreshed.status]).toEqual([200, 200]);
      expect((refreshed.body as { user: { tenantId: string | null } }).user.tenantId).toBeNull();
    });
  });

  describe('refresh', () => {
    it('refuses with 403 after a suspension, revokes the session, which stays dead after reactivation', async () => {
      const { tenantId, email } = await tenantWithAgent('suspended-refresh');
      const cookie = await sessionOf(email);
      tenantService.tenants.set(tenantId, 'suspended');

      const refused = await refresh(cookie);
      tenantService.tenants.set(tenantId, 'active');
      const afterReactivation = await refresh(cookie);

      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ message: 'tenant suspended', retryable: false });
      expect((refused.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^sb_refresh=;/);
      expect(afterReactivation.status).toBe(401);
      expect(await revokedReasons(tenantId)).toEqual(['tenant-suspended']);
      expect(await sessionOf(email)).toBeDefined(); // a new login works again once active
    });

    it("refuses with 403 'tenant no longer exists' after a deletion, and revokes the session", async () => {
      const { tenantId, email } = await tenantWithAgent('deleted-refresh');
      const cookie = await sessionOf(email);
      tenantService.tenants.delete(tenantId);

      const refused = await refresh(cookie);
      tenantService.tenants.set(tenantId, 'active');
      const again = await refresh(cookie);

      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ message: 'tenant no longer exists' });
      expect(again.status).toBe(401);
      expect(await revokedReasons(tenantId)).toEqual(['tenant-deleted']);
    });

    it('answers 503 with Retry-After when tenant-service is unreachable, and keeps the session usable', async () => {
      const { email } = await tenantWithAgent('unreachable-refresh');
      const cookie = await sessionOf(email);

      const unavailable = await refresh(cookie, cutOff);
      const later = await refresh(cookie);

      expect(unavailable.status).toBe(503);
      expect(Number(unavailable.headers['retry-after'])).toBeGreaterThan(0);
      expect(unavailable.headers['set-cookie']).toBeUndefined();
      expect(later.status).toBe(200);
    });

    it('still detects a reused token of a suspended tenant as reuse (401), before asking about the tenant', async () => {
      const { tenantId, email } = await tenantWithAgent('reuse');
      const first = await sessionOf(email);
      const second = refreshCookieOf(await refresh(first));
      tenantService.tenants.set(tenantId, 'suspended');
      const asked = tenantService.verifiedCalls.get(statusPath(tenantId)) ?? 0;

      const replay = await refresh(first);

      expect(replay.status).toBe(401);
      expect(tenantService.verifiedCalls.get(statusPath(tenantId))).toBe(asked);
      expect((await refresh(second)).status).toBe(401); // the family is gone
    });
  });

  describe('POST /internal/tenants/:tenantId/sessions/revoke', () => {
    it("revokes every session of the tenant's users, and no other tenant's", async () => {
      const target = await tenantWithAgent('revoked');
      const colleague = `colleague-${target.tenantId.slice(0, 8)}@tenant.test`;
      await addAgent(target.tenantId, colleague);
      const bystander = await tenantWithAgent('bystander');
      const targetSessions = [
        await sessionOf(target.email),
        await sessionOf(target.email),
        await sessionOf(colleague),
      ];
      const bystanderSession = await sessionOf(bystander.email);

      const revoked = await revokeTenant(target.tenantId, sut, 'tenant-service', {
        reason: 'tenant-suspended',
      });

      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual({ tenantId: target.tenantId, revokedSessions: 3 });
      // The tenant is still active at tenant-service: the revocation alone ends these sessions.
      for (const cookie of targetSessions) expect((await refresh(cookie)).status).toBe(401);
      expect((await refresh(bystanderSession)).status).toBe(200);
      expect(await revokedReasons(target.tenantId)).toEqual(['tenant-suspended']);
      expect(await revokedReasons(bystander.tenantId)).toEqual(['not revoked']);
    });

    it('records the reason it is given, and answers 0 for a tenant without sessions', async () => {
      const deleted = await tenantWithAgent('revoked-deleted');
      await sessionOf(deleted.email);

      const first = await revokeTenant(deleted.tenantId, sut, 'tenant-service', { reason: 'tenant-deleted' });
      const second = await revokeTenant(deleted.tenantId, sut, 'tenant-service', {
        reason: 'tenant-deleted',
      });
      const unknown = await revokeTenant(randomUUID());

      expect([first.body, second.body]).toEqual([
        { tenantId: deleted.tenantId, revokedSessions: 1 },
        { tenantId: deleted.tenantId, revokedSessions: 0 },
      ]);
      expect(unknown.status).toBe(200);
      expect(await revokedReasons(deleted.tenantId)).toEqual(['tenant-deleted']);
    });

    it('makes the next login ask tenant-service again, instead of trusting its cached "active"', async () => {
      const { tenantId, email } = await tenantWithAgent('cache-dropped');
      expect((await login(email, cached)).status).toBe(200);
      expect((await login(email, cached)).status).toBe(200);
      const askedWhileActive = tenantService.verifiedCalls.get(statusPath(tenantId));
      tenantService.tenants.set(tenantId, 'suspended');

      const revoked = await revokeTenant(tenantId, cached);
      const afterRevocation = await login(email, cached);

      expect(askedWhileActive).toBe(1); // the second login used the cached answer
      expect(revoked.status).toBe(200);
      expect(afterRevocation.status).toBe(403);
      expect(tenantService.verifiedCalls.get(statusPath(tenantId))).toBe(2);
    });

    it('answers 401 without a service token, 403 to other services and to users, 400 to a bad id or reason', async () => {
      const tenantId = randomUUID();
      const route = `/internal/tenants/${tenantId}/sessions/revoke`;

      const anonymous = await sut.http().post(route);
      const user = await sut.http().post(route).set('authorization', `Bearer ${adminToken}`);
      const otherService = await revokeTenant(tenantId, sut, 'api-gateway');
      const wrongAudience = await sut
        .http()
        .post(route)
        .set('authorization', `Bearer ${await environment.serviceToken('tenant-service', 'tenant-service')}`);
      const badId = await revokeTenant('not-a-uuid');
      const badReason = await revokeTenant(tenantId, sut, 'tenant-service', { reason: 'bored' });

      expect(
        [anonymous, user, otherService, wrongAudience, badId, badReason].map((response) => response.status),
      ).toEqual([401, 403, 403, 401, 400, 400]);
    });
  });
});
