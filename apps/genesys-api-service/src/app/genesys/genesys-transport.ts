import { Agent, request } from 'undici';
import type { GenesysAnswer } from './genesys-answer.util';
import { GenesysUnavailableError } from './genesys.errors';

export interface GenesysHttpRequest {
  readonly url: string;
  readonly accessToken: string;
  readonly body: unknown;
}

/**
 * One POST to the Genesys API. Resolves with whatever Genesys answered (any status); rejects
 * with GenesysUnavailableError only when no answer came (timeout, network failure).
 */
export abstract class GenesysTransport {
  abstract post(request: GenesysHttpRequest): Promise<GenesysAnswer>;
  abstract close(): Promise<void>;
}

export interface UndiciGenesysTransportOptions {
  /** Whole exchange, headers and body included. */
  readonly timeoutMs: number;
  /** Keep-alive connections per Genesys host. */
  readonly maxConnections: number;
}

const KEEP_ALIVE_MS = 30_000;

/** undici over a keep-alive connection pool shared by every tenant of a Genesys host. */
export class UndiciGenesysTransport extends GenesysTransport {
  private readonly agent: Agent;

  constructor(private readonly options: UndiciGenesysTransportOptions) {
    super();
    this.agent = new Agent({
      connections: options.maxConnections,
      keepAliveTimeout: KEEP_ALIVE_MS,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async post({ url, accessToken, body }: GenesysHttpRequest): Promise<GenesysAnswer> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        signal,
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body: text };
    } catch (error) {
      if (signal.aborted || isUndiciTimeout(error)) {
        throw new GenesysUnavailableError(
          'timeout',
          `Genesys did not answer within ${this.options.timeoutMs} ms`,
          undefined,
          { cause: error },
        );
      }
      throw new GenesysUnavailableError(
        'network_error',
        `Genesys unreachable: ${describeNetworkError(error)}`,
        undefined,
        {
          cause: error,
        },
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
