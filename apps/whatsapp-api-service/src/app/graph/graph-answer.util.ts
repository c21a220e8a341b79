import {
  lookupWhatsAppErrorCode,
  validateWhatsAppGraphError,
  validateWhatsAppMediaUploadResponse,
  validateWhatsAppSendMessageResponse,
  whatsAppRetryPolicyFor,
} from '@switchboard/shared-contracts';
import type { GraphErrorDetails } from './whatsapp.errors';

/** One HTTP answer of the Graph API (body read as text). */
export interface GraphAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * What a Graph answer means for the call (spec A5: the code decides, the HTTP status only when
 * there is no Graph error body):
 * - `ok`: 2xx;
 * - `unauthorized`: 401 or code 0 / 190: renew the token and try once more;
 * - `unavailable`: codes whose policy is `retry` (130429, 131000, 131016, 131057), or 5xx / 408
 *   without a code: retried with backoff, counted by the tenant's breaker;
 * - `rate-limited`: `retry-delayed` codes (4, 80007), or 429 without a code: wait Retry-After;
 * - `pair-rate-limited`: 131056, wait 4^X s before the next message to that customer;
 * - `rejected`: `never` and `once` codes (131053: re-upload once), unknown codes (never, as the
 *   contracts say, so that an unknown error cannot duplicate a send), other 4xx without a code.
 */
export type GraphVerdict =
  | { readonly kind: 'ok' }
  | {
      readonly kind: 'unauthorized' | 'unavailable' | 'rate-limited' | 'pair-rate-limited' | 'rejected';
      readonly details: GraphErrorDetails;
    };

const MAX_MESSAGE_CHARS = 300;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '(empty body)';
  return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS)}…` : flat;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The Graph error of a failed answer: its code, category and message, or the HTTP status alone. */
export function graphErrorDetails(answer: GraphAnswer): GraphErrorDetails {
  const parsed = validateWhatsAppGraphError(parseJson(answer.body));
  if (!parsed.ok) return { status: answer.status, message: shorten(answer.body) };
  const { error } = parsed.value;
  const details = error.error_data?.details;
  return {
    status: answer.status,
    code: error.code,
    category: lookupWhatsAppErrorCode(error.code)?.category,
    message: shorten(details && details !== error.message ? `${error.message}: ${details}` : error.message),
    ...(error.fbtrace_id === undefined ? {} : { fbtraceId: error.fbtrace_id }),
  };
}

export function classifyGraphAnswer(answer: GraphAnswer): GraphVerdict {
  if (answer.status >= 200 && answer.status < 300) return { kind: 'ok' };
  const details = graphErrorDetails(answer);
  const { code } = details;
  if (answer.status === 401 || code === 0 || code === 190) return { kind: 'unauthorized', details };
  if (code !== undefined) {
    switch (whatsAppRetryPolicyFor(code)) {
      case 'retry':
        return { kind: 'unavailable', details };
      case 'retry-delayed':
        return { kind: 'rate-limited', details };
      case 'pair-backoff':
        return { kind: 'pair-rate-limited', details };
      case 'once':
      case 'never':
        return { kind: 'rejected', details };
    }
  }
  if (answer.status >= 500 || answer.status === 408) return { kind: 'unavailable', details };
  if (answer.status === 429) return { kind: 'rate-limited', details };
  return { kind: 'rejected', details };
}

/** `code N (message)` or `HTTP N: body`, for logs, reasons and the agent. */
export function describeGraphError(details: GraphErrorDetails): string {
  const status = details.status === undefined ? '' : `HTTP ${details.status}, `;
  return details.code === undefined
    ? `${status}${details.message}`
    : `${status}code ${details.code}: ${details.message}`;
}

/** A wait is never shorter than this, so that a `Retry-After: 0` cannot make a tight loop. */
export const MIN_RETRY_AFTER_MS = 1_000;

/** `Retry-After` in seconds or as an HTTP date; `defaultMs` when absent or unreadable. */
export function retryAfterMs(answer: GraphAnswer, defaultMs: number, now: number = Date.now()): number {
  const header = answer.headers['retry-after'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return defaultMs;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.max(MIN_RETRY_AFTER_MS, Math.ceil(Number(value) * 1000));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return defaultMs;
  return Math.max(MIN_RETRY_AFTER_MS, date - now);
}

/** The wamid of an accepted send (`messages[0].id`, spec A3), or a description of what was wrong. */
export function readSendAnswer(body: string): { wamid: string } | { unreadable: string } {
  const parsed = validateWhatsAppSendMessageResponse(parseJson(body));
  if (!parsed.ok) return { unreadable: `no wamid in WhatsApp's answer: ${shorten(body)}` };
  const [first] = parsed.value.messages;
  return first ? { wamid: first.id } : { unreadable: 'no wamid in WhatsApp’s answer' };
}

/** The media id of an accepted upload (spec A4), or a description of what was wrong. */
export function readUploadAnswer(body: string): { mediaId: string } | { unreadable: string } {
  const parsed = validateWhatsAppMediaUploadResponse(parseJson(body));
  return parsed.ok
    ? { mediaId: parsed.value.id }
    : { unreadable: `no media id in WhatsApp's answer: ${shorten(body)}` };
}
