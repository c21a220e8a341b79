import { TokenVerifier, localJwks } from '@switchboard/backend-util-auth';
import type { JWK } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GenesysCredentialsRecord {
  readonly tenantId: string;
  readonly region: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface WhatsAppTokenRecord {
  readonly tenantId: string;
  readonly accessToken: string;
  readonly expiresAt?: string | null;
}

export type TenantStatus = 'active' | 'suspended';

export interface FakeTenantService {
  readonly baseUrl: string;
  readonly integrations: Map<string, GenesysCredentialsRecord>;
  readonly phoneNumbers: Map<string, WhatsAppTokenRecord>;
  /** Tenants by id (lowercase) and their status; a tenant not in the map is unknown (404), like a deleted one. */
  readonly tenants: Map<string, TenantStatus>;
  /** Calls per path that presented a valid service token of auth-service for tenant-service. */
  readonly verifiedCalls: Map<string, number>;
  /** Calls refused because their service token was missing or not valid for tenant-service. */
  refusedCalls(): number;
  close(): Promise<void>;
}

/**
 * tenant-service's internal routes for auth-service (the two credential routes and the tenant
 * status), on 127.0.0.1:0. Like the real routes (ServiceOnly('auth-service')), it checks that
 * each call carries a service token valid for audience tenant-service, issued to auth-service,
 * against auth-service's public key.
 */
export async function startFakeTenantService(authServicePublicJwk: JWK): Promise<FakeTenantService> {
  const verifier = new TokenVerifier(localJwks({ keys: [authServicePublicJwk] }), 'tenant-service');
  const integrations = new Map<string, GenesysCredentialsRecord>();
  const phoneNumbers = new Map<string, WhatsAppTokenRecord>();
  const tenants = new Map<string, TenantStatus>();
  const verifiedCalls = new Map<string, number>();
  let refused = 0;
  const send = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const server = http.createServer((request, response) => {
    void (async () => {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      try {
        if (!token) throw new Error('no token');
        const principal = await verifier.verifyServiceToken(token);
        if (principal.service !== 'auth-service') throw new Error('not auth-service');
      } catch {
        refused += 1;
        return send(response, 401, { message: 'service token required' });
      }
      const path = request.url ?? '';
      verifiedCalls.set(path, (verifiedCalls.get(path) ?? 0) + 1);
      const tenantStatus = /^\/internal\/tenants\/([^/]+)\/status$/.exec(path);
      if (tenantStatus) {
        const tenantId = decodeURIComponent(tenantStatus[1]).toLowerCase();
        const status = tenants.get(tenantId);
        return status
          ? send(response, 200, { tenantId, status })
          : send(response, 404, { message: 'tenant not found' });
      }
      const genesys = /^\/internal\/integrations\/([^/]+)\/oauth-credentials$/.exec(path);
      const whatsapp = /^\/internal\/phone-numbers\/([^/]+)\/access-token$/.exec(path);
      const record = genesys
        ? integrations.get(decodeURIComponent(genesys[1]))
        : whatsapp
          ? phoneNumbers.get(decodeURIComponent(whatsapp[1]))
          : undefined;
      return record ? send(response, 200, record) : send(response, 404, { message: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    integrations,
    phoneNumbers,
    tenants,
    verifiedCalls,
    refusedCalls: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
