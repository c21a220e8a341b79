import {
  generateSigningKey,
  localJwks,
  signAccessToken,
  signServiceToken,
  type SigningKey,
} from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';
import type { JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';

/** How a test request authenticates: a bearer token, an API key, or nothing. */
export type Credential = { readonly bearer: string } | { readonly apiKey: string } | null;

const TTL_SECONDS = 900;

/** Signs the tokens auth-service would issue, with a key of the test's own. */
export class TestIdentities {
  private constructor(private readonly key: SigningKey) {}

  static async create(): Promise<TestIdentities> {
    return new TestIdentities(await generateSigningKey());
  }

  /** What tenant-service verifies tokens with in the test (instead of auth-service's JWKS). */
  keys(): JWTVerifyGetKey {
    return localJwks({ keys: [this.key.publicJwk] });
  }

  async platformAdmin(userId = `admin-${randomUUID()}`): Promise<Credential> {
    return {
      bearer: await signAccessToken(
        this.key,
        { userId, tenantId: null, role: 'platform-admin' },
        TTL_SECONDS,
      ),
    };
  }

  async tenantAdmin(tenantId: string, userId = `tadmin-${randomUUID()}`): Promise<Credential> {
    return {
      bearer: await signAccessToken(this.key, { userId, tenantId, role: 'tenant-admin' }, TTL_SECONDS),
    };
  }

  async agent(tenantId: string, userId = `agent-${randomUUID()}`): Promise<Credential> {
    return { bearer: await signAccessToken(this.key, { userId, tenantId, role: 'agent' }, TTL_SECONDS) };
  }

  async service(service: string, audience: string = SERVICES.TENANT.name): Promise<Credential> {
    return { bearer: await signServiceToken(this.key, service, audience, TTL_SECONDS) };
  }
}
