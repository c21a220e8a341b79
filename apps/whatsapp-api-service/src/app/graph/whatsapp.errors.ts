import { PermanentError, RetryLaterError, RetryableError } from '@switchboard/backend-util-messaging';
import type { WhatsAppErrorCategory } from '@switchboard/shared-contracts';

// The typed failures of a Graph call and of a delivery. Their base classes tell the queue
// consumer what to do: RetryableError → backoff then DLQ, RetryLaterError → wait without burning
// an attempt, PermanentError → DLQ at once with the message as its reason. Which of them also
// tell the agent (a failed outcome), and which are acknowledged instead of dead-lettered, is
// decided in delivery/delivery-failure.util.ts.

/** What the Graph API said about a failed call (spec A5): decisions key on `code`, never on titles. */
export interface GraphErrorDetails {
  /** HTTP status; absent when no answer came. */
  readonly status?: number;
  /** Graph error code; absent when the answer had no Graph error body. */
  readonly code?: number;
  /** Category of the code in the contracts' table. */
  readonly category?: WhatsAppErrorCategory;
  /** Graph's message, shortened (no secrets: Meta does not echo tokens). */
  readonly message: string;
  readonly fbtraceId?: string;
}

/** Why WhatsApp could not take the call now: what the tenant's circuit breaker counts. */
export type WhatsAppUnavailability = 'server_error' | 'timeout' | 'network_error' | 'transient_code';

/** WhatsApp could not answer now (5xx, timeout, network, 130429/131000/131016/131057): retried with backoff, then failed. */
export class WhatsAppUnavailableError extends RetryableError {
  constructor(
    readonly unavailability: WhatsAppUnavailability,
    message: string,
    readonly details?: GraphErrorDetails,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'WhatsAppUnavailableError';
  }
}

/** 401, or code 0 / 190: the token was refused. Retried once with a renewed token; counted by the breaker. */
export class WhatsAppUnauthorizedError extends RetryableError {
  constructor(
    message: string,
    readonly details: GraphErrorDetails,
  ) {
    super(message);
    this.name = 'WhatsAppUnauthorizedError';
  }
}

/** A renewed token was refused too: the number's credentials need an administrator. */
export class WhatsAppCredentialsRejectedError extends PermanentError {
  constructor(
    message: string,
    readonly details: GraphErrorDetails,
  ) {
    super(message);
    this.name = 'WhatsAppCredentialsRejectedError';
  }
}

/** 4, 80007 or a 429 without a code: come back after Retry-After; no attempt spent. */
export class WhatsAppRateLimitedError extends RetryLaterError {
  constructor(
    delayMs: number,
    reason: string,
    readonly details: GraphErrorDetails,
  ) {
    super(delayMs, reason);
    this.name = 'WhatsAppRateLimitedError';
  }
}

/** 131056: too many messages to this customer; the next try waits 4^X s (spec A6). */
export class WhatsAppPairRateLimitedError extends RetryLaterError {
  constructor(
    delayMs: number,
    reason: string,
    readonly details: GraphErrorDetails,
  ) {
    super(delayMs, reason);
    this.name = 'WhatsAppPairRateLimitedError';
  }
}

/** 131056 kept coming for this customer after WHATSAPP_PAIR_RATE_MAX_RETRIES paced retries. */
export class WhatsAppPairRateExhaustedError extends PermanentError {
  constructor(
    message: string,
    readonly details: GraphErrorDetails,
  ) {
    super(message);
    this.name = 'WhatsAppPairRateExhaustedError';
  }
}

/** Our own brakes (the number's send rate, a pause after 4/80007, a customer's pacing) ask for a longer wait. */
export class WhatsAppThrottledError extends RetryLaterError {
  constructor(delayMs: number, reason: string) {
    super(delayMs, reason);
    this.name = 'WhatsAppThrottledError';
  }
}

/** The tenant's circuit breaker is open: its messages wait until it half-opens; other tenants go on. */
export class WhatsAppCircuitOpenError extends RetryLaterError {
  constructor(
    readonly tenantId: string,
    delayMs: number,
  ) {
    super(
      delayMs,
      `circuit breaker of tenant ${tenantId} toward WhatsApp is open; next try in ${Math.ceil(delayMs / 1000)} s`,
    );
    this.name = 'WhatsAppCircuitOpenError';
  }
}

/** WhatsApp refused the request for good (a code whose policy is `never` or `once`, or a 4xx without a code). */
export class WhatsAppRequestRejectedError extends PermanentError {
  constructor(
    message: string,
    readonly details: GraphErrorDetails,
  ) {
    super(message);
    this.name = 'WhatsAppRequestRejectedError';
  }
}

/** WhatsApp answered 2xx but not with what the spec says (no wamid, no media id): not sent again. */
export class WhatsAppUnexpectedAnswerError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'WhatsAppUnexpectedAnswerError';
  }
}

/** The send body we built is not one WhatsApp accepts (or names another customer): a bug upstream. */
export class InvalidSendRequestError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSendRequestError';
  }
}

/** The attachment in object storage is gone or not the bytes outbound-transformer described. */
export class StoredMediaUnusableError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoredMediaUnusableError';
  }
}

/** The delivery cannot be sent at all (unknown number, another tenant's number or media, suspended tenant). */
export class UndeliverableError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}
