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
import { UsersController } from './users.controller';

interface UserBody {
  id: string;
  email: string;
  role: string;
  tenantId: string | null;
}

const TENANT_A = randomUUID();
const TENANT_B = randomUUID();
const PASSWORD = 'long-enough-password-1';

describe(UsersController.name, () => {
  let environment: TestEnvironment;
  let tenantService: FakeTenantService;
  let sut: AuthServiceTestApp;
  let dataSource: DataSource;
  const bearer: Record<'platform' | 'adminA' | 'agentA' | 'adminB', string> = {
    platform: '',
    adminA: '',
    agentA: '',
    adminB: '',
  };
  const users: Record<'adminA' | 'agentA' | 'adminB' | 'agentB', UserBody> = {} as never;

  const as = (who: keyof typeof bearer) => ({ authorization: `Bearer ${bearer[who]}` });
  const login = async (email: string, password = PASSWORD) => {
    const response = await sut.http().post('/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    return response;
  };
  const create = async (who: keyof typeof bearer, body: Record<string, unknown>) =>
    sut.http().post('/auth/users').set(as(who)).send(body);

  beforeAll(async () => {
    environment = await createTestEnvironment('users');
    tenantService = await startFakeTenantService(environment.signingKey.publicJwk);
    tenantService.tenants.set(TENANT_A, 'active');
    tenantService.tenants.set(TENANT_B, 'active');
    sut = await startAuthService(environment, { TENANT_SERVICE_URL: tenantService.baseUrl });
    bearer.platform = (
      (await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD)).body as { accessToken: string }
    ).accessToken;
    const seed = async (key: keyof typeof users, email: string, role: string, tenantId: string) => {
      const response = await create('platform', { email, password: PASSWORD, role, tenantId });
      expect(response.status).toBe(201);
      users[key] = response.body as UserBody;
    };
    await seed('adminA', 'admin@tenant-a.test', 'tenant-admin', TENANT_A);
    await seed('agentA', 'agent@tenant-a.test', 'agent', TENANT_A);
    await seed('adminB', 'admin@tenant-b.test', 'tenant-admin', TENANT_B);
    await seed('agentB', 'agent@tenant-b.test', 'agent', TENANT_B);
    bearer.adminA = ((await login('admin@tenant-a.test')).body as { accessToken: string }).accessToken;
    bearer.agentA = ((await login('agent@tenant-a.test')).body as { accessToken: string }).accessToken;
    bearer.adminB = ((await login('admin@tenant-b.test')).body as { accessToken: string }).accessToken;
    dataSource = createServiceDataSource({ url: TEST_DATABASE_URL, schema: environment.schema });
    await dataSource.initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await sut?.close();
    await tenantService?.close();
    await environment?.destroy();
  });

  describe('without credentials', () => {
    it.each([
      ['GET', '/auth/users'],
      ['GET', `/auth/users/${randomUUID()}`],
      ['POST', '/auth/users'],
      ['PATCH', `/auth/users/${randomUUID()}`],
      ['DELETE', `/auth/users/${randomUUID()}`],
    ])('answers %s %s with 401', async (method, path) => {
      const response = await sut.http()[method.toLowerCase() as 'get'](path);
      expect(response.status).toBe(401);
      expect(JSON.stringify(response.body)).not.toContain('@tenant-');
    });
  });

  describe('as an agent', () => {
    it('refuses every user management route with 403', async () => {
      const responses = await Promise.all([
        sut.http().get('/auth/users').set(as('agentA')),
        sut.http().get(`/auth/users/${users.agentA.id}`).set(as('agentA')),
        create('agentA', { email: 'x@tenant-a.test', password: PASSWORD, role: 'agent' }),
        sut.http().patch(`/auth/users/${users.agentA.id}`).set(as('agentA')).send({ displayName: 'Me' }),
        sut.http().delete(`/auth/users/${users.adminA.id}`).set(as('agentA')),
      ]);
      expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
      expect(responses.map((r) => JSON.stringify(r.body)).join()).not.toContain('@tenant-');
    });
  });

  describe('as a service', () => {
    it('refuses user management to service tokens', async () => {
      const token = await environment.serviceToken('tenant-service');
      const response = await sut.http().get('/auth/users').set('authorization', `Bearer ${token}`);
      expect(response.status).toBe(403);
    });
  });

  describe('as the tenant-admin of tenant A', () => {
    it('lists the users of tenant A only', async () => {
      const response = await sut.http().get('/auth/users').set(as('adminA'));
      expect(response.status).toBe(200);
      const listed = (response.body as { items: UserBody[] }).items;
      expect(listed.every((user) => user.tenantId === TENANT_A)).toBe(true);
      expect(listed.map((user) => user.id)).toEqual(
        expect.arrayContaining([users.adminA.id, users.agentA.id]),
      );
      expect(JSON.stringify(response.body)).not.toContain('tenant-b');
      expect(JSON.stringify(response.body)).not.toContain(TEST_ADMIN_EMAIL);
    });

    it('finds nothing when it asks for tenant B’s users', async () => {
      const response = await sut.http().get('/auth/users').query({ tenantId: TENANT_B }).set(as('adminA'));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ items: [], total: 0 });
    });

    it('gets 404 for a user of tenant B, whatever it tries, and changes nothing', async () => {
      const target = users.agentB.id;
      const responses = [
        await sut.http().get(`/auth/users/${target}`).set(as('adminA')),
        await sut.http().patch(`/auth/users/${target}`).set(as('adminA')).send({ disabled: true }),
        await sut.http().delete(`/auth/users/${target}`).set(as('adminA')),
      ];
      expect(responses.map((r) => r.status)).toEqual([404, 404, 404]);
      expect(responses.map((r) => JSON.stringify(r.body)).join()).not.toContain('tenant-b');
      const stillThere = await sut.http().get(`/auth/users/${target}`).set(as('adminB'));
      expect(stillThere.body).toMatchObject({ id: target, disabled: false });
    });

    it('gets 404 for a platform-admin', async () => {
      const admin = (await sut.http().get('/auth/me').set(as('platform'))).body as UserBody;
      expect((await sut.http().get(`/auth/users/${admin.id}`).set(as('adminA'))).status).toBe(404);
    });

    it('creates users in its own tenant only, and no platform-admins', async () => {
      const own = await create('adminA', {
        email: 'new.agent@tenant-a.test',
        password: PASSWORD,
        role: 'agent',
      });
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ tenantId: TENANT_A, role: 'agent' });
      expect(own.body).not.toHaveProperty('passwordHash');
      const elsewhere = await create('adminA', {
        email: 'smuggled@tenant-b.test',
        password: PASSWORD,
        role: 'agent',
        tenantId: TENANT_B,
      });
      expect(elsewhere.status).toBe(403);
      const platform = await create('adminA', {
        email: 'boss@tenant-a.test',
        password: PASSWORD,
        role: 'platform-admin',
      });
      expect(platform.status).toBe(403);
      const promoted = await sut
        .http()
        .patch(`/auth/users/${(own.body as UserBody).id}`)
        .set(as('adminA'))
        .send({ role: 'platform-admin' });
      expect(promoted.status).toBe(403);
    });

    it('manages its own tenant’s users: rename, promote, disable (ending the sessions), delete', async () => {
      const created = await create('adminA', {
        email: 'temp@tenant-a.test',
        password: PASSWORD,
        role: 'agent',
      });
      const id = (created.body as UserBody).id;
      const refresh = (cookie: string | undefined) =>
        sut.http().post('/auth/refresh').set('cookie', `sb_refresh=${cookie}`);
      const renamed = await sut
        .http()
        .patch(`/auth/users/${id}`)
        .set(as('adminA'))
        .send({ displayName: 'Temp' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ displayName: 'Temp', role: 'agent' });
      const promoted = await sut
        .http()
        .patch(`/auth/users/${id}`)
        .set(as('adminA'))
        .send({ role: 'tenant-admin' });
      expect(promoted.body).toMatchObject({ role: 'tenant-admin' });
      const session = await refresh(refreshCookieOf(await login('temp@tenant-a.test')));
      expect(session.status).toBe(200); // a rename or a session after the promotion lives on
      const disabled = await sut.http().patch(`/auth/users/${id}`).set(as('adminA')).send({ disabled: true });
      expect(disabled.body).toMatchObject({ disabled: true });
      expect((await refresh(refreshCookieOf(session))).status).toBe(401);
      expect(
        (await sut.http().post('/auth/login').send({ email: 'temp@tenant-a.test', password: PASSWORD }))
          .status,
      ).toBe(401);
      expect((await sut.http().delete(`/auth/users/${id}`).set(as('adminA'))).status).toBe(204);
      expect((await sut.http().get(`/auth/users/${id}`).set(as('adminA'))).status).toBe(404);
    });

    it('cannot disable or delete itself', async () => {
      expect((await sut.http().delete(`/auth/users/${users.adminA.id}`).set(as('adminA'))).status).toBe(409);
      const disabled = await sut
        .http()
        .patch(`/auth/users/${users.adminA.id}`)
        .set(as('adminA'))
        .send({ disabled: true });
      expect(disabled.status).toBe(409);
    });
  });

  describe('as a platform-admin', () => {
    it('sees the users of every tenant, and filters by tenant', async () => {
      const all = await sut.http().get('/auth/users').query({ limit: 200 }).set(as('platform'));
      const tenants = new Set((all.body as { items: UserBody[] }).items.map((user) => user.tenantId));
      expect(tenants).toEqual(new Set([null, TENANT_A, TENANT_B]));
      const onlyB = await sut.http().get('/auth/users').query({ tenantId: TENANT_B }).set(as('platform'));
      expect((onlyB.body as { items: UserBody[] }).items.map((user) => user.id).sort()).toEqual(
        [users.adminB.id, users.agentB.id].sort(),
      );
    });

    it('pages through users', async () => {
      const page = await sut.http().get('/auth/users').query({ limit: 2, offset: 1 }).set(as('platform'));
      expect(page.body).toMatchObject({ limit: 2, offset: 1 });
      expect((page.body as { items: unknown[] }).items).toHaveLength(2);
      expect((page.body as { total: number }).total).toBeGreaterThanOrEqual(5);
    });

    it('needs a tenant for tenant roles and none for platform-admins', async () => {
      expect(
        (await create('platform', { email: 'a@x.test', password: PASSWORD, role: 'agent' })).status,
      ).toBe(400);
      const withTenant = await create('platform', {
        email: 'b@x.test',
        password: PASSWORD,
        role: 'platform-admin',
        tenantId: TENANT_A,
      });
      expect(withTenant.status).toBe(400);
      const admin = await create('platform', {
        email: 'second.root@switchboard.test',
        password: PASSWORD,
        role: 'platform-admin',
      });
      expect(admin.status).toBe(201);
      expect(admin.body).toMatchObject({ tenantId: null, role: 'platform-admin' });
    });

    it('refuses a second user with the same email, whatever its case', async () => {
      const response = await create('platform', {
        email: 'AGENT@Tenant-A.test',
        password: PASSWORD,
        role: 'agent',
        tenantId: TENANT_B,
      });
      expect(response.status).toBe(409);
    });

    it('refuses unknown fields, short passwords and bad ids', async () => {
      const extra = await create('platform', {
        email: 'c@x.test',
        password: PASSWORD,
        role: 'agent',
        tenantId: TENANT_A,
        passwordHash: 'x',
      });
      expect(extra.status).toBe(400);
      const short = await create('platform', {
        email: 'd@x.test',
        password: 'short',
        role: 'agent',
        tenantId: TENANT_A,
      });
      expect(short.status).toBe(400);
      expect((await sut.http().get('/auth/users/not-a-uuid').set(as('platform'))).status).toBe(400);
    });
  });

  describe('row-level security', () => {
    it('runs as a role that RLS applies to', async () => {
      const [role] = await dataSource.query(
        `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
      );
      expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    });

    it('returns no rows to a deliberately unscoped query on the users and refresh token tables', async () => {
      const counted = await new TenantScope(dataSource).runAsPlatform(async (manager) => ({
        users: (await manager.query(`SELECT count(*)::int AS n FROM users`))[0].n as number,
        tokens: (await manager.query(`SELECT count(*)::int AS n FROM refresh_tokens`))[0].n as number,
      }));
      expect(counted.users).toBeGreaterThanOrEqual(5);
      expect(counted.tokens).toBeGreaterThanOrEqual(4);
      expect(await dataSource.query(`SELECT * FROM users`)).toEqual([]);
      expect(await dataSource.query(`SELECT * FROM refresh_tokens`)).toEqual([]);
    });

    it('shows a tenant scope its own users only, even when the query forgets the tenant', async () => {
      const rows: { tenant_id: string }[] = await new TenantScope(dataSource).run(TENANT_B, (manager) =>
        manager.query(`SELECT tenant_id FROM users`),
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.tenant_id === TENANT_B)).toBe(true);
    });
  });
});
