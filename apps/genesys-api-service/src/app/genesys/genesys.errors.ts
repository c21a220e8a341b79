import { PermanentError, RetryLaterError, RetryableError } from '@switchboard/backend-util-messaging';

// The typed failures of a Genesys call. Their base classes tell the queue consumer what to do:
// RetryableError → backoff then DLQ, RetryLaterError → wait without burning an attempt,
// PermanentError → DLQ at once with the message as its reason.

/** Why Genesys could not answer: the three kinds of failure the region's circuit breaker counts. */
export type GenesysUnavailability = 'server_error' | 'timeout' | 'network_error';

/** Genesys could not answer now (5xx, timeout, network): retried with backoff, then dead-lettered. */
export class GenesysUnavailableError extends RetryableError {
  constructor(
    readonly unavailability: GenesysUnavailability,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'GenesysUnavailableError';
  }
}

/**
 * Genesys answered 2xx, but not what the spec says it answers (e.g. no conversationId). It did
 * take the message, so sending it again would duplicate it: dead-lettered with the reason.
 */
export class GenesysUnexpectedAnswerError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'GenesysUnexpectedAnswerError';
  }
}

/** Genesys answered 429: come back after its Retry-After; never dead-lettered for that alone. */
export class GenesysRateLimitedError extends RetryLaterError {
  constructor(delayMs: number, reason: string) {
    super(delayMs, reason);
    this.name = 'GenesysRateLimitedError';
  }
}

/** Our own brakes (the tenant's rate, an integration paused after a 429) ask for a longer wait. */
export class GenesysThrottledError extends RetryLaterError {
  constructor(delayMs: number, reason: string) {
    super(delayMs, reason);
    this.name = 'GenesysThrottledError';
  }
}

/** The region's circuit breaker is open: try again when it half-opens. */
export class GenesysCircuitOpenError extends RetryLaterError {
  constructor(
    readonly region: string,
    delayMs: number,
  ) {
    super(
      delayMs,
      `circuit breaker of Genesys region ${region} is open; next try in ${Math.ceil(delayMs / 1000)} s`,
    );
    this.name = 'GenesysCircuitOpenError';
  }
}

/** Genesys refused the request for good (a 4xx other than 401 and 429): retrying cannot help. */
export class GenesysRequestRejectedError extends PermanentError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GenesysRequestRejectedError';
  }
}

/** Genesys answered 401 to a fresh token too: the integration's OAuth client is not accepted. */
export class GenesysCredentialsRejectedError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'GenesysCredentialsRejectedError';
  }
}

/** The delivery cannot be sent at all (invalid body, unknown integration, another tenant's). */
export class UndeliverableError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}
