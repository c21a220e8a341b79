/** How a call to an upstream service failed in a way that says something about its health. */
export type UpstreamFailureKind = 'unavailable' | 'timeout' | 'bad-gateway' | 'failed-status';

/**
 * A failure of the upstream (not of the client): counted by its circuit breaker.
 * `unavailable`: no connection (refused, unknown host, unreachable); `timeout`: no answer in
 * time; `bad-gateway`: the connection broke or the answer was not HTTP; `failed-status`: the
 * service answered 502/503/504 itself (its answer is passed on to the client).
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    readonly service: string,
    message: string,
  ) {
    super(message);
    this.name = UpstreamFailure.name;
  }
}

/** The breaker of `service` is open (or its single half-open probe is under way). */
export class CircuitOpenError extends Error {
  constructor(
    readonly service: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${service} is unavailable: circuit open, retry in ${retryAfterSeconds} s`);
    this.name = CircuitOpenError.name;
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Classifies a socket error of the upstream request. */
export function classifyConnectionError(error: NodeJS.ErrnoException, service: string): UpstreamFailure {
  if (error.code && UNREACHABLE_CODES.has(error.code)) {
    return new UpstreamFailure('unavailable', service, `${service} is unreachable (${error.code})`);
  }
  return new UpstreamFailure(
    'bad-gateway',
    service,
    `${service} broke the connection (${error.code ?? error.message})`,
  );
}
