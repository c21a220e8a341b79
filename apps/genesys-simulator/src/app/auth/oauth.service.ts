import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { parseBasicCredentials } from '../core/basic-credentials.util';
import { RequestStatsService } from '../core/request-stats.service';
import { AccessTokensService } from './access-tokens.service';
import { OAuthClientsService } from './oauth-clients.service';

/** `POST /oauth/token` answer (samples/genesys-token-response.json). */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'bearer';
  readonly expires_in: number;
}

/** OAuth error of the login host: `{error, description, error_description}`. */
export class OAuthException extends HttpException {
  constructor(status: HttpStatus, error: string, description: string) {
    super({ error, description, error_description: description }, status);
  }
}

export interface TokenRequest {
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly form: unknown;
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

function grantType(form: unknown): unknown {
  return typeof form === 'object' && form !== null
    ? (form as Record<string, unknown>)['grant_type']
    : undefined;
}

/** The client-credentials grant of the login host (spec B1). */
@Injectable()
export class OAuthService {
  constructor(
    private readonly clients: OAuthClientsService,
    private readonly tokens: AccessTokensService,
    private readonly stats: RequestStatsService,
  ) {}

  issueToken(request: TokenRequest): TokenResponse {
    const credentials = parseBasicCredentials(request.authorization);
    try {
      if (!credentials) {
        throw new OAuthException(
          HttpStatus.UNAUTHORIZED,
          'invalid_client',
          'client authentication is required',
        );
      }
      const client = this.clients.authenticate(credentials);
      if (!client) throw new OAuthException(HttpStatus.UNAUTHORIZED, 'invalid_client', 'client not found');
      if (!request.contentType?.toLowerCase().startsWith(FORM_CONTENT_TYPE)) {
        throw new OAuthException(
          HttpStatus.BAD_REQUEST,
          'invalid_request',
          `content type must be ${FORM_CONTENT_TYPE}`,
        );
      }
      const grant = grantType(request.form);
      if (grant !== 'client_credentials') {
        throw new OAuthException(
          HttpStatus.BAD_REQUEST,
          grant === undefined ? 'invalid_request' : 'unsupported_grant_type',
          grant === undefined ? 'grant_type is required' : `unsupported grant type: ${String(grant)}`,
        );
      }
      const issued = this.tokens.issue(client);
      this.stats.recordTokenOutcome(client.clientId, 'issued');
      return { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresInSeconds };
    } catch (error) {
      this.stats.recordTokenOutcome(credentials?.clientId, 'rejected');
      throw error;
    }
  }
}
