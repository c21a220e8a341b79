import {
  WHATSAPP_ERROR_CODE_RANGES,
  WHATSAPP_ERROR_CODES,
  WHATSAPP_UNKNOWN_ERROR_RETRY_POLICY,
  type WhatsAppErrorCodeInfo,
  type WhatsAppRetryPolicy,
} from './whatsapp-error-codes.constants';

/** Meaning, retry policy and category of a WhatsApp error code, or undefined when the code is not in the tables. */
export function lookupWhatsAppErrorCode(code: number): WhatsAppErrorCodeInfo | undefined {
  return (
    WHATSAPP_ERROR_CODES[code] ??
    WHATSAPP_ERROR_CODE_RANGES.find((range) => code >= range.from && code <= range.to)?.info
  );
}

/** How to handle a WhatsApp error code; unknown codes get WHATSAPP_UNKNOWN_ERROR_RETRY_POLICY. */
export function whatsAppRetryPolicyFor(code: number): WhatsAppRetryPolicy {
  return lookupWhatsAppErrorCode(code)?.retry ?? WHATSAPP_UNKNOWN_ERROR_RETRY_POLICY;
}

/** Whether a send that failed with `code` may be sent again at some point (every policy but `never`). */
export function isRetryableWhatsAppError(code: number): boolean {
  return whatsAppRetryPolicyFor(code) !== 'never';
}

/** Delay before retry number `attempt` (0-based) after a pair rate limit (131056): 4^attempt seconds. */
export function whatsAppPairBackoffSeconds(attempt: number): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`attempt must be a non-negative integer, got ${attempt}`);
  }
  return 4 ** attempt;
}
