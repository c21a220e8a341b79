import { randomBytes } from 'node:crypto';
import { createTenant } from '../../testing/fixtures.util';
import { FakeAuthService } from '../../testing/fake-auth-service.util';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { TenantServiceHarness } from '../../testing/tenant-service-harness.util';
import { AuthSessions } from './auth-sessions.service';

describe(AuthSessions.name, () => {
  const serviceSecret = randomBytes(24).toString('base64url');
  let authService: FakeAuthService;
  let harness: TenantServiceHarness;
  let admin: Credential;

  beforeAll(async () => {
    authService = await FakeAuthService.start();
    const identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({
      label: 'auth-sessions',
      identities,
      env: { AUTH_SERVICE_URL: authService.baseUrl, SERVICE_CLIENT_SECRET: serviceSecret },
    });
    admin = await identities.platformAdmin();
  });

  afterAll(async () => {
    await harness.destroy();
    await authService.close();
  });

  beforeEach(() => {
    authService.mark();
    authService.revocationStatus = 200;
  });

  const patchTenant = (tenantId: string, json: Record<string, unknown>) =>
    harness.request('PATCH', `/tenants/${tenantId}`, { as: admin, json });

  it("makes auth-service revoke the sessions of a suspended tenant's users, with a service token", async () => {
    const tenant = await createTenant(harness, admin);

    const suspended = await patchTenant(tenant.id, { status: 'suspended' });
    const revocations = await authService.waitForSessionRevocations(1);

    expect(suspended.status).toBe(200);
    expect(revocations.map((call) => call.path)).toEqual([`/internal/tenants/${tenant.id}/sessions/revoke`]);
    expect(JSON.parse(revocations[0].body)).toEqual({ reason: 'tenant-suspended' });
    expect(revocations[0].headers.authorization).toBe(`Bearer ${authService.serviceToken}`);
    expect(revocations[0].headers['content-type']).toBe('application/json');
  });

  it("makes auth-service revoke the sessions of a deleted tenant's users", async () => {
    const tenant = await createTenant(harness, admin);

    const deleted = await harness.request('DELETE', `/tenants/${tenant.id}`, { as: admin });
    const revocations = await authService.waitForSessionRevocations(1);

    expect(deleted.status).toBe(204);
    expect(revocations.map((call) => [call.path, JSON.parse(call.body) as unknown])).toEqual([
      [`/internal/tenants/${tenant.id}/sessions/revoke`, { reason: 'tenant-deleted' }],
    ]);
  });

  it('leaves the sessions alone when a tenant is created, renamed or reactivated', async () => {
    const tenant = await createTenant(harness, admin);
    await patchTenant(tenant.id, { name: 'Renamed' });
    await patchTenant(tenant.id, { status: 'active' });

    expect(await authService.waitForSessionRevocations(1, 300)).toEqual([]);
  });

  it('suspends and deletes all the same when auth-service fails, and logs that it did not revoke', async () => {
    authService.revocationStatus = 503;
    const tenant = await createTenant(harness, admin);

    const suspended = await patchTenant(tenant.id, { status: 'suspended' });
    const deleted = await harness.request('DELETE', `/tenants/${tenant.id}`, { as: admin });
    await authService.waitForSessionRevocations(2);
    const warnings = await waitForLogLines(
      harness,
      (line) => String(line['msg']).includes(`did not revoke the sessions of tenant ${tenant.id}`),
      2,
    );

    expect([suspended.status, deleted.status]).toEqual([200, 204]);
    expect(warnings.map((line) => line['level'])).toEqual(['warn', 'warn']);
    expect(
      warnings.map((line) => String(line['msg']).replace(/^.*\((tenant-\w+)\): /, '$1 ')).sort(),
    ).toEqual(['tenant-deleted HTTP 503', 'tenant-suspended HTTP 503']);
  });

  it('never sends the service client secret along with a revocation', () => {
    const revocations = authService.calls.filter((call) => call.path.endsWith('/sessions/revoke'));

    expect(revocations.length).toBeGreaterThanOrEqual(4);
    expect(revocations.filter((call) => JSON.stringify(call).includes(serviceSecret))).toEqual([]);
  });
});

async function waitForLogLines(
  harness: TenantServiceHarness,
  matches: (line: Record<string, unknown>) => boolean,
  count: number,
  timeoutMs = 3000,
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = harness.logs.lines().filter(matches);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
