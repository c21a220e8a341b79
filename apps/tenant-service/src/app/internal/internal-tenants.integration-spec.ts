import { SERVICES } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import { createTenant } from '../../testing/fixtures.util';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { TenantServiceHarness } from '../../testing/tenant-service-harness.util';
import type { TenantStatusView } from '../tenants/tenants.dto';
import { InternalTenantsController } from './internal-tenants.controller';

describe(InternalTenantsController.name, () => {
  let harness: TenantServiceHarness;
  let identities: TestIdentities;
  let admin: Credential;
  let authService: Credential;

  beforeAll(async () => {
    identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({ label: 'internal-tenants', identities });
    admin = await identities.platformAdmin();
    authService = await identities.service(SERVICES.AUTH.name);
  });

  afterAll(() => harness.destroy());

  const statusOf = (tenantId: string, as: Credential = authService) =>
    harness.request<TenantStatusView>('GET', `/internal/tenants/${tenantId}/status`, { as });
  const setStatus = async (tenantId: string, status: 'active' | 'suspended') => {
    const response = await harness.request('PATCH', `/tenants/${tenantId}`, { as: admin, json: { status } });
    expect(response.status).toBe(200);
  };

  it('tells auth-service that an active tenant is active, and not to cache the answer downstream', async () => {
    const tenant = await createTenant(harness, admin);

    const response = await statusOf(tenant.id);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ tenantId: tenant.id, status: 'active' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('tells auth-service that a suspended tenant is suspended, and active again once reactivated', async () => {
    const tenant = await createTenant(harness, admin);

    await setStatus(tenant.id, 'suspended');
    const suspended = await statusOf(tenant.id);
    await setStatus(tenant.id, 'active');
    const reactivated = await statusOf(tenant.id);

    expect(suspended.body).toEqual({ tenantId: tenant.id, status: 'suspended' });
    expect(reactivated.body).toEqual({ tenantId: tenant.id, status: 'active' });
  });

  it('answers 404 for a deleted tenant and for an unknown one', async () => {
    const tenant = await createTenant(harness, admin);
    const deleted = await harness.request('DELETE', `/tenants/${tenant.id}`, { as: admin });
    expect(deleted.status).toBe(204);

    const gone = await statusOf(tenant.id);
    const unknown = await statusOf(randomUUID());

    expect(gone.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(gone.body).toEqual(unknown.body);
  });

  it('answers 400 with a reason for an id that is not a UUID', async () => {
    const response = await statusOf('not-a-tenant-id');

    expect(response.status).toBe(400);
    expect(response.text).toContain('tenantId must be a UUID');
  });

  it('answers 401 without a service token and 403 to any other service or to a user', async () => {
    const tenant = await createTenant(harness, admin);

    const anonymous = await statusOf(tenant.id, null);
    const otherService = await statusOf(tenant.id, await identities.service(SERVICES.API_GATEWAY.name));
    const user = await statusOf(tenant.id, admin);
    const wrongAudience = await statusOf(
      tenant.id,
      await identities.service(SERVICES.AUTH.name, SERVICES.STATE_MANAGER.name),
    );

    expect([anonymous.status, otherService.status, user.status, wrongAudience.status]).toEqual([
      401, 403, 403, 401,
    ]);
    for (const refused of [anonymous, otherService, user, wrongAudience]) {
      expect(refused.body).not.toHaveProperty('status');
      expect(refused.text).not.toContain(tenant.id);
    }
  });
});
