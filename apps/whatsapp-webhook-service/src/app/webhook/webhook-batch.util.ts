import {
  PIPELINE_MESSAGE_TYPES,
  type ParkedWhatsAppInboundEvent,
  type WhatsAppInboundEventKind,
} from '@switchboard/shared-contracts';
import type { MessagesChangeValue, WhatsAppWebhookBatch } from './webhook-body.util';

export type WhatsAppEventType =
  | typeof PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE
  | typeof PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS
  | typeof PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR;

/**
 * The payload of one item. `phoneNumberId` is absent only when the change had none: such an
 * item cannot be routed and is parked (`parkedWhatsAppInboundEventSchema`).
 */
export type WebhookEventPayload = ParkedWhatsAppInboundEvent;

/** One message, status or system error of the batch, ready to be routed and wrapped. */
export interface BatchItem {
  readonly type: WhatsAppEventType;
  readonly payload: WebhookEventPayload;
  /** The item's own time (its Unix `timestamp`), else when the webhook was received. ISO-8601. */
  readonly occurredAt: string;
  /** The WhatsApp id of the item (wamid) when it has one: safe to log, unlike the item. */
  readonly itemId: string | undefined;
  /** Set for a malformed entry or change: why. Parked, never routed. */
  readonly malformed?: string;
}

export interface SplitBatch {
  /** Every item in the order of the webhook: entries, changes, then messages, statuses, errors. */
  readonly items: readonly BatchItem[];
  /** `field` of each change that is not `messages` (not handled, only counted). */
  readonly ignoredFields: readonly string[];
}

const ITEM_KINDS: readonly {
  readonly list: 'messages' | 'statuses' | 'errors';
  readonly kind: WhatsAppInboundEventKind;
  readonly type: WhatsAppEventType;
}[] = [
  { list: 'messages', kind: 'message', type: PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE },
  { list: 'statuses', kind: 'status', type: PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS },
  { list: 'errors', kind: 'error', type: PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR },
];

// WhatsApp timestamps are Unix seconds as strings; twelve digits reach far beyond any real date.
const UNIX_SECONDS = /^\d{1,12}$/;

function field(item: unknown, name: string): unknown {
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[name] : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The item's `timestamp` as ISO-8601, or `fallback` when it has none that reads as a time. */
export function itemOccurredAt(item: unknown, fallback: string): string {
  const timestamp = field(item, 'timestamp');
  if (typeof timestamp !== 'string' || !UNIX_SECONDS.test(timestamp)) return fallback;
  return new Date(Number(timestamp) * 1000).toISOString();
}

/** Whom the item is about: the sender of a message, the recipient of a status. */
function customerOf(kind: WhatsAppInboundEventKind, item: unknown): string | undefined {
  if (kind === 'message') return nonEmptyString(field(item, 'from'));
  if (kind === 'status') return nonEmptyString(field(item, 'recipient_id'));
  return undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, fieldValue]) => fieldValue !== undefined)) as T;
}

/**
 * Splits a webhook into one item per message, status and system error, each with what its
 * consumer needs to route it (number, WABA, customer, the sender's contact entry).
 */
export function splitWebhookBatch(batch: WhatsAppWebhookBatch, receivedAt: string): SplitBatch {
  const items: BatchItem[] = [];
  const ignoredFields: string[] = [];
  for (const entry of batch.entries) {
    for (const change of entry.changes) {
      if ('reason' in change) {
        items.push(malformedItem(change.reason, change.raw, entry.id, receivedAt, items.length));
        continue;
      }
      if (change.value === undefined) {
        ignoredFields.push(change.field);
        continue;
      }
      for (const { list, kind, type } of ITEM_KINDS) {
        for (const item of change.value[list]) {
          const customerWaId = customerOf(kind, item);
          const payload: WebhookEventPayload = withoutUndefined({
            kind,
            phoneNumberId: nonEmptyString(change.value.phoneNumberId),
            displayPhoneNumber: nonEmptyString(change.value.displayPhoneNumber),
            wabaId: nonEmptyString(entry.id),
            customerWaId,
            contact: kind === 'message' ? contactOf(change.value, customerWaId) : undefined,
            receivedAt,
            batchIndex: items.length,
            item,
          });
          items.push({
            type,
            payload,
            occurredAt: itemOccurredAt(item, receivedAt),
            itemId: nonEmptyString(field(item, 'id')),
          });
        }
      }
    }
  }
  return { items, ignoredFields };
}

function contactOf(value: MessagesChangeValue, waId: string | undefined): unknown {
  if (waId === undefined) return undefined;
  return value.contacts.find((contact) => field(contact, 'wa_id') === waId);
}

/** A malformed entry or change as one parked item (kind `error`): the raw part and its reason. */
function malformedItem(
  reason: string,
  raw: unknown,
  wabaId: unknown,
  receivedAt: string,
  batchIndex: number,
): BatchItem {
  return {
    type: PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR,
    payload: withoutUndefined({
      kind: 'error' as const,
      wabaId: nonEmptyString(wabaId),
      receivedAt,
      batchIndex,
      item: { malformed: reason, raw },
    }),
    occurredAt: receivedAt,
    itemId: undefined,
    malformed: reason,
  };
}
