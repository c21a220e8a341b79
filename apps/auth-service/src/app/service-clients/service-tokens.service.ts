import { Inject, Injectable, Logger } from '@nestjs/common';
import { signServiceToken } from '@switchboard/backend-util-auth';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { SigningKeysService } from '../keys/signing-keys.service';
import type { JwksDto, ServiceTokenDto } from './service-token.dto';

/** Service tokens for other services (client credentials) and the public keys to verify them. */
@Injectable()
export class ServiceTokensService {
  private readonly logger = new Logger(ServiceTokensService.name);

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly keys: SigningKeysService,
  ) {}

  async issue(client: string, audience: string): Promise<ServiceTokenDto> {
    const expiresIn = this.config.SERVICE_TOKEN_TTL_SECONDS;
    const token = await signServiceToken(this.keys.current, client, audience, expiresIn);
    this.logger.log({ event: 'service-token.issued', client, audience }, 'service token issued');
    return { access_token: token, token_type: 'bearer', expires_in: expiresIn };
  }

  jwks(): JwksDto {
    return this.keys.jwks as JwksDto;
  }
}
