import type { Readable } from 'node:stream';
import { PermanentError } from '@switchboard/backend-util-messaging';
import { Agent, request } from 'undici';
import type { GraphAnswer } from './graph-answer.util';
import { WhatsAppUnavailableError } from './whatsapp.errors';

/** A JSON body, or a streamed one with its type and exact length (multipart uploads). */
export type GraphRequestBody =
  | { readonly json: unknown }
  | { readonly stream: Readable; readonly contentType: string; readonly contentLength: number };

export interface GraphHttpRequest {
  readonly url: string;
  readonly accessToken: string;
  readonly body: GraphRequestBody;
  /** Whole exchange, body included. */
  readonly timeoutMs: number;
}

/**
 * One POST to the Graph API. Resolves with whatever WhatsApp answered (any status); rejects with
 * WhatsAppUnavailableError only when no answer came (timeout, network failure).
 */
export abstract class GraphTransport {
  abstract post(request: GraphHttpRequest): Promise<GraphAnswer>;
  abstract close(): Promise<void>;
}

export interface UndiciGraphTransportOptions {
  /** Keep-alive connections to the Graph host. */
  readonly maxConnections: number;
}

const KEEP_ALIVE_MS = 30_000;

/** undici over a keep-alive connection pool shared by every tenant (one host: graph.facebook.com). */
export class UndiciGraphTransport extends GraphTransport {
  private readonly agent: Agent;

  constructor(options: UndiciGraphTransportOptions) {
    super();
    this.agent = new Agent({ connections: options.maxConnections, keepAliveTimeout: KEEP_ALIVE_MS });
  }

  async post({ url, accessToken, body, timeoutMs }: GraphHttpRequest): Promise<GraphAnswer> {
    const signal = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = {
      authorization: `Bearer ${accessToken}`,
      accept: 'application/json',
    };
    let payload: string | Readable;
    if ('json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else {
      headers['content-type'] = body.contentType;
      headers['content-length'] = String(body.contentLength);
      payload = body.stream;
    }
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        signal,
        headers,
        body: payload,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body: text };
    } catch (error) {
      // The body itself failed for good (stored bytes not as described): not WhatsApp's fault.
      if (error instanceof PermanentError) throw error;
      if (signal.aborted || isUndiciTimeout(error)) {
        throw new WhatsAppUnavailableError(
          'timeout',
          `WhatsApp did not answer within ${timeoutMs} ms`,
          { message: 'timeout' },
          { cause: error },
        );
      }
      throw new WhatsAppUnavailableError(
        'network_error',
        `WhatsApp unreachable: ${describeNetworkError(error)}`,
        { message: 'network error' },
        { cause: error },
      );
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function isUndiciTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown } | undefined;
  const code = (error as { code?: unknown }).code ?? cause?.code;
  return typeof code === 'string' ? `${code} (${error.message})` : error.message;
}
