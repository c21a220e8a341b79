import {
  GENESYS_OUTBOUND_RECEIPT_STATUSES,
  PIPELINE_MESSAGE_TYPES,
  validateGenesysOutboundWebhook,
  type GenesysOutboundEventKind,
  type ValidationError,
} from '@switchboard/shared-contracts';

export type OutboundEventType =
  | typeof PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE
  | typeof PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_RECEIPT
  | typeof PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING;

/** A webhook to publish: its kind, the ids its consumer needs, and how it is recognised again. */
export interface ClassifiedWebhook {
  readonly verdict: 'publish';
  readonly kind: GenesysOutboundEventKind;
  readonly type: OutboundEventType;
  /** `id`: the Genesys message id. */
  readonly genesysMessageId: string;
  /** `channel.to.id`: the customer (personal data: never logged). */
  readonly customerId: string;
  readonly conversationId?: string;
  /** `channel.time` when it reads as a time: when Genesys produced it. */
  readonly occurredAt?: string;
  /**
   * What identifies this notification among redeliveries: the message id, plus the status for a
   * receipt (every receipt about one message carries that message's id) and a marker for typing.
   */
  readonly dedupeId: string;
  /** Where the body breaks the outbound webhook contract (empty when it does not): published anyway. */
  readonly problems: readonly ValidationError[];
  readonly body: Record<string, unknown>;
}

/** Not ours to deliver: an echo of what we sent (Inbound), or a message from another sender. */
export interface EchoWebhook {
  readonly verdict: 'echo';
  readonly reason: 'inbound' | 'foreign_sender';
  readonly genesysMessageId?: string;
}

/** Well signed but impossible to publish (no kind, no ids): answered 200, counted and logged. */
export interface UnusableWebhook {
  readonly verdict: 'unusable';
  readonly reason: string;
  readonly genesysMessageId?: string;
}

export type WebhookClassification = ClassifiedWebhook | EchoWebhook | UnusableWebhook;

export type ParsedBody =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

const KIND_BY_TYPE: Readonly<Record<string, { kind: GenesysOutboundEventKind; type: OutboundEventType }>> = {
  Text: { kind: 'message', type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE },
  Structured: { kind: 'message', type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE },
  Receipt: { kind: 'receipt', type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_RECEIPT },
  Event: { kind: 'typing', type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING },
};

/** Genesys ids are 32 hex digits or UUIDs; a longer "id" is not one (and would bloat keys and logs). */
const MAX_ID_LENGTH = 256;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RECEIPT_STATUSES: ReadonlySet<string> = new Set(GENESYS_OUTBOUND_RECEIPT_STATUSES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}

function id(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined;
}

/** Parses a (signature-checked) body; the reason never quotes the body. */
export function parseWebhookBody(rawBody: Buffer): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the body is not valid JSON' };
  }
  return isRecord(body) ? { ok: true, body } : { ok: false, reason: 'the body must be a JSON object' };
}

function occurredAtOf(time: unknown): string | undefined {
  if (typeof time !== 'string' || !ISO_DATE_TIME.test(time)) return undefined;
  const parsed = new Date(time);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

function dedupeIdOf(kind: GenesysOutboundEventKind, genesysMessageId: string, body: unknown): string {
  if (kind === 'message') return genesysMessageId;
  if (kind === 'typing') return `${genesysMessageId}:typing`;
  const status = field(body, 'status');
  return `${genesysMessageId}:receipt:${typeof status === 'string' && RECEIPT_STATUSES.has(status) ? status : 'invalid'}`;
}

/**
 * Decides what becomes of one verified outbound webhook of `integrationId` (spec B3):
 * - an echo (`direction: Inbound`, or `channel.from` another sender than the integration) is
 *   not delivered;
 * - a body without a known `type`, without `id` or `channel.to.id`, without `channel.from.id`, or
 *   naming another integration in `channel.id` cannot be published (no kind, no ids, no owner);
 * - anything else is published by its `type` (Text and Structured: message; Receipt: receipt;
 *   Event: typing), even when it breaks the contract elsewhere: the outbound-transformer validates
 *   it again and dead-letters it with the reason, where operators see and replay it.
 */
export function classifyWebhook(body: Record<string, unknown>, integrationId: string): WebhookClassification {
  const genesysMessageId = id(body['id']);
  const channel = body['channel'];
  if (body['direction'] === 'Inbound') return { verdict: 'echo', reason: 'inbound', genesysMessageId };
  const senderId = field(field(channel, 'from'), 'id');
  if (typeof senderId !== 'string') {
    return { verdict: 'unusable', reason: 'channel.from.id is missing', genesysMessageId };
  }
  if (senderId !== integrationId) return { verdict: 'echo', reason: 'foreign_sender', genesysMessageId };
  const channelId = field(channel, 'id');
  if (channelId !== undefined && channelId !== integrationId) {
    return { verdict: 'unusable', reason: 'channel.id is not this integration', genesysMessageId };
  }
  const classified = typeof body['type'] === 'string' ? KIND_BY_TYPE[body['type']] : undefined;
  if (!classified) {
    return {
      verdict: 'unusable',
      reason: 'type is not Text, Structured, Receipt or Event',
      genesysMessageId,
    };
  }
  if (!genesysMessageId) {
    return { verdict: 'unusable', reason: `id must be a string of 1 to ${MAX_ID_LENGTH} characters` };
  }
  const customerId = id(field(field(channel, 'to'), 'id'));
  if (!customerId) {
    return {
      verdict: 'unusable',
      reason: `channel.to.id must be a string of 1 to ${MAX_ID_LENGTH} characters`,
      genesysMessageId,
    };
  }
  const validation = validateGenesysOutboundWebhook(body);
  const conversationId = id(body['conversationId']);
  const occurredAt = occurredAtOf(field(channel, 'time'));
  return {
    verdict: 'publish',
    ...classified,
    genesysMessageId,
    customerId,
    ...(conversationId !== undefined && { conversationId }),
    ...(occurredAt !== undefined && { occurredAt }),
    dedupeId: dedupeIdOf(classified.kind, genesysMessageId, body),
    problems: validation.ok ? [] : validation.errors,
    body,
  };
}
