import {
  TokenVerifier,
  generateSigningKey,
  localJwks,
  signAccessToken,
  signServiceToken,
  type AccessTokenClaims,
  type SigningKey,
} from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, startHttpServer, type TestServer } from './test-http.util';

export const GATEWAY_CLIENT_SECRET = 'gateway-test-client-secret';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export interface FakeAuthService extends TestServer {
  readonly key: SigningKey;
  /** Requests for the JWKS and for service tokens, by path. */
  readonly calls: string[];
  userToken(claims?: Partial<AccessTokenClaims>, ttlSeconds?: number): Promise<string>;
  serviceToken(service: string, audience: string): Promise<string>;
}

/**
 * auth-service as the gateway meets it: the JWKS and service tokens, both behind the gateway's
 * client credentials (HTTP Basic), signed with a key made for the test.
 */
export async function startFakeAuthService(): Promise<FakeAuthService> {
  const key = await generateSigningKey('test-key-1');
  const calls: string[] = [];
  const expected = `Basic ${Buffer.from(`${SERVICES.API_GATEWAY.name}:${GATEWAY_CLIENT_SECRET}`).toString('base64')}`;
  const server = await startHttpServer(async (req, res) => {
    calls.push(req.url ?? '');
    if (req.headers.authorization !== expected) return json(res, 401, { message: 'bad client credentials' });
    if (req.method === 'GET' && req.url === '/internal/jwks')
      return json(res, 200, { keys: [key.publicJwk] });
    if (req.method === 'POST' && req.url === '/internal/service-tokens') {
      const { audience } = JSON.parse((await readBody(req)).toString()) as { audience: string };
      const token = await signServiceToken(key, SERVICES.API_GATEWAY.name, audience, 300);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 300 });
    }
    json(res, 404, { message: 'not found' });
  });
  return {
    ...server,
    key,
    calls,
    userToken: (claims = {}, ttlSeconds = 300) =>
      signAccessToken(key, { userId: 'user-1', tenantId: 'tenant-a', role: 'agent', ...claims }, ttlSeconds),
    serviceToken: (service, audience) => signServiceToken(key, service, audience, 300),
  };
}

export interface VerifyCall {
  readonly key: string;
  readonly caller: string;
}

export interface FakeTenantService extends TestServer {
  readonly verifyCalls: VerifyCall[];
  readonly documentCalls: string[];
  /** API keys it knows: key → tenant. */
  readonly keys: Map<string, string>;
  /** Answer every verification with this status instead (e.g. 500). */
  failVerificationsWith(status: number | undefined): void;
}

/**
 * tenant-service's internal routes the gateway calls, behind a service token (audience
 * tenant-service, caller api-gateway): API key verification and its OpenAPI document.
 * Any other path is answered like the echo upstream would (method and URL).
 */
export async function startFakeTenantService(auth: FakeAuthService): Promise<FakeTenantService> {
  const verifier = new TokenVerifier(localJwks({ keys: [auth.key.publicJwk] }), SERVICES.TENANT.name);
  const verifyCalls: VerifyCall[] = [];
  const documentCalls: string[] = [];
  const keys = new Map<string, string>();
  let failure: number | undefined;
  const caller = async (req: IncomingMessage): Promise<string | undefined> => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      return (await verifier.verifyServiceToken(token)).service;
    } catch {
      return undefined;
    }
  };
  const server = await startHttpServer(async (req, res) => {
    if (req.url === '/internal/api-keys/verify' && req.method === 'POST') {
      const service = await caller(req);
      if (service !== SERVICES.API_GATEWAY.name) return json(res, 401, { message: 'service token required' });
      const { key } = JSON.parse((await readBody(req)).toString()) as { key: string };
      verifyCalls.push({ key, caller: service });
      if (failure !== undefined) return json(res, failure, { message: 'failing on purpose' });
      const tenantId = keys.get(key);
      return tenantId
        ? json(res, 200, { keyId: `key-of-${tenantId}`, tenantId })
        : json(res, 404, { message: 'unknown key' });
    }
    if (req.url === '/internal/openapi.json' && req.method === 'GET') {
      const service = await caller(req);
      documentCalls.push(service ?? 'anonymous');
      if (service !== SERVICES.API_GATEWAY.name) return json(res, 401, { message: 'service token required' });
      return json(res, 200, TENANT_SERVICE_DOCUMENT);
    }
    await readBody(req);
    json(res, 200, {
      method: req.method,
      url: req.url,
      authorization: req.headers.authorization ?? null,
      apiKey: req.headers['x-api-key'] ?? null,
    });
  });
  return {
    ...server,
    verifyCalls,
    documentCalls,
    keys,
    failVerificationsWith: (status) => {
      failure = status;
    },
  };
}

/** A small document in the shape @nestjs/swagger builds, with an internal path that must not show. */
export const TENANT_SERVICE_DOCUMENT = {
  openapi: '3.0.0',
  info: { title: 'tenant-service', version: '1' },
  paths: {
    '/tenants': { get: { operationId: 'listTenants', responses: { '200': { description: 'tenants' } } } },
    '/tenants/{tenantId}': {
      get: { operationId: 'getTenant', responses: { '200': { description: 'a tenant' } } },
    },
    '/internal/lookups/phone-numbers/{id}': {
      get: { operationId: 'lookup', responses: { '200': { description: 'x' } } },
    },
  },
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
};
