import { classifyError } from '@switchboard/backend-util-messaging';
import type { TenantLookup } from '@switchboard/shared-contracts';
import { IntegrationRoutes } from './integration-routes';

const INTEGRATION = '5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f';

const lookup = (overrides: Partial<TenantLookup> = {}): TenantLookup => ({
  tenantId: 'tenant-a',
  tenantStatus: 'active',
  numberId: 'number-1',
  phoneNumberId: '109876543210987',
  displayNumber: '+1 555 0100',
  wabaId: 'waba-1',
  throughputTier: 80,
  integrationId: INTEGRATION,
  genesysRegion: 'eu-west-1',
  ...overrides,
});

const routesAnswering = (answer: TenantLookup | null) =>
  new IntegrationRoutes({ byIntegrationId: async () => answer });

describe(IntegrationRoutes.name, () => {
  it('resolves the region of the tenant’s integration', async () => {
    const sut = routesAnswering(lookup());

    await expect(sut.resolve('tenant-a', INTEGRATION)).resolves.toEqual({
      tenantId: 'tenant-a',
      integrationId: INTEGRATION,
      region: 'eu-west-1',
    });
  });

  it('refuses for good an integration that belongs to another tenant', async () => {
    const sut = routesAnswering(lookup({ tenantId: 'tenant-b' }));

    const error = await sut.resolve('tenant-a', INTEGRATION).catch((failure: unknown) => failure);

    expect((error as Error).message).toBe(
      `integration ${INTEGRATION} does not belong to tenant tenant-a: cross-tenant delivery refused`,
    );
    expect(classifyError(error).kind).toBe('permanent');
  });

  it('refuses for good an integration no tenant owns', async () => {
    const error = await routesAnswering(null)
      .resolve('tenant-a', INTEGRATION)
      .catch((failure: unknown) => failure);

    expect((error as Error).message).toMatch(/belongs to no tenant/);
    expect(classifyError(error).kind).toBe('permanent');
  });

  it('refuses a suspended tenant and an unknown region', async () => {
    await expect(
      routesAnswering(lookup({ tenantStatus: 'suspended' })).resolve('tenant-a', INTEGRATION),
    ).rejects.toThrow(/tenant tenant-a is suspended/);
    await expect(
      routesAnswering(lookup({ genesysRegion: 'mars-1' })).resolve('tenant-a', INTEGRATION),
    ).rejects.toThrow(/unknown Genesys region "mars-1"/);
  });
});
