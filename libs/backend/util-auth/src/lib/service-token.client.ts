import { contextHttpHeaders } from '@switchboard/backend-util-observability';

export interface ServiceTokenClientOptions {
  readonly authServiceUrl: string;
  /** This service's client id at auth-service (its name). */
  readonly serviceName: string;
  readonly serviceSecret: string;
  /** Renew at this share of the token's lifetime (default 0.8). */
  readonly renewAt?: number;
  readonly fetch?: typeof fetch;
}

interface CachedToken {
  readonly value: string;
  readonly renewAfter: number;
}

export class ServiceTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ServiceTokenError.name;
  }
}

/**
 * Service tokens for calling another service's internal routes: one per audience, fetched from
 * auth-service with this service's client credentials, cached until 80 % of its lifetime;
 * concurrent requests for the same audience share one fetch.
 */
export class ServiceTokenClient {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ServiceTokenClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async token(audience: string): Promise<string> {
    const cached = this.cache.get(audience);
    if (cached && Date.now() < cached.renewAfter) return cached.value;
    const running = this.inFlight.get(audience);
    if (running) return running;
    const request = this.fetchToken(audience).finally(() => this.inFlight.delete(audience));
    this.inFlight.set(audience, request);
    return request;
  }

  /** Headers for a call to `audience`: its service token plus the current correlation context. */
  async headers(audience: string): Promise<Record<string, string>> {
    return { ...contextHttpHeaders(), authorization: `Bearer ${await this.token(audience)}` };
  }

  /** Forget the cached token (after a 401 from the callee). */
  invalidate(audience: string): void {
    this.cache.delete(audience);
  }

  private async fetchToken(audience: string): Promise<string> {
    const basic = Buffer.from(`${this.options.serviceName}:${this.options.serviceSecret}`).toString('base64');
    const response = await this.fetch(new URL('/internal/service-tokens', this.options.authServiceUrl), {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/json',
        ...contextHttpHeaders(),
      },
      body: JSON.stringify({ audience }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok)
      throw new ServiceTokenError(`auth-service refused a token for ${audience}: HTTP ${response.status}`);
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new ServiceTokenError('auth-service answered without access_token/expires_in');
    }
    const renewAt = this.options.renewAt ?? 0.8;
    this.cache.set(audience, {
      value: body.access_token,
      renewAfter: Date.now() + body.expires_in * 1000 * renewAt,
    });
    return body.access_token;
  }
}
