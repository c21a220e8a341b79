import { Logger } from '@nestjs/common';
import { RetryableError, RetryLaterError } from '@switchboard/backend-util-messaging';
import {
  validateWhatsAppGraphError,
  validateWhatsAppMediaUrlResponse,
  type WhatsAppMediaUrlResponse,
} from '@switchboard/shared-contracts';
import { MediaTooLargeError, readCapped } from './capped-read.util';
import { formatByteSize } from './media-kinds.constants';
import { checkMediaUrl, type MediaUrlPolicy } from './media-url-guard.util';

/** Where the tenant's WhatsApp token comes from (auth-service's broker) and how to drop it after a 401. */
export interface WhatsAppTokenSource {
  whatsAppToken(phoneNumberId: string): Promise<string>;
  invalidateWhatsAppToken(phoneNumberId: string): Promise<void>;
}

export interface WhatsAppMediaClientOptions {
  readonly graphBaseUrl: string;
  readonly graphVersion: string;
  readonly urlPolicy: MediaUrlPolicy;
  readonly graphTimeoutMs: number;
  readonly downloadTimeoutMs: number;
  readonly fetch?: typeof fetch;
}

export interface MediaDownloadRequest {
  readonly phoneNumberId: string;
  readonly mediaId: string;
  readonly maxBytes: number;
  /** Why this MIME type is refused, or undefined when it is acceptable. */
  readonly refuseMimeType?: (mimeType: string) => string | undefined;
}

export type MediaDownloadResult =
  | {
      readonly kind: 'downloaded';
      readonly bytes: Buffer;
      readonly digest: Buffer;
      readonly description: WhatsAppMediaUrlResponse;
    }
  | { readonly kind: 'unavailable'; readonly reason: string };

// Graph error codes (spec A5) that mean "come back later" or "try again".
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131056]);
const TRANSIENT_CODES = new Set([131000, 131016, 131057]);
const AUTH_CODES = new Set([0, 190]);
const MISSING_OBJECT_CODE = 100;
const DEFAULT_RETRY_AFTER_MS = 60_000;
const MAX_REDIRECTS = 3;

type Unavailable = Extract<MediaDownloadResult, { kind: 'unavailable' }>;

const unavailable = (reason: string): Unavailable => ({ kind: 'unavailable', reason });

/**
 * Fetches a customer's media from the Graph API (spec A4): the media description by id, then the
 * bytes from its short-lived URL with the same Bearer token, after checking that URL (and every
 * redirect) against the media host policy, streaming with a size cap. Outcomes the customer's
 * message must survive (gone, too big, refused type) come back as `unavailable` with a reason;
 * transient ones throw RetryableError / RetryLaterError.
 */
export class WhatsAppMediaClient {
  private readonly logger = new Logger(WhatsAppMediaClient.name);
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: WhatsAppMediaClientOptions,
    private readonly tokens: WhatsAppTokenSource,
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async download(request: MediaDownloadRequest): Promise<MediaDownloadResult> {
    const token = await this.tokens.whatsAppToken(request.phoneNumberId);
    // A download URL lives 5 minutes: on 404 fetch a new one once (spec A4).
    for (let round = 1; ; round++) {
      const description = await this.describe(request, token);
      if (description.kind === 'unavailable') return description;
      const result = await this.fetchBytes(request, token, description.value);
      if (result !== 'expired') return result;
      if (round >= 2) return unavailable('the download link WhatsApp gave kept expiring');
    }
  }

  private async describe(
    request: MediaDownloadRequest,
    token: string,
  ): Promise<{ kind: 'described'; value: WhatsAppMediaUrlResponse } | Unavailable> {
    const base = this.options.graphBaseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}/${this.options.graphVersion}/${encodeURIComponent(request.mediaId)}`);
    url.searchParams.set('phone_number_id', request.phoneNumberId);
    const response = await this.send('media description', url, token, this.options.graphTimeoutMs);
    if (!response.ok) return this.onGraphFailure(request, response, 'media description');
    const parsed = validateWhatsAppMediaUrlResponse(await response.json().catch(() => undefined));
    if (!parsed.ok) return unavailable('WhatsApp answered with an unusable media description');
    const { value } = parsed;
    const size = value.file_size === undefined ? undefined : Number(value.file_size);
    if (size !== undefined && size > request.maxBytes) {
      return unavailable(`the file exceeds ${formatByteSize(request.maxBytes)}`);
    }
    const refused = request.refuseMimeType?.(value.mime_type);
    if (refused) return unavailable(refused);
    return { kind: 'described', value };
  }

  private async fetchBytes(
    request: MediaDownloadRequest,
    token: string,
    description: WhatsAppMediaUrlResponse,
  ): Promise<MediaDownloadResult | 'expired'> {
    let location = description.url;
    const signal = AbortSignal.timeout(this.options.downloadTimeoutMs);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const verdict = checkMediaUrl(location, this.options.urlPolicy);
      if (!verdict.ok) {
        this.logger.warn(`refused to download media ${request.mediaId}: ${verdict.reason}`);
        return unavailable(`WhatsApp gave a download address Switchboard does not trust (${verdict.reason})`);
      }
      const response = await this.send('media download', verdict.url, token, undefined, signal);
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        location = new URL(response.headers.get('location') as string, verdict.url).toString();
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        return 'expired';
      }
      if (!response.ok) return this.onGraphFailure(request, response, 'media download');
      return this.readBody(request, response, description);
    }
    return unavailable('WhatsApp redirected the download too many times');
  }

  private async readBody(
    request: MediaDownloadRequest,
    response: Response,
    description: WhatsAppMediaUrlResponse,
  ): Promise<MediaDownloadResult> {
    const tooLarge = unavailable(`the file exceeds ${formatByteSize(request.maxBytes)}`);
    if (!response.body) return unavailable('WhatsApp sent an empty download');
    const announced = Number(response.headers.get('content-length') ?? Number.NaN);
    if (announced > request.maxBytes) {
      await response.body.cancel();
      return tooLarge;
    }
    try {
      const { bytes, digest } = await readCapped(response.body, request.maxBytes);
      return { kind: 'downloaded', bytes, digest, description };
    } catch (error) {
      if (error instanceof MediaTooLargeError) return tooLarge;
      throw new RetryableError(`media ${request.mediaId}: download interrupted: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  private async send(
    what: string,
    url: URL,
    token: string,
    timeoutMs?: number,
    signal?: AbortSignal,
  ): Promise<Response> {
    try {
      return await this.fetch(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
        redirect: 'manual',
        signal: signal ?? AbortSignal.timeout(timeoutMs ?? this.options.graphTimeoutMs),
      });
    } catch (error) {
      // Timeouts, refused or dropped connections: the Graph API may answer next time.
      throw new RetryableError(`WhatsApp ${what} failed: ${describe(error)}`, { cause: error });
    }
  }

  /** Maps a failed Graph answer by its error code first (spec A5), then by HTTP status. */
  private async onGraphFailure(
    request: MediaDownloadRequest,
    response: Response,
    what: string,
  ): Promise<Unavailable> {
    const body: unknown = await response.json().catch(() => undefined);
    const graphError = validateWhatsAppGraphError(body);
    const code = graphError.ok ? graphError.value.error.code : undefined;
    const message = graphError.ok ? graphError.value.error.message : `HTTP ${response.status}`;
    const detail = `WhatsApp ${what} answered HTTP ${response.status}${code === undefined ? '' : ` (code ${code})`}`;
    if (response.status === 401 || (code !== undefined && AUTH_CODES.has(code))) {
      await this.tokens.invalidateWhatsAppToken(request.phoneNumberId).catch((error: Error) => {
        this.logger.warn(
          `could not invalidate the WhatsApp token of ${request.phoneNumberId}: ${error.message}`,
        );
      });
      throw new RetryableError(`${detail}: the access token was refused; retrying with a new one`);
    }
    if (response.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
      throw new RetryLaterError(retryAfterMs(response), `${detail}: rate limited`);
    }
    if (
      response.status >= 500 ||
      response.status === 408 ||
      (code !== undefined && TRANSIENT_CODES.has(code))
    ) {
      throw new RetryableError(`${detail}: ${message}`);
    }
    if (response.status === 404 || code === MISSING_OBJECT_CODE) {
      return unavailable('the media no longer exists on WhatsApp (media expire after 7 days)');
    }
    return unavailable(
      `WhatsApp refused the ${what} (${code === undefined ? `HTTP ${response.status}` : `error ${code}`}: ${message})`,
    );
  }
}

function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
