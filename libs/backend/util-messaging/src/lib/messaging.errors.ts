/**
 * Typed failures of a message handler, so that the consumer knows whether to retry, delay or
 * dead-letter without matching strings. Anything else a handler throws counts as retryable.
 */
export class RetryableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

/** Retrying cannot help (bad input, a 4xx that will not change): dead-letter at once. */
export class PermanentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/**
 * The other side asked us to come back later (HTTP 429 with Retry-After): delay by `delayMs`
 * without consuming an attempt.
 */
export class RetryLaterError extends Error {
  readonly delayMs: number;

  constructor(delayMs: number, reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'RetryLaterError';
    this.delayMs = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
  }
}

/** A message failed validation before it was published: a bug in the producer. */
export class InvalidEnvelopeError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidEnvelopeError';
  }
}

export type PublishFailureReason =
  /** The broker answered basic.nack (e.g. a queue refused it: reject-publish overflow). */
  | 'nacked'
  /** No queue was bound for it (mandatory publish came back as basic.return). */
  | 'unroutable'
  /** No confirmation within the timeout, including while the broker is unreachable. */
  | 'timeout'
  /** Too many publishes are waiting for a confirmation: refused instead of buffering more. */
  | 'overloaded'
  /** The publisher was closed before the broker confirmed. */
  | 'closed'
  /** The channel failed before the broker confirmed (e.g. the broker closed it with an error). */
  | 'failed';

export interface PublishTarget {
  readonly exchange: string;
  readonly routingKey: string;
  readonly messageId?: string;
}

/** The broker did not take responsibility for a message: the caller must not assume it was sent. */
export class PublishNotConfirmedError extends Error {
  readonly reason: PublishFailureReason;
  readonly target: PublishTarget;

  constructor(reason: PublishFailureReason, target: PublishTarget, detail?: string, options?: ErrorOptions) {
    const where = `${target.exchange || '(default exchange)'} / ${target.routingKey}`;
    super(`publish not confirmed (${reason}) to ${where}${detail ? `: ${detail}` : ''}`, options);
    this.name = 'PublishNotConfirmedError';
    this.reason = reason;
    this.target = target;
  }
}

export type ErrorClassification =
  | { readonly kind: 'retryable'; readonly error: Error }
  | { readonly kind: 'permanent'; readonly error: Error }
  | { readonly kind: 'retry-later'; readonly error: RetryLaterError; readonly delayMs: number };

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : `non-error thrown: ${String(error)}`);
}

export function classifyError(error: unknown): ErrorClassification {
  if (error instanceof RetryLaterError) return { kind: 'retry-later', error, delayMs: error.delayMs };
  if (error instanceof PermanentError) return { kind: 'permanent', error };
  return { kind: 'retryable', error: asError(error) };
}

/** `Class: message`, the form stored in the dead-letter reason header. */
export function describeError(error: unknown): string {
  const err = asError(error);
  const className =
    err.constructor.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name;
  return `${className}: ${err.message}`;
}
