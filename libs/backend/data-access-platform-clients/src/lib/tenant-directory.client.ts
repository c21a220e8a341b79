import { SERVICES, tenantLookupSchema, type TenantLookup } from '@switchboard/shared-contracts';
import { ExpiringCache } from './expiring-cache.util';
import { InternalHttpClient, type InternalHttpClientOptions } from './internal-http.client';

export interface TenantDirectoryOptions extends Omit<InternalHttpClientOptions, 'audience'> {
  /** How long a found route is reused. Default 60 s: a moved number takes at most this long. */
  readonly ttlMs?: number;
  /** How long "no such number" is remembered. Default 10 s. */
  readonly negativeTtlMs?: number;
  readonly capacity?: number;
}

/**
 * Which tenant a WhatsApp phone_number_id or Genesys integration belongs to, from tenant-service,
 * cached briefly (webhooks arrive in bursts; tenant-service must not be called per message).
 */
export class TenantDirectoryClient {
  private readonly http: InternalHttpClient;
  private readonly cache: ExpiringCache<TenantLookup | null>;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;

  constructor(options: TenantDirectoryOptions) {
    this.http = new InternalHttpClient({ ...options, audience: SERVICES.TENANT.name });
    this.cache = new ExpiringCache({ capacity: options.capacity ?? 10_000 });
    this.ttlMs = options.ttlMs ?? 60_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 10_000;
  }

  /** Null when no tenant owns the number. */
  byPhoneNumberId(phoneNumberId: string): Promise<TenantLookup | null> {
    return this.lookup(`phone-number/${encodeURIComponent(phoneNumberId)}`);
  }

  /** Null when no tenant owns the integration. */
  byIntegrationId(integrationId: string): Promise<TenantLookup | null> {
    return this.lookup(`integration/${encodeURIComponent(integrationId)}`);
  }

  forgetAll(): void {
    this.cache.clear();
  }

  private lookup(pathTail: string): Promise<TenantLookup | null> {
    return this.cache.get(pathTail, async () => {
      const value = await this.http.request({
        method: 'GET',
        path: `/internal/lookup/${pathTail}`,
        schema: tenantLookupSchema,
      });
      return { value, ttlMs: value ? this.ttlMs : this.negativeTtlMs };
    });
  }
}
