/**
 * AMQP header of a parked (unroutable) item: why it could not enter the pipeline, one of
 * UNROUTABLE_REASONS. Proposed for `MESSAGE_HEADERS` in the contracts (see README).
 */
export const UNROUTABLE_REASON_HEADER = 'x-unroutable-reason';

/** `Retry-After` of a 503: Meta retries with its own backoff, this only hints at it. */
export const RETRY_AFTER_SECONDS = 30;
