import {
  ExpiringCache,
  InternalHttpClient,
  type InternalHttpClientOptions,
} from '@switchboard/backend-data-access-platform-clients';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';

/** tenant-service `GET /internal/integrations/:integrationId/webhook-secret`. */
const webhookSecretSchema = z.object({ tenantId: z.string().min(1), secret: z.string().min(1) });

/** Who owns an integration and the secret that signs its webhooks. Never logged. */
export interface IntegrationCredentials {
  readonly tenantId: string;
  readonly secret: string;
  /** When it was fetched (ms since the epoch). */
  readonly fetchedAt: number;
}

export interface WebhookSecretsClientOptions extends Omit<InternalHttpClientOptions, 'audience'> {
  /** How long an answer is reused (0: never). */
  readonly ttlMs: number;
  /** After a mismatch, the secret is fetched again only if what we hold is at least this old. */
  readonly refreshMinIntervalMs: number;
  readonly capacity?: number;
  readonly now?: () => number;
}

/**
 * The webhook secrets of Genesys integrations, from tenant-service, cached briefly: webhooks
 * arrive in bursts and must be answered in milliseconds. Concurrent misses share one request;
 * unknown integrations and failures are not cached.
 */
export class WebhookSecretsClient {
  private readonly http: InternalHttpClient;
  private readonly cache: ExpiringCache<IntegrationCredentials | null>;
  private readonly now: () => number;

  constructor(private readonly options: WebhookSecretsClientOptions) {
    this.http = new InternalHttpClient({ ...options, audience: SERVICES.TENANT.name });
    this.now = options.now ?? Date.now;
    this.cache = new ExpiringCache({ capacity: options.capacity ?? 10_000, now: this.now });
  }

  /**
   * The integration's tenant and secret; null when tenant-service knows no such integration.
   * Rejects with InternalServiceUnavailableError (or InternalRequestRejectedError) when
   * tenant-service cannot answer.
   */
  credentials(integrationId: string): Promise<IntegrationCredentials | null> {
    return this.cache.get(integrationId, async () => {
      const answer = await this.http.request({
        method: 'GET',
        path: `/internal/integrations/${encodeURIComponent(integrationId)}/webhook-secret`,
        schema: webhookSecretSchema,
      });
      const value = answer && { ...answer, fetchedAt: this.now() };
      return { value, ttlMs: value ? this.options.ttlMs : 0 };
    });
  }

  /**
   * After `stale` did not verify a signature: the credentials as tenant-service has them now
   * (the secret may have been rotated), fetched again unless someone already did or `stale` is
   * too recent to be worth it (then `stale` itself comes back).
   */
  async refreshed(
    integrationId: string,
    stale: IntegrationCredentials,
  ): Promise<IntegrationCredentials | null> {
    const current = await this.credentials(integrationId);
    if (current !== stale) return current;
    if (this.now() - stale.fetchedAt < this.options.refreshMinIntervalMs) return stale;
    this.cache.delete(integrationId);
    return this.credentials(integrationId);
  }
}
