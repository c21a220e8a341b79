import { Inject, Injectable } from '@nestjs/common';
import { contextHttpHeaders } from '@switchboard/backend-util-observability';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { SigningKeysService } from '../keys/signing-keys.service';

interface Cached {
  readonly token: string;
  readonly renewAfter: number;
}

/**
 * auth-service's own service tokens for calling other services: signed here (auth-service is the
 * issuer, so no HTTP call to itself), cached per audience until 80 % of their lifetime.
 */
@Injectable()
export class OwnServiceTokens {
  private readonly cache = new Map<string, Cached>();

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly keys: SigningKeysService,
  ) {}

  async token(audience: string): Promise<string> {
    const cached = this.cache.get(audience);
    if (cached && Date.now() < cached.renewAfter) return cached.token;
    const ttl = this.config.SERVICE_TOKEN_TTL_SECONDS;
    const token = await this.keys.ownServiceToken(audience, ttl);
    this.cache.set(audience, { token, renewAfter: Date.now() + ttl * 800 });
    return token;
  }

  /** Headers for a call to `audience`: the service token and the current correlation context. */
  async headers(audience: string): Promise<Record<string, string>> {
    return { ...contextHttpHeaders(), authorization: `Bearer ${await this.token(audience)}` };
  }
}
