import type { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { PermanentError, RetryableError } from '@switchboard/backend-util-messaging';
import { contextHttpHeaders } from '@switchboard/backend-util-observability';
import type { z } from 'zod';

/** The other service could not answer now (5xx, timeout, unreachable): retry later. */
export class InternalServiceUnavailableError extends RetryableError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InternalServiceUnavailableError';
  }
}

/** The other service refused the request for good (4xx): retrying the same request cannot help. */
export class InternalRequestRejectedError extends PermanentError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'InternalRequestRejectedError';
  }
}

export interface InternalHttpClientOptions {
  readonly baseUrl: string;
  /** Service name of the callee: the audience of the service token. */
  readonly audience: string;
  readonly serviceTokens: ServiceTokenClient;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export interface InternalRequest<T> {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Validates a 2xx body; omit for 204 answers. */
  readonly schema?: z.ZodType<T>;
}

const DEFAULT_TIMEOUT_MS = 3_000;

function saysNotRetryable(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return (
      typeof parsed === 'object' && parsed !== null && (parsed as { retryable?: unknown }).retryable === false
    );
  } catch {
    return false;
  }
}

/**
 * JSON over HTTP to another Switchboard service's internal routes with a service token. A 401
 * renews the token and retries once; 404 comes back as null; other failures are typed so that
 * a queue consumer retries (unavailable) or dead-letters (rejected) without string matching.
 */
export class InternalHttpClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: InternalHttpClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async request<T>(request: InternalRequest<T>): Promise<T | null> {
    let response = await this.send(request);
    if (response.status === 401) {
      this.options.serviceTokens.invalidate(this.options.audience);
      response = await this.send(request);
    }
    const what = `${this.options.audience} ${request.method} ${request.path}`;
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      // A service that knows the failure is final says so (auth-service: a cloud refused for good).
      if (saysNotRetryable(detail)) {
        throw new InternalRequestRejectedError(
          `${what} answered ${response.status}: ${detail}`,
          response.status,
        );
      }
      throw new InternalServiceUnavailableError(`${what} answered ${response.status}`);
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      throw new InternalRequestRejectedError(
        `${what} answered ${response.status}: ${detail}`,
        response.status,
      );
    }
    if (!request.schema) {
      await response.body?.cancel();
      return null;
    }
    const json: unknown = await response.json().catch((error: Error) => {
      throw new InternalServiceUnavailableError(`${what} answered invalid JSON: ${error.message}`);
    });
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) {
      throw new InternalServiceUnavailableError(
        `${what} answered an unexpected body: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`)
          .join('; ')}`,
      );
    }
    return parsed.data;
  }

  private async send(request: InternalRequest<unknown>): Promise<Response> {
    // Relative to the base URL's path, so that a base such as http://gateway/state-manager/ keeps it.
    const base = this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`;
    const url = new URL(request.path.replace(/^\/+/, ''), base);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = {
      ...contextHttpHeaders(),
      ...(await this.options.serviceTokens.headers(this.options.audience).catch((error: Error) => {
        throw new InternalServiceUnavailableError(
          `no service token for ${this.options.audience}: ${error.message}`,
        );
      })),
      accept: 'application/json',
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InternalServiceUnavailableError(
        `${this.options.audience} ${request.method} ${request.path} failed: ${reason}`,
        { cause: error },
      );
    }
  }
}
