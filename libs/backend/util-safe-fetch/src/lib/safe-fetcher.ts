import type { Socket } from 'node:net';
import { Client, type Dispatcher } from 'undici';
import { readCappedBody } from './body/capped-body.util';
import { formatByteSize } from './media/media-limits.constants';
import { checkMediaType } from './media/media-type-check.util';
import { sniffMimeType } from './media/mime-sniffer.util';
import {
  type ConnectTarget,
  createDirectConnector,
  type HostResolver,
  type SafeConnector,
  systemResolver,
} from './network/connector';
import {
  type CheckedTarget,
  assertConnectable,
  checkTarget,
  describeUrl,
  parseUrl,
  type TargetPolicy,
} from './network/target-check';
import { SafeFetchRefusedError } from './safe-fetch.errors';

export interface SafeFetcherOptions {
  /** Per connection attempt (TCP and TLS). Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** The whole download: resolution, redirects, headers and body. Default 30 s. */
  readonly totalTimeoutMs?: number;
  /** Default 3. */
  readonly maxRedirects?: number;
  /** Default: the system resolver (`dns.promises.lookup`, all addresses). */
  readonly resolver?: HostResolver;
  /** Default: a direct TCP/TLS connection to the checked address. Tests inject one that records. */
  readonly connector?: SafeConnector;
  readonly userAgent?: string;
  /**
   * NEVER IN PRODUCTION. Accepts http:// URLs, but only to loopback addresses (127.0.0.0/8, ::1),
   * so that tests and the local sandbox can serve attachments from a plain HTTP server.
   */
  readonly allowHttpLoopback?: boolean;
}

export interface SafeDownloadRequest {
  /** The download fails as soon as the body (or its Content-Length) exceeds this. */
  readonly maxBytes: number;
  /** MIME types the content may have; anything else is refused. */
  readonly allowedMimeTypes: readonly string[];
  /** What the sender says the file is (a Genesys attachment's `mime`); must agree with the bytes. */
  readonly declaredMimeType?: string;
  /** Sent to the first URL's origin only, never to another origin after a redirect. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface SafeDownload {
  readonly bytes: Buffer;
  readonly size: number;
  /** Hex SHA-256 of `bytes`. */
  readonly sha256: string;
  /** The declared type when the bytes confirm it, else the sniffed one. */
  readonly mimeType: string;
  /** What the first bytes are. */
  readonly sniffedMimeType: string;
  /** Where the bytes came from after redirects. */
  readonly finalUrl: string;
  readonly redirects: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_TOTAL_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 3;
const DEFAULT_USER_AGENT = 'switchboard-safe-fetch';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Headers a caller may not set: the first two would defeat the checks, cookies are never sent.
const FORBIDDEN_REQUEST_HEADERS = new Set([
  'host',
  'cookie',
  'connection',
  'transfer-encoding',
  'content-length',
]);
const RETRYABLE_STATUSES = new Set([408, 425, 429]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

type HopOutcome = { readonly redirectTo: string } | { readonly download: SafeDownload };

interface Hop {
  readonly target: CheckedTarget;
  readonly headers: Record<string, string>;
}

/**
 * Downloads a file from a URL someone else chose (a Genesys attachment link) without letting
 * that URL reach inside our network: https only, every resolved address checked, the connection
 * made to the checked address (no second lookup an attacker's DNS could answer differently),
 * redirects re-checked from scratch, the size capped while streaming and the content sniffed
 * and compared with its declared type. Every failure is a SafeFetchRefusedError.
 */
export class SafeFetcher {
  private readonly connectTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly policy: TargetPolicy;
  private readonly connector: SafeConnector;
  private readonly userAgent: string;

  constructor(options: SafeFetcherOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.policy = {
      resolver: options.resolver ?? systemResolver,
      allowHttpLoopback: options.allowHttpLoopback ?? false,
    };
    this.connector = options.connector ?? createDirectConnector({ connectTimeoutMs: this.connectTimeoutMs });
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  }

  async download(url: string | URL, request: SafeDownloadRequest): Promise<SafeDownload> {
    validateRequest(request);
    const deadline = AbortSignal.timeout(this.totalTimeoutMs);
    const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
    try {
      return await this.follow(parseUrl(url), request, signal);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      // An abort surfaces as a connection or stream error; a deliberate refusal stays what it is.
      const interrupted = !(error instanceof SafeFetchRefusedError) || error.reason === 'connection_failed';
      if (deadline.aborted && interrupted) {
        throw new SafeFetchRefusedError('timeout', 'The attachment download timed out.', {
          detail: `no complete answer within ${this.totalTimeoutMs} ms`,
          retryable: true,
          cause: error,
        });
      }
      throw error;
    }
  }

  private async follow(first: URL, request: SafeDownloadRequest, signal: AbortSignal): Promise<SafeDownload> {
    const visited = new Set<string>();
    let url = first;
    for (let redirects = 0; ; redirects++) {
      visited.add(url.href);
      const target = await abortable(checkTarget(url, this.policy), signal);
      const hop = { target, headers: this.headersFor(url, first, request) };
      const outcome = await this.exchange(hop, signal, async (response): Promise<HopOutcome> => {
        const location = redirectLocation(response);
        if (location !== undefined) return { redirectTo: location };
        return { download: await this.readDownload(target, response, request, redirects) };
      });
      if ('download' in outcome) return outcome.download;
      const next = parseUrl(outcome.redirectTo, url);
      if (redirects >= this.maxRedirects || visited.has(next.href)) {
        throw new SafeFetchRefusedError(
          'too_many_redirects',
          'The attachment link redirected too many times.',
          {
            detail: visited.has(next.href)
              ? `redirect loop back to ${describeUrl(next)}`
              : `more than ${this.maxRedirects} redirects, last to ${describeUrl(next)}`,
          },
        );
      }
      url = next;
    }
  }

  /** One request on a connection pinned to the target's checked addresses; closed afterwards. */
  private async exchange<T>(
    hop: Hop,
    signal: AbortSignal,
    handle: (response: Dispatcher.ResponseData) => Promise<T>,
  ): Promise<T> {
    const { target } = hop;
    const client = new Client(target.url.origin, {
      connect: (_options, callback) => {
        this.connectPinned(target).then(
          (socket) => callback(null, socket),
          (error: Error) => callback(error, null),
        );
      },
      headersTimeout: this.totalTimeoutMs,
      bodyTimeout: this.totalTimeoutMs,
    });
    try {
      const response = await client
        .request({
          method: 'GET',
          path: `${target.url.pathname}${target.url.search}`,
          headers: hop.headers,
          signal,
        })
        .catch((error: unknown) => {
          throw connectionError(error, target);
        });
      return await handle(response);
    } finally {
      await client.destroy().catch(() => undefined);
    }
  }

  /** Tries the checked addresses in resolver order; nothing else is ever dialled. */
  private async connectPinned(target: CheckedTarget): Promise<Socket> {
    let lastError: unknown;
    for (const address of target.addresses) {
      assertConnectable(address, target);
      const connectTarget: ConnectTarget = {
        protocol: target.protocol,
        address,
        port: target.port,
        servername: target.servername,
      };
      try {
        return await this.connector(connectTarget);
      } catch (error) {
        lastError = error;
        if (isTlsError(error)) break;
      }
    }
    throw lastError;
  }

  private async readDownload(
    target: CheckedTarget,
    response: Dispatcher.ResponseData,
    request: SafeDownloadRequest,
    redirects: number,
  ): Promise<SafeDownload> {
    const { statusCode } = response;
    if (statusCode < 200 || statusCode > 299) {
      throw new SafeFetchRefusedError('http_status', `The attachment host answered HTTP ${statusCode}.`, {
        detail: `${describeUrl(target.url)} answered ${statusCode}`,
        status: statusCode,
        retryable: statusCode >= 500 || RETRYABLE_STATUSES.has(statusCode),
      });
    }
    const tooLarge = () =>
      new SafeFetchRefusedError(
        'too_large',
        `The attachment is larger than ${formatByteSize(request.maxBytes)}.`,
        {
          detail: `${describeUrl(target.url)}: more than ${request.maxBytes} bytes`,
        },
      );
    const announced = Number(headerValue(response.headers['content-length']) ?? Number.NaN);
    if (announced > request.maxBytes) throw tooLarge();
    const contentType = headerValue(response.headers['content-type']);
    const { bytes, sha256, inspection } = await readCappedBody(response.body, {
      maxBytes: request.maxBytes,
      tooLarge,
      inspectHead: (head) => judgeContent(head, request, contentType),
    });
    return {
      bytes,
      size: bytes.length,
      sha256,
      mimeType: inspection.mimeType,
      sniffedMimeType: inspection.sniffedMimeType,
      finalUrl: target.url.href,
      redirects,
    };
  }

  private headersFor(url: URL, first: URL, request: SafeDownloadRequest): Record<string, string> {
    const callerHeaders = url.origin === first.origin ? request.headers : undefined;
    return {
      ...callerHeaders,
      'user-agent': this.userAgent,
      accept: '*/*',
      'accept-encoding': 'identity',
    };
  }
}

/** One download with a fetcher configured by the same options. */
export function safeFetch(
  url: string | URL,
  options: SafeDownloadRequest & SafeFetcherOptions,
): Promise<SafeDownload> {
  return new SafeFetcher(options).download(url, options);
}

function judgeContent(
  head: Buffer,
  request: SafeDownloadRequest,
  contentType: string | undefined,
): { mimeType: string; sniffedMimeType: string } {
  if (head.length === 0) throw new SafeFetchRefusedError('empty_body', 'The attachment is empty.');
  const sniffed = sniffMimeType(head);
  const verdict = checkMediaType({
    sniffed,
    declared: [
      { source: 'the attachment', mimeType: request.declaredMimeType },
      { source: "the server's Content-Type", mimeType: contentType },
    ],
    allowedMimeTypes: request.allowedMimeTypes,
  });
  if (!verdict.ok) {
    throw new SafeFetchRefusedError(verdict.reason, verdict.message, {
      detail: `sniffed ${sniffed?.mimeType ?? 'unknown'}, declared ${request.declaredMimeType ?? '-'}, Content-Type ${contentType ?? '-'}`,
    });
  }
  return { mimeType: verdict.mimeType, sniffedMimeType: (sniffed as { mimeType: string }).mimeType };
}

function validateRequest(request: SafeDownloadRequest): void {
  if (!Number.isSafeInteger(request.maxBytes) || request.maxBytes <= 0) {
    throw new TypeError(`maxBytes must be a positive integer, got ${request.maxBytes}`);
  }
  if (request.allowedMimeTypes.length === 0) throw new TypeError('allowedMimeTypes must not be empty');
  const forbidden = Object.keys(request.headers ?? {}).filter((name) =>
    FORBIDDEN_REQUEST_HEADERS.has(name.toLowerCase()),
  );
  if (forbidden.length > 0) throw new TypeError(`headers ${forbidden.join(', ')} may not be set`);
}

function redirectLocation(response: Dispatcher.ResponseData): string | undefined {
  if (!REDIRECT_STATUSES.has(response.statusCode)) return undefined;
  const location = headerValue(response.headers['location']);
  return location === undefined || location === '' ? undefined : location;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTlsError(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  return /^ERR_TLS_|^ERR_SSL_|CERT|SELF_SIGNED|^UNABLE_TO_/.test(code);
}

function connectionError(error: unknown, target: CheckedTarget): unknown {
  if (error instanceof SafeFetchRefusedError) return error;
  const code = errorCode(error);
  const where = describeUrl(target.url);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new SafeFetchRefusedError('timeout', 'The attachment download timed out.', {
      detail: `${where}: ${code}`,
      retryable: true,
      cause: error,
    });
  }
  if (isTlsError(error)) {
    return new SafeFetchRefusedError(
      'tls_failed',
      "The attachment host's TLS certificate could not be verified.",
      { detail: `${where}: ${code}`, cause: error },
    );
  }
  return new SafeFetchRefusedError('connection_failed', 'The attachment host could not be reached.', {
    detail: `${where}: ${code ?? (error instanceof Error ? error.message : String(error))}`,
    retryable: true,
    cause: error,
  });
}
