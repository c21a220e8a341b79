import { UNROUTABLE_TENANT_ID } from '@switchboard/shared-contracts';
import {
  FakeTenantDirectory,
  TEST_PHONE_NUMBER_ID,
  tenantLookup,
} from '../../testing/fake-tenant-directory.util';
import { TenantRoutesService, routeFor } from './tenant-routes.service';

describe(routeFor.name, () => {
  it('routes an onboarded number of an active tenant to that tenant', () => {
    const lookup = tenantLookup();

    expect(routeFor(lookup)).toEqual({ routable: true, tenantId: lookup.tenantId });
  });

  it('parks a number no tenant owns under the unroutable tenant id', () => {
    expect(routeFor(null)).toEqual({
      routable: false,
      tenantId: UNROUTABLE_TENANT_ID,
      reason: 'unknown_phone_number',
    });
  });

  it('parks the numbers of a suspended tenant under that tenant', () => {
    const lookup = tenantLookup({ tenantStatus: 'suspended' });

    expect(routeFor(lookup)).toEqual({
      routable: false,
      tenantId: lookup.tenantId,
      reason: 'tenant_suspended',
    });
  });

  it('parks a number without a Genesys integration under its tenant', () => {
    const lookup = tenantLookup({ integrationId: null });

    expect(routeFor(lookup)).toEqual({
      routable: false,
      tenantId: lookup.tenantId,
      reason: 'genesys_not_onboarded',
    });
  });
});

describe(TenantRoutesService.name, () => {
  it('looks up each distinct number once and routes items without a number as missing', async () => {
    const directory = new FakeTenantDirectory();
    const known = tenantLookup();
    directory.numbers.set(TEST_PHONE_NUMBER_ID, known);
    const sut = new TenantRoutesService(directory.client);

    const routes = await sut.resolve([TEST_PHONE_NUMBER_ID, '222', TEST_PHONE_NUMBER_ID, undefined]);

    expect(directory.lookups.sort()).toEqual(['222', TEST_PHONE_NUMBER_ID].sort());
    expect(routes.for(TEST_PHONE_NUMBER_ID)).toEqual({ routable: true, tenantId: known.tenantId });
    expect(routes.for('222')).toMatchObject({ routable: false, reason: 'unknown_phone_number' });
    expect(routes.for(undefined)).toEqual({
      routable: false,
      tenantId: UNROUTABLE_TENANT_ID,
      reason: 'missing_phone_number_id',
    });
    expect(() => routes.for('never-looked-up')).toThrow(/not resolved/);
  });

  it('fails the whole batch when tenant-service cannot answer', async () => {
    const directory = new FakeTenantDirectory();
    directory.failing = true;
    const sut = new TenantRoutesService(directory.client);

    await expect(sut.resolve([TEST_PHONE_NUMBER_ID])).rejects.toThrow(/answered 503/);
  });
});
