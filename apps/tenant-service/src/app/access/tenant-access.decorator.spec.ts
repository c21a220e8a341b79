import { ForbiddenException } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from '@switchboard/backend-util-auth';
import { TenantNotFoundException, resolveTenantAccess } from './tenant-access.decorator';

const TENANT_A = '2f0d7f9c-3c59-4a8e-9f5c-0c7f3a1b2c3d';
const TENANT_B = '7a1e2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b';

function request(principal: Principal | undefined, tenantId: string | undefined): AuthenticatedRequest {
  return { principal, params: tenantId === undefined ? {} : { tenantId } } as unknown as AuthenticatedRequest;
}

describe(resolveTenantAccess.name, () => {
  const platformAdmin: Principal = { kind: 'user', userId: 'root', tenantId: null, role: 'platform-admin' };
  const agentOfA: Principal = { kind: 'user', userId: 'u', tenantId: TENANT_A, role: 'agent' };
  const keyOfA: Principal = { kind: 'api-key', keyId: 'k', tenantId: TENANT_A, role: 'tenant-admin' };

  it('lets a platform-admin act on any tenant', () => {
    expect(resolveTenantAccess(request(platformAdmin, TENANT_B))).toMatchObject({
      tenantId: TENANT_B,
      actor: { kind: 'user', id: 'root', role: 'platform-admin' },
    });
  });

  it('lets users and API keys act on their own tenant, whatever the case of the id', () => {
    expect(resolveTenantAccess(request(agentOfA, TENANT_A.toUpperCase())).tenantId).toBe(TENANT_A);
    expect(resolveTenantAccess(request(keyOfA, TENANT_A)).actor).toEqual({
      kind: 'api-key',
      id: 'k',
      role: 'tenant-admin',
    });
  });

  it.each([
    ['another tenant', TENANT_B],
    ['an id that is not a UUID', "' OR 1=1 --"],
    ['no id', undefined],
  ])('answers %s like an unknown tenant (404)', (_label, tenantId) => {
    expect(() => resolveTenantAccess(request(agentOfA, tenantId))).toThrow(TenantNotFoundException);
  });

  it('refuses service tokens and, where asked, API keys', () => {
    expect(() =>
      resolveTenantAccess(request({ kind: 'service', service: 'state-manager' }, TENANT_A)),
    ).toThrow(ForbiddenException);
    expect(() => resolveTenantAccess(request(keyOfA, TENANT_A), { usersOnly: true })).toThrow(
      ForbiddenException,
    );
  });
});
