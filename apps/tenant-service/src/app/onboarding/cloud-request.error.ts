export type CloudName = 'WhatsApp' | 'Genesys';

/**
 * refused: the cloud said no to what we sent (bad code, PIN, credentials) → 422.
 * unavailable: network error, timeout, 5xx → 502. rate-limited: 429 → 503 with Retry-After.
 * invalid-response: an answer we cannot use → 502.
 */
export type CloudFailureKind = 'refused' | 'unavailable' | 'rate-limited' | 'invalid-response';

/** A call to a cloud failed; the message names the cloud and the step, never a credential. */
export class CloudRequestError extends Error {
  constructor(
    readonly cloud: CloudName,
    readonly step: string,
    readonly kind: CloudFailureKind,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${cloud} ${step} failed: ${detail}`);
    this.name = CloudRequestError.name;
  }
}
