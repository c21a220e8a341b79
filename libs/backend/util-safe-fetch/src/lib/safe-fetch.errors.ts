import type { GenesysReceiptReasonCode } from '@switchboard/shared-contracts';

/** Why a download was refused or failed; stable, for code and metrics. */
export const SAFE_FETCH_REFUSAL_REASONS = [
  'invalid_url',
  'scheme',
  'credentials_in_url',
  'private_address',
  'resolution_failed',
  'connection_failed',
  'tls_failed',
  'timeout',
  'http_status',
  'too_many_redirects',
  'too_large',
  'empty_body',
  'mime_mismatch',
  'type_not_allowed',
] as const;

export type SafeFetchRefusalReason = (typeof SAFE_FETCH_REFUSAL_REASONS)[number];

export interface SafeFetchRefusalDetails {
  /** For logs only: addresses, hosts and codes that the human message leaves out. */
  readonly detail?: string;
  /** Whether the same download may succeed later (timeouts, unreachable hosts, 5xx). */
  readonly retryable?: boolean;
  /** The HTTP status for `http_status`. */
  readonly status?: number;
  readonly cause?: unknown;
}

/**
 * A download `safeFetch` did not complete. `message` is written for people and says nothing
 * about internal addresses, so it can go into a Genesys Failed receipt as it is; `detail` is
 * for logs.
 */
export class SafeFetchRefusedError extends Error {
  readonly detail: string | undefined;
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(
    readonly reason: SafeFetchRefusalReason,
    message: string,
    details: SafeFetchRefusalDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SafeFetchRefusedError';
    this.detail = details.detail;
    this.retryable = details.retryable ?? false;
    this.status = details.status;
  }
}

const GENESYS_REASONS: Readonly<Partial<Record<SafeFetchRefusalReason, GenesysReceiptReasonCode>>> = {
  too_large: 'InvalidMediaContentLength',
  empty_body: 'InvalidMediaContentLength',
  mime_mismatch: 'MediaTypeNotAllowed',
  type_not_allowed: 'MediaTypeNotAllowed',
};

/** The reason code of the Genesys Failed receipt (spec B4) for a refused attachment download. */
export function genesysReasonForSafeFetchRefusal(reason: SafeFetchRefusalReason): GenesysReceiptReasonCode {
  return GENESYS_REASONS[reason] ?? 'GeneralError';
}
