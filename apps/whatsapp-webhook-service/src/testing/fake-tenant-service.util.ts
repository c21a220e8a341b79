import { FakeInternalService } from '@switchboard/backend-testing-platform';
import type { TenantLookup } from '@switchboard/shared-contracts';

/**
 * Stands in for tenant-service's `GET /internal/lookup/phone-number/:id` and for auth-service's
 * `POST /internal/service-tokens` (one loopback server for both base URLs).
 */
export class FakeTenantService extends FakeInternalService<TenantLookup, 'phoneNumberId'> {
  readonly numbers = this.records;

  static start(serviceToken?: string): Promise<FakeTenantService> {
    return new FakeTenantService(
      {
        path: /^\/internal\/lookup\/phone-number\/([^/?]+)$/,
        keyName: 'phoneNumberId',
        notFoundMessage: 'unknown number',
      },
      serviceToken,
    ).listen();
  }
}
