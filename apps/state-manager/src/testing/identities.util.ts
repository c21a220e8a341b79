import {
  ServiceTokenClient,
  generateSigningKey,
  localJwks,
  signAccessToken,
  signServiceToken,
  type SigningKey,
} from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';
import type { JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';

const TTL_SECONDS = 900;

/** Signs the tokens auth-service would issue, with a key of the test's own. */
export class TestIdentities {
  private constructor(private readonly key: SigningKey) {}

  static async create(): Promise<TestIdentities> {
    return new TestIdentities(await generateSigningKey());
  }

  /** What state-manager verifies tokens with in the test (instead of auth-service's JWKS). */
  keys(): JWTVerifyGetKey {
    return localJwks({ keys: [this.key.publicJwk] });
  }

  serviceToken(service: string, audience: string = SERVICES.STATE_MANAGER.name): Promise<string> {
    return signServiceToken(this.key, service, audience, TTL_SECONDS);
  }

  tenantAdminToken(tenantId: string): Promise<string> {
    return signAccessToken(
      this.key,
      { userId: `tadmin-${randomUUID()}`, tenantId, role: 'tenant-admin' },
      TTL_SECONDS,
    );
  }

  /**
   * A real ServiceTokenClient of `service` whose token endpoint is this test's signer: what the
   * calling services hold in production, minus auth-service.
   */
  serviceTokenClient(service: string): ServiceTokenClient {
    return new ServiceTokenClient({
      authServiceUrl: 'http://127.0.0.1:1',
      serviceName: service,
      serviceSecret: 'unused-in-tests',
      fetch: async (_url, init) => {
        const { audience } = JSON.parse(String(init?.body)) as { audience: string };
        return Response.json({
          access_token: await this.serviceToken(service, audience),
          expires_in: TTL_SECONDS,
        });
      },
    });
  }
}
