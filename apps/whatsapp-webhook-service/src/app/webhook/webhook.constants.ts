import { MESSAGE_HEADERS } from '@switchboard/shared-contracts';

/** AMQP header of a parked (unroutable) item: why it could not enter the pipeline, one of UNROUTABLE_REASONS. */
export const UNROUTABLE_REASON_HEADER = MESSAGE_HEADERS.UNROUTABLE_REASON;

/** `Retry-After` of a 503: Meta retries with its own backoff, this only hints at it. */
export const RETRY_AFTER_SECONDS = 30;
