import { validateGenesysErrorBody } from '@switchboard/shared-contracts';

/** One HTTP answer of the Genesys API (body read as text). */
export interface GenesysAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * What an answer means for the call:
 * - `accepted`: 2xx;
 * - `unauthorized`: 401, the token is not (or no longer) accepted: renew it and try once more;
 * - `rate-limited`: 429, wait Retry-After;
 * - `unavailable`: 5xx or 408, Genesys cannot answer now (counts against the circuit breaker);
 * - `rejected`: anything else (other 4xx, an unexpected 1xx/3xx): the same request cannot succeed.
 */
export type GenesysStatusClass = 'accepted' | 'unauthorized' | 'rate-limited' | 'unavailable' | 'rejected';

export function classifyGenesysStatus(status: number): GenesysStatusClass {
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  if (status >= 500 || status === 408) return 'unavailable';
  return 'rejected';
}

/** A wait is never shorter than this, so that a `Retry-After: 0` cannot make a tight loop. */
export const MIN_RETRY_AFTER_MS = 1_000;

/**
 * The wait a 429 asks for: `Retry-After` in seconds (Genesys always sends it, spec B5) or as an
 * HTTP date; `defaultMs` when it is absent or unreadable.
 */
export function retryAfterMs(
  header: string | string[] | undefined,
  defaultMs: number,
  now: number = Date.now(),
): number {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return defaultMs;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.max(MIN_RETRY_AFTER_MS, Math.ceil(Number(value) * 1000));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return defaultMs;
  return Math.max(MIN_RETRY_AFTER_MS, date - now);
}

const MAX_REASON_BODY_CHARS = 300;

/**
 * Genesys's error body, short enough for a dead-letter reason: `code: message (contextId)` when
 * it has the platform's error shape, else the first characters of the raw body.
 */
export function describeGenesysErrorBody(body: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const parsed = validateGenesysErrorBody(json);
  const text = parsed.ok
    ? `${parsed.value.code}: ${parsed.value.message}${parsed.value.contextId ? ` (contextId ${parsed.value.contextId})` : ''}`
    : body.replace(/\s+/g, ' ').trim();
  if (text.length === 0) return '(empty body)';
  return text.length > MAX_REASON_BODY_CHARS ? `${text.slice(0, MAX_REASON_BODY_CHARS)}…` : text;
}

export function headerValue(answer: GenesysAnswer, name: string): string | undefined {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
