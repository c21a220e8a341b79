/**
 * What to do after a WhatsApp error (spec A5, "handling" is our suggestion):
 * - `retry`: retry with backoff (bounded);
 * - `retry-delayed`: retry, but only after a longer delay (app / account rate limits);
 * - `pair-backoff`: retry the same recipient after 4^X seconds (X = 0, 1, 2…);
 * - `once`: fix the cause (e.g. re-upload the media) and retry a single time;
 * - `never`: permanent; report it (Failed receipt, alert or dead-letter).
 */
export type WhatsAppRetryPolicy = 'retry' | 'retry-delayed' | 'pair-backoff' | 'once' | 'never';

export type WhatsAppErrorCategory =
  | 'authentication'
  | 'permission'
  | 'rate-limit'
  | 'quality'
  | 'policy'
  | 'transient'
  | 'invalid-request'
  | 'recipient'
  | 'customer-service-window'
  | 'unsupported-message'
  | 'media'
  | 'template'
  | 'configuration';

export interface WhatsAppErrorCodeInfo {
  readonly meaning: string;
  readonly retry: WhatsAppRetryPolicy;
  readonly category: WhatsAppErrorCategory;
}

export interface WhatsAppErrorCodeRange {
  readonly from: number;
  readonly to: number;
  readonly info: WhatsAppErrorCodeInfo;
}

const never = (category: WhatsAppErrorCategory, meaning: string): WhatsAppErrorCodeInfo => ({
  meaning,
  retry: 'never',
  category,
});

/** Codes of the spec's table (A5); exact codes take precedence over WHATSAPP_ERROR_CODE_RANGES. */
export const WHATSAPP_ERROR_CODES: Readonly<Record<number, WhatsAppErrorCodeInfo>> = {
  0: never('authentication', 'Authentication failed'),
  190: never('authentication', 'Access token expired or invalid'),
  3: never('permission', 'Capability or permission missing'),
  10: never('permission', 'Permission denied'),
  131005: never('permission', 'Access denied'),
  4: { meaning: 'App-level API call rate limit reached', retry: 'retry-delayed', category: 'rate-limit' },
  80007: {
    meaning: 'WhatsApp Business Account rate limit reached',
    retry: 'retry-delayed',
    category: 'rate-limit',
  },
  130429: { meaning: 'Cloud API throughput reached', retry: 'retry', category: 'rate-limit' },
  131056: {
    meaning: 'Pair rate limit: too many messages to the same recipient',
    retry: 'pair-backoff',
    category: 'rate-limit',
  },
  131048: never('quality', 'Spam rate limit: message quality too low'),
  131049: never('quality', 'Not delivered to keep the ecosystem healthy; wait 24 h before resending'),
  368: never('policy', 'Temporarily blocked for policy violation'),
  131031: never('policy', 'Business account locked'),
  131000: { meaning: 'Something went wrong (unknown error)', retry: 'retry', category: 'transient' },
  131008: never('invalid-request', 'Required parameter missing'),
  131009: never('invalid-request', 'Parameter value invalid'),
  131016: { meaning: 'Service temporarily unavailable', retry: 'retry', category: 'transient' },
  131026: never('recipient', 'Message undeliverable (not on WhatsApp, terms not accepted or app too old)'),
  131047: never(
    'customer-service-window',
    'More than 24 h since the customer last replied: a template is needed',
  ),
  131050: never('recipient', 'The customer stopped marketing messages from this business'),
  131051: never('unsupported-message', 'Unsupported message type'),
  131052: never('media', 'Could not download the media the customer sent'),
  131053: {
    meaning: 'Could not upload the media we sent (type, size or URL)',
    retry: 'once',
    category: 'media',
  },
  131057: {
    meaning: 'Account in maintenance (e.g. throughput upgrade)',
    retry: 'retry',
    category: 'transient',
  },
  132000: never('template', 'Template parameter count mismatch'),
  132001: never('template', 'Template missing or not approved in this language'),
  132005: never('template', 'Template text too long after substitution'),
  132007: never('template', 'Template violates a formatting policy'),
  132008: never('template', 'Template parameter value invalid'),
  132012: never('template', 'Template parameter format mismatch'),
  132015: never('template', 'Template paused'),
  132016: never('template', 'Template disabled'),
  133010: never('configuration', 'Business phone number not registered'),
  470: never('customer-service-window', 'Legacy (On-Premises) "more than 24 h" error, treated like 131047'),
};

/** Families of codes the spec gives as ranges (200–299, 1320xx). */
export const WHATSAPP_ERROR_CODE_RANGES: readonly WhatsAppErrorCodeRange[] = [
  { from: 200, to: 299, info: never('permission', 'Permission missing') },
  { from: 132000, to: 132099, info: never('template', 'Template error') },
];

/** Policy for codes in neither table: permanent, so that an unknown error never causes duplicate sends. */
export const WHATSAPP_UNKNOWN_ERROR_RETRY_POLICY: WhatsAppRetryPolicy = 'never';
