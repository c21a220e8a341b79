import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { WebhookSecretsClient } from '../app/webhook/webhook-secrets.client';

export interface IntegrationRecord {
  readonly tenantId: string;
  readonly secret: string;
}

export interface FakeWebhookSecretsOptions {
  readonly ttlMs?: number;
  readonly refreshMinIntervalMs?: number;
  readonly now?: () => number;
}

const WEBHOOK_SECRET_PATH = /^\/internal\/integrations\/([^/]+)\/webhook-secret$/;

/**
 * tenant-service and auth-service behind a fake `fetch`: the real WebhookSecretsClient (and its
 * cache) runs against `integrations`; `failing` makes every lookup answer 503.
 */
export class FakeWebhookSecrets {
  readonly integrations = new Map<string, IntegrationRecord>();
  /** Integration ids asked for, in order. */
  readonly lookups: string[] = [];
  failing = false;
  readonly client: WebhookSecretsClient;

  constructor(options: FakeWebhookSecretsOptions = {}) {
    const fetch = this.fetch.bind(this) as typeof globalThis.fetch;
    const serviceTokens = new ServiceTokenClient({
      authServiceUrl: 'http://auth.test',
      serviceName: 'genesys-webhook-service',
      serviceSecret: 'test-service-secret',
      fetch,
    });
    this.client = new WebhookSecretsClient({
      baseUrl: 'http://tenants.test',
      serviceTokens,
      fetch,
      ttlMs: options.ttlMs ?? 60_000,
      refreshMinIntervalMs: options.refreshMinIntervalMs ?? 0,
      now: options.now,
    });
  }

  private async fetch(input: string | URL | Request): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.pathname === '/internal/service-tokens') {
      return Response.json({ access_token: 'service-token', token_type: 'bearer', expires_in: 300 });
    }
    const match = WEBHOOK_SECRET_PATH.exec(url.pathname);
    if (!match) return new Response('no such route', { status: 404 });
    const integrationId = decodeURIComponent(match[1] ?? '');
    this.lookups.push(integrationId);
    if (this.failing) return new Response('down', { status: 503 });
    const found = this.integrations.get(integrationId);
    return found
      ? Response.json(found)
      : Response.json({ statusCode: 404, message: 'unknown integration' }, { status: 404 });
  }
}
