import { Inject, Injectable } from '@nestjs/common';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from '../config/tenant-service.config';
import { callCloud, failureOf, type CloudCall, type CloudResponse } from './cloud-http.util';
import { CloudRequestError } from './cloud-request.error';

interface GraphErrorBody {
  error?: { message?: unknown; code?: unknown };
}

/** The Graph API calls of WhatsApp Embedded Signup completion (spec A; simulated by whatsapp-simulator). */
@Injectable()
export class GraphApiClient {
  constructor(@Inject(TENANT_SERVICE_CONFIG) private readonly config: TenantServiceConfig) {}

  /** `GET /{version}/oauth/access_token?client_id&client_secret&code` → a business token. */
  async exchangeCode(code: string): Promise<string> {
    const url = this.url('oauth/access_token');
    url.searchParams.set('client_id', this.config.META_APP_ID);
    url.searchParams.set('client_secret', this.config.META_APP_SECRET);
    url.searchParams.set('code', code);
    const call = this.call('code exchange', url, { method: 'GET' }, [code]);
    const body = await this.send(call);
    const token = (body as { access_token?: unknown }).access_token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new CloudRequestError('WhatsApp', call.step, 'invalid-response', 'no access_token in the answer');
    }
    return token;
  }

  /** `POST /{version}/{phone-number-id}/register` {messaging_product, pin}. */
  async registerNumber(accessToken: string, phoneNumberId: string, pin: string): Promise<void> {
    const call = this.call(
      'number registration',
      this.url(`${encodeURIComponent(phoneNumberId)}/register`),
      this.jsonPost(accessToken, { messaging_product: 'whatsapp', pin }),
      [accessToken, pin],
    );
    await this.expectSuccess(call);
  }

  /** `POST /{version}/{waba-id}/subscribed_apps`: the app receives the WABA's webhooks. */
  async subscribeApp(accessToken: string, wabaId: string): Promise<void> {
    const call = this.call(
      'webhook subscription',
      this.url(`${encodeURIComponent(wabaId)}/subscribed_apps`),
      this.jsonPost(accessToken, {}),
      [accessToken],
    );
    await this.expectSuccess(call);
  }

  /** `GET /{version}/{phone-number-id}?fields=display_phone_number`. */
  async displayNumber(accessToken: string, phoneNumberId: string): Promise<string | null> {
    const url = this.url(encodeURIComponent(phoneNumberId));
    url.searchParams.set('fields', 'display_phone_number');
    const call = this.call('number details', url, { method: 'GET', headers: bearer(accessToken) }, [
      accessToken,
    ]);
    const body = (await this.send(call)) as { display_phone_number?: unknown };
    return typeof body.display_phone_number === 'string' ? body.display_phone_number : null;
  }

  private async expectSuccess(call: CloudCall): Promise<void> {
    const body = (await this.send(call)) as { success?: unknown };
    if (body.success !== true) {
      throw new CloudRequestError(
        'WhatsApp',
        call.step,
        'invalid-response',
        'the answer did not say success',
      );
    }
  }

  private async send(call: CloudCall): Promise<object> {
    const response: CloudResponse = await callCloud(call);
    if (response.status < 200 || response.status >= 300) {
      throw failureOf(call, response, graphMessage(response.json));
    }
    if (typeof response.json !== 'object' || response.json === null) {
      throw new CloudRequestError('WhatsApp', call.step, 'invalid-response', 'the answer is not JSON');
    }
    return response.json;
  }

  private url(path: string): URL {
    const base = this.config.GRAPH_API_BASE_URL.replace(/\/+$/, '');
    return new URL(`${base}/${this.config.GRAPH_API_VERSION}/${path}`);
  }

  private jsonPost(accessToken: string, body: object): RequestInit {
    return {
      method: 'POST',
      headers: { ...bearer(accessToken), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  }

  private call(step: string, url: URL, init: RequestInit, secrets: string[]): CloudCall {
    return {
      cloud: 'WhatsApp',
      step,
      url,
      init,
      timeoutMs: this.config.CLOUD_TIMEOUT_MS,
      secrets: [...secrets, this.config.META_APP_SECRET],
    };
  }
}

function bearer(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}` };
}

function graphMessage(json: unknown): string | undefined {
  const error = (json as GraphErrorBody | undefined)?.error;
  if (!error || typeof error.message !== 'string') return undefined;
  return typeof error.code === 'number' ? `(#${error.code}) ${error.message}` : error.message;
}
