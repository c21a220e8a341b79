import { Inject, Injectable } from '@nestjs/common';
import {
  genesysLoginBaseUrl,
  validateGenesysTokenResponse,
  type GenesysRegion,
} from '@switchboard/shared-contracts';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { UpstreamRefusedError, UpstreamUnavailableError } from '../core/domain-errors.util';
import type { GenesysCredentials } from './tenant-service.client';
import { callUpstream, jsonBody, upstreamFailure } from './upstream-http.util';

export interface GenesysAccessToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

/** Genesys Cloud's login host: `POST /oauth/token` with the client-credentials grant (spec B1). */
@Injectable()
export class GenesysLoginClient {
  constructor(@Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig) {}

  /** `https://login.{region domain}`, or GENESYS_LOGIN_BASE_URL for every region (sandbox, tests). */
  loginBaseUrl(region: GenesysRegion): string {
    return (this.config.GENESYS_LOGIN_BASE_URL ?? genesysLoginBaseUrl(region)).replace(/\/+$/, '');
  }

  async clientCredentialsToken(credentials: GenesysCredentials): Promise<GenesysAccessToken> {
    const who = `Genesys login (${credentials.region})`;
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
    const response = await callUpstream(
      who,
      `${this.loginBaseUrl(credentials.region)}/oauth/token`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      },
      this.config.CLOUD_TOKEN_UPSTREAM_TIMEOUT_MS,
    );
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new UpstreamRefusedError(
        `${who} refused the integration's OAuth client: HTTP ${response.status}`,
      );
    }
    if (!response.ok) throw upstreamFailure(who, response);
    const result = validateGenesysTokenResponse(await jsonBody(who, response));
    if (!result.ok) throw new UpstreamUnavailableError(`${who} answered an invalid token response`);
    return { accessToken: result.value.access_token, expiresInSeconds: result.value.expires_in };
  }
}
