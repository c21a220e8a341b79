import { cloudTokenSchema, SERVICES } from '@switchboard/shared-contracts';
import { ExpiringCache } from './expiring-cache.util';
import {
  InternalHttpClient,
  InternalRequestRejectedError,
  type InternalHttpClientOptions,
} from './internal-http.client';

export interface CloudTokenClientOptions extends Omit<InternalHttpClientOptions, 'audience'> {
  /** Longest local reuse of a token; auth-service caches and renews them too. Default 5 min. */
  readonly maxLocalTtlMs?: number;
  readonly now?: () => number;
}

const EXPIRY_MARGIN_MS = 60_000;

/**
 * Genesys and WhatsApp access tokens from auth-service's broker, reused locally for a few
 * minutes so that each message does not cost a call. After a 401 from a cloud, `invalidate…`
 * drops the local copy and asks the broker to forget its own, so the next call gets a new one.
 */
export class CloudTokenClient {
  private readonly http: InternalHttpClient;
  private readonly cache: ExpiringCache<string>;
  private readonly maxLocalTtlMs: number;
  private readonly now: () => number;

  constructor(options: CloudTokenClientOptions) {
    this.http = new InternalHttpClient({ ...options, audience: SERVICES.AUTH.name });
    this.now = options.now ?? Date.now;
    this.cache = new ExpiringCache({ capacity: 10_000, now: this.now });
    this.maxLocalTtlMs = options.maxLocalTtlMs ?? 300_000;
  }

  genesysToken(integrationId: string): Promise<string> {
    return this.token(`/internal/genesys-tokens/${encodeURIComponent(integrationId)}`);
  }

  whatsAppToken(phoneNumberId: string): Promise<string> {
    return this.token(`/internal/whatsapp-tokens/${encodeURIComponent(phoneNumberId)}`);
  }

  invalidateGenesysToken(integrationId: string): Promise<void> {
    return this.invalidate(`/internal/genesys-tokens/${encodeURIComponent(integrationId)}`);
  }

  invalidateWhatsAppToken(phoneNumberId: string): Promise<void> {
    return this.invalidate(`/internal/whatsapp-tokens/${encodeURIComponent(phoneNumberId)}`);
  }

  private token(path: string): Promise<string> {
    return this.cache.get(path, async () => {
      const token = await this.http.request({ method: 'GET', path, schema: cloudTokenSchema });
      if (!token) throw new InternalRequestRejectedError(`auth-service has no credentials for ${path}`, 404);
      const expiresAt = token.expiresAt ? Date.parse(token.expiresAt) : Number.NaN;
      const untilExpiry = Number.isFinite(expiresAt) ? expiresAt - this.now() - EXPIRY_MARGIN_MS : Infinity;
      return { value: token.accessToken, ttlMs: Math.max(0, Math.min(this.maxLocalTtlMs, untilExpiry)) };
    });
  }

  private async invalidate(path: string): Promise<void> {
    this.cache.delete(path);
    await this.http.request({ method: 'DELETE', path });
  }
}
