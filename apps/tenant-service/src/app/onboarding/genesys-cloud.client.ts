import { Inject, Injectable } from '@nestjs/common';
import {
  genesysApiBaseUrl,
  genesysLoginBaseUrl,
  validateGenesysTokenResponse,
  type GenesysRegion,
} from '@switchboard/shared-contracts';
import { GENESYS_ID_PATTERN } from '../common/ids.util';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from '../config/tenant-service.config';
import { callCloud, failureOf, type CloudCall } from './cloud-http.util';
import { CloudRequestError } from './cloud-request.error';

export const OPEN_MESSAGING_INTEGRATIONS_PATH = '/api/v2/conversations/messaging/integrations/open';

export interface OpenIntegrationFields {
  readonly name?: string;
  readonly outboundNotificationWebhookUrl?: string;
  readonly outboundNotificationWebhookSignatureSecretToken?: string;
}

/** A Genesys Cloud session for one OAuth client in one region (spec B1, B5). */
export interface GenesysSession {
  readonly region: GenesysRegion;
  readonly accessToken: string;
  /** Secrets of this session, scrubbed from every error message. */
  readonly secrets: readonly string[];
}

/** Login (client credentials) and the Open Messaging integrations API of Genesys Cloud. */
@Injectable()
export class GenesysCloudClient {
  constructor(@Inject(TENANT_SERVICE_CONFIG) private readonly config: TenantServiceConfig) {}

  /** `POST {login}/oauth/token` with Basic client credentials, `grant_type=client_credentials`. */
  async login(region: GenesysRegion, clientId: string, clientSecret: string): Promise<GenesysSession> {
    const call: CloudCall = {
      cloud: 'Genesys',
      step: 'login (client credentials)',
      url: new URL('/oauth/token', this.config.GENESYS_LOGIN_BASE_URL ?? genesysLoginBaseUrl(region)),
      init: {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      },
      timeoutMs: this.config.CLOUD_TIMEOUT_MS,
      secrets: [clientSecret],
    };
    const response = await callCloud(call);
    if (response.status < 200 || response.status >= 300) {
      throw failureOf(call, response, oauthMessage(response.json));
    }
    const token = validateGenesysTokenResponse(response.json);
    if (!token.ok)
      throw new CloudRequestError('Genesys', call.step, 'invalid-response', 'no usable access token');
    return {
      region,
      accessToken: token.value.access_token,
      secrets: [clientSecret, token.value.access_token],
    };
  }

  /** `POST …/integrations/open` → the new integration's id. */
  async createIntegration(session: GenesysSession, fields: Required<OpenIntegrationFields>): Promise<string> {
    const call = this.apiCall(
      session,
      'integration creation',
      OPEN_MESSAGING_INTEGRATIONS_PATH,
      'POST',
      fields,
    );
    const response = await callCloud(call);
    if (response.status < 200 || response.status >= 300) {
      throw failureOf(call, response, apiMessage(response.json));
    }
    const id = (response.json as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !GENESYS_ID_PATTERN.test(id)) {
      throw new CloudRequestError('Genesys', call.step, 'invalid-response', 'no usable integration id');
    }
    return id;
  }

  /** `PATCH …/integrations/open/{id}`; false when the integration does not exist for this client. */
  async updateIntegration(
    session: GenesysSession,
    integrationId: string,
    fields: OpenIntegrationFields,
  ): Promise<boolean> {
    const call = this.apiCall(
      session,
      'integration update',
      `${OPEN_MESSAGING_INTEGRATIONS_PATH}/${encodeURIComponent(integrationId)}`,
      'PATCH',
      fields,
    );
    const response = await callCloud(call);
    if (response.status === 404) return false;
    if (response.status < 200 || response.status >= 300) {
      throw failureOf(call, response, apiMessage(response.json));
    }
    return true;
  }

  /** `DELETE …/integrations/open/{id}` (undoing a half-done creation); failures are ignored. */
  async deleteIntegration(session: GenesysSession, integrationId: string): Promise<void> {
    const call = this.apiCall(
      session,
      'integration removal',
      `${OPEN_MESSAGING_INTEGRATIONS_PATH}/${encodeURIComponent(integrationId)}`,
      'DELETE',
    );
    await callCloud(call).catch(() => undefined);
  }

  private apiCall(
    session: GenesysSession,
    step: string,
    path: string,
    method: string,
    body?: OpenIntegrationFields,
  ): CloudCall {
    const webhookSecret = body?.outboundNotificationWebhookSignatureSecretToken;
    return {
      cloud: 'Genesys',
      step,
      url: new URL(path, this.config.GENESYS_API_BASE_URL ?? genesysApiBaseUrl(session.region)),
      init: {
        method,
        headers: {
          authorization: `Bearer ${session.accessToken}`,
          ...(body && { 'content-type': 'application/json' }),
        },
        ...(body && { body: JSON.stringify(body) }),
      },
      timeoutMs: this.config.CLOUD_TIMEOUT_MS,
      secrets: webhookSecret ? [...session.secrets, webhookSecret] : session.secrets,
    };
  }
}

function oauthMessage(json: unknown): string | undefined {
  const body = json as { error?: unknown; error_description?: unknown } | undefined;
  if (typeof body?.error !== 'string') return undefined;
  return typeof body.error_description === 'string'
    ? `${body.error} (${body.error_description})`
    : body.error;
}

function apiMessage(json: unknown): string | undefined {
  const body = json as { message?: unknown; code?: unknown } | undefined;
  if (typeof body?.message !== 'string') return undefined;
  return typeof body.code === 'string' ? `${body.code}: ${body.message}` : body.message;
}
