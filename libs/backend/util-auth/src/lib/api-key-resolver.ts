import type { ApiKeyPrincipal } from './principal';

/**
 * Turns a presented API key into its tenant, or null when it is unknown, revoked or expired.
 * tenant-service answers from its database; other services ask tenant-service.
 */
export abstract class ApiKeyResolver {
  abstract resolve(presentedKey: string): Promise<ApiKeyPrincipal | null>;
}

/** Used where no resolver is configured: every API key is refused. */
export class RefuseAllApiKeys extends ApiKeyResolver {
  async resolve(): Promise<null> {
    return null;
  }
}
