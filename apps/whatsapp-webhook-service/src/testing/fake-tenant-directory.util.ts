import { TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import type { TenantLookup } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';

export const TEST_PHONE_NUMBER_ID = '109876543210987';

/** A tenant-service lookup answer (an onboarded number of an active tenant unless overridden). */
export function tenantLookup(overrides: Partial<TenantLookup> = {}): TenantLookup {
  return {
    tenantId: randomUUID(),
    tenantStatus: 'active',
    numberId: randomUUID(),
    phoneNumberId: TEST_PHONE_NUMBER_ID,
    displayNumber: '15550100200',
    wabaId: '100200300400500',
    throughputTier: 80,
    integrationId: randomUUID(),
    genesysRegion: 'mypurecloud.com',
    ...overrides,
  };
}

/**
 * tenant-service and auth-service behind a fake `fetch`: the real TenantDirectoryClient (and its
 * cache) runs against `numbers`; `failing` makes every lookup answer 503.
 */
export class FakeTenantDirectory {
  readonly numbers = new Map<string, TenantLookup>();
  readonly lookups: string[] = [];
  failing = false;
  readonly client: TenantDirectoryClient;

  constructor() {
    const fetch = this.fetch.bind(this) as typeof globalThis.fetch;
    const serviceTokens = new ServiceTokenClient({
      authServiceUrl: 'http://auth.test',
      serviceName: 'whatsapp-webhook-service',
      serviceSecret: 'test-service-secret',
      fetch,
    });
    this.client = new TenantDirectoryClient({ baseUrl: 'http://tenants.test', serviceTokens, fetch });
  }

  private async fetch(input: string | URL | Request): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.pathname === '/internal/service-tokens') {
      return Response.json({ access_token: 'service-token', token_type: 'bearer', expires_in: 300 });
    }
    const phoneNumberId = decodeURIComponent(url.pathname.replace('/internal/lookup/phone-number/', ''));
    this.lookups.push(phoneNumberId);
    if (this.failing) return new Response('down', { status: 503 });
    const found = this.numbers.get(phoneNumberId);
    return found ? Response.json(found) : new Response('not found', { status: 404 });
  }
}
