import { randomBytes } from 'node:crypto';
import {
  FakeServiceTokenIssuer,
  sendJson as send,
  startLoopbackServer,
} from '@switchboard/backend-testing-platform';
import type { TenantLookup } from '@switchboard/shared-contracts';

/** A tenant's Genesys integration as tenant-service and auth-service know it. */
export interface FakeIntegration {
  readonly tenantId: string;
  readonly integrationId: string;
  readonly phoneNumberId: string;
  readonly region: string;
  /** The OAuth client at the Genesys simulator. */
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface FakePlatformOptions {
  /** Where the fake broker fetches real tokens: the Genesys simulator's login host. */
  readonly genesysLoginBaseUrl: string;
  /** genesys-api-service's client credentials at auth-service. */
  readonly serviceName: string;
  readonly serviceSecret: string;
}

export interface FakePlatform {
  readonly baseUrl: string;
  add(integration: FakeIntegration): void;
  /** From now on the broker hands out tokens Genesys does not accept (as with revoked credentials). */
  breakCredentials(integrationId: string): void;
  /** DELETEs of the integration's token (after a 401 from Genesys). */
  invalidations(integrationId: string): number;
  /** Calls refused because they carried no valid service token. */
  refusedCalls(): number;
  close(): Promise<void>;
}

/**
 * The two internal APIs genesys-api-service calls, on one loopback server: auth-service's
 * service tokens and Genesys token broker (real tokens from the simulator's `/oauth/token`,
 * cached until invalidated, like the real broker), and tenant-service's integration lookup.
 * Every internal route checks the service token it issued.
 */
export async function startFakePlatform(options: FakePlatformOptions): Promise<FakePlatform> {
  const integrations = new Map<string, FakeIntegration>();
  const broken = new Set<string>();
  const cachedTokens = new Map<string, string>();
  const invalidations = new Map<string, number>();
  const serviceTokens = new FakeServiceTokenIssuer(options.serviceName, options.serviceSecret);

  const genesysToken = async (integration: FakeIntegration): Promise<string> => {
    if (broken.has(integration.integrationId)) return `revoked-${randomBytes(8).toString('hex')}`;
    const cached = cachedTokens.get(integration.integrationId);
    if (cached) return cached;
    const basic = Buffer.from(`${integration.clientId}:${integration.clientSecret}`).toString('base64');
    const answer = await fetch(`${options.genesysLoginBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    if (!answer.ok)
      throw new Error(`simulator refused a token for ${integration.clientId}: ${answer.status}`);
    const { access_token: token } = (await answer.json()) as { access_token: string };
    cachedTokens.set(integration.integrationId, token);
    return token;
  };

  const lookupOf = (integration: FakeIntegration): TenantLookup => ({
    tenantId: integration.tenantId,
    tenantStatus: 'active',
    numberId: `number-${integration.phoneNumberId}`,
    phoneNumberId: integration.phoneNumberId,
    displayNumber: null,
    wabaId: 'waba-test',
    throughputTier: 80,
    integrationId: integration.integrationId,
    genesysRegion: integration.region,
  });

  const server = await startLoopbackServer(async (request, response) => {
    const path = request.url ?? '';
    if (serviceTokens.handledTokenRequest(request, response) || !serviceTokens.authorized(request, response))
      return;
    const token = /^\/internal\/genesys-tokens\/([^/?]+)$/.exec(path);
    const lookup = /^\/internal\/lookup\/integration\/([^/?]+)$/.exec(path);
    const integration = integrations.get(decodeURIComponent((token ?? lookup)?.[1] ?? ''));
    if (!integration) return send(response, 404, { message: 'not found' });
    if (lookup && request.method === 'GET') return send(response, 200, lookupOf(integration));
    if (token && request.method === 'GET') {
      return send(response, 200, { accessToken: await genesysToken(integration), expiresAt: null });
    }
    if (token && request.method === 'DELETE') {
      cachedTokens.delete(integration.integrationId);
      invalidations.set(integration.integrationId, (invalidations.get(integration.integrationId) ?? 0) + 1);
      return send(response, 204);
    }
    return send(response, 404, { message: 'no such route' });
  });
  return {
    baseUrl: server.baseUrl,
    add: (integration) => integrations.set(integration.integrationId, integration),
    breakCredentials: (integrationId) => broken.add(integrationId),
    invalidations: (integrationId) => invalidations.get(integrationId) ?? 0,
    refusedCalls: () => serviceTokens.refusedCalls(),
    close: () => server.close(),
  };
}
