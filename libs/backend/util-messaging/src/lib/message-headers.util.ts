import { MESSAGE_HEADERS, type Envelope } from '@switchboard/shared-contracts';
import type { MessageProperties } from 'amqplib';
import type { RawPublishProperties } from './confirmed.publisher';
import { DELAY_TIER_HEADER } from './delay-tier.util';

/** AMQP message headers as amqplib hands them over. */
export type MessageHeaders = Record<string, unknown>;

/** Unique per publish, to match a basic.return with the publish it answers. */
export const PUBLISH_ID_HEADER = MESSAGE_HEADERS.PUBLISH_ID;
/** RetryLaterError deferrals made so far (they do not count as attempts). */
export const RETRY_LATER_COUNT_HEADER = MESSAGE_HEADERS.RETRY_LATER_COUNT;

// Added by the broker on dead-lettering (delay tiers, delivery limit) and by quorum queues.
const BROKER_HEADERS = [
  'x-death',
  'x-first-death-exchange',
  'x-first-death-queue',
  'x-first-death-reason',
  'x-last-death-exchange',
  'x-last-death-queue',
  'x-last-death-reason',
  'x-delivery-count',
];

const TRANSIENT_HEADERS = [...BROKER_HEADERS, PUBLISH_ID_HEADER, DELAY_TIER_HEADER];

/** Marks a message a consumer set aside for its tenant's share (it comes back through the delay path). */
export const HELD_BACK_HEADER = MESSAGE_HEADERS.HELD_BACK;

const DEAD_LETTER_HEADERS = [
  ...TRANSIENT_HEADERS,
  HELD_BACK_HEADER,
  RETRY_LATER_COUNT_HEADER,
  MESSAGE_HEADERS.DEAD_LETTER_REASON,
  MESSAGE_HEADERS.DEAD_LETTER_QUEUE,
  MESSAGE_HEADERS.DEAD_LETTERED_AT,
  MESSAGE_HEADERS.ORIGINAL_HEADERS,
];

/** The headers every pipeline message carries, taken from its envelope. */
export function envelopeHeaders(envelope: Envelope): MessageHeaders {
  return {
    [MESSAGE_HEADERS.CORRELATION_ID]: envelope.correlationId,
    [MESSAGE_HEADERS.TRACEPARENT]: envelope.traceparent,
    [MESSAGE_HEADERS.TENANT_ID]: envelope.tenantId,
    [MESSAGE_HEADERS.ATTEMPT]: envelope.attempt,
  };
}

function without(headers: MessageHeaders, names: readonly string[]): MessageHeaders {
  const copy = { ...headers };
  for (const name of names) delete copy[name];
  return copy;
}

/** Drops what the broker and the delay path added: fit to be published again. */
export function withoutTransientHeaders(headers: MessageHeaders): MessageHeaders {
  return without(headers, TRANSIENT_HEADERS);
}

/** Drops what the broker, the delay path and holding back added: a retry starts clean. */
export function withoutHoldBackHeaders(headers: MessageHeaders): MessageHeaders {
  return without(headers, [...TRANSIENT_HEADERS, HELD_BACK_HEADER]);
}

/** Drops the dead-letter bookkeeping as well: the headers of a replayed message. */
export function withoutDeadLetterHeaders(headers: MessageHeaders): MessageHeaders {
  return without(headers, DEAD_LETTER_HEADERS);
}

export function readStringHeader(headers: MessageHeaders, name: string): string | undefined {
  const value = headers[name];
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** A non-negative integer header; anything else reads as 0. */
export function readCountHeader(headers: MessageHeaders, name: string): number {
  const value = headers[name];
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : 0;
}

/** Properties of a message published again (retry, dead letter, replay): same identity, new headers. */
export function republishProperties(
  properties: MessageProperties,
  headers: MessageHeaders,
): RawPublishProperties {
  return {
    persistent: true,
    contentType: properties.contentType,
    contentEncoding: properties.contentEncoding,
    messageId: properties.messageId,
    correlationId: properties.correlationId,
    type: properties.type,
    appId: properties.appId,
    timestamp: properties.timestamp,
    headers,
  };
}
