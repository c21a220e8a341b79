import { WHATSAPP_WEBHOOK_OBJECT } from '@switchboard/shared-contracts';

/** The `value` of a `messages` change, with every list present (empty when absent). */
export interface MessagesChangeValue {
  readonly phoneNumberId: unknown;
  readonly displayPhoneNumber: unknown;
  readonly contacts: readonly unknown[];
  readonly messages: readonly unknown[];
  readonly statuses: readonly unknown[];
  readonly errors: readonly unknown[];
}

export type WebhookChange =
  | { readonly field: 'messages'; readonly value: MessagesChangeValue }
  | { readonly field: string; readonly value?: undefined }
  /**
   * A change (or an entry) whose shape is not a WhatsApp one: parked with its reason so that
   * the rest of the batch is still accepted (refusing the whole POST would make Meta retry the
   * valid items with it for days).
   */
  | {
      readonly field: 'malformed';
      readonly value?: undefined;
      readonly reason: string;
      readonly raw: unknown;
    };

export interface WebhookEntry {
  /** The WhatsApp Business Account id, as sent. */
  readonly id: unknown;
  readonly changes: readonly WebhookChange[];
}

/**
 * The skeleton of a WhatsApp webhook: entries, changes and the item lists. The items themselves
 * stay unvalidated (the inbound-transformer validates each one and dead-letters a bad one with
 * its reason, instead of the whole batch failing here).
 */
export interface WhatsAppWebhookBatch {
  readonly entries: readonly WebhookEntry[];
}

export type WebhookBodyProblem = 'bad_json' | 'not_whatsapp';

export type WebhookBodyResult =
  | { readonly ok: true; readonly batch: WhatsAppWebhookBatch }
  | { readonly ok: false; readonly problem: WebhookBodyProblem; readonly reason: string };

const MESSAGES_FIELD = 'messages';
const ITEM_LISTS = ['contacts', 'messages', 'statuses', 'errors'] as const;

class ShapeError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordAt(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ShapeError(`${path} must be an object`);
  return value;
}

function arrayAt(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(`${path} must be an array`);
  return value;
}

function optionalArrayAt(value: unknown, path: string): readonly unknown[] {
  return value === undefined ? [] : arrayAt(value, path);
}

function readMessagesValue(raw: unknown, path: string): MessagesChangeValue {
  const value = recordAt(raw, path);
  const metadata = value['metadata'] === undefined ? {} : recordAt(value['metadata'], `${path}.metadata`);
  const [contacts, messages, statuses, errors] = ITEM_LISTS.map((list) =>
    optionalArrayAt(value[list], `${path}.${list}`),
  );
  return {
    phoneNumberId: metadata['phone_number_id'],
    displayPhoneNumber: metadata['display_phone_number'],
    contacts,
    messages,
    statuses,
    errors,
  };
}

function malformed(raw: unknown, read: () => WebhookChange): WebhookChange {
  try {
    return read();
  } catch (error) {
    if (error instanceof ShapeError) return { field: 'malformed', reason: error.message, raw };
    throw error;
  }
}

function readChange(raw: unknown, path: string): WebhookChange {
  return malformed(raw, () => readWellFormedChange(raw, path));
}

function readWellFormedChange(raw: unknown, path: string): WebhookChange {
  const change = recordAt(raw, path);
  const field = change['field'];
  if (typeof field !== 'string') throw new ShapeError(`${path}.field must be a string`);
  if (field !== MESSAGES_FIELD) return { field };
  return { field, value: readMessagesValue(change['value'], `${path}.value`) };
}

function readEntry(raw: unknown, path: string): WebhookEntry {
  const id = isRecord(raw) ? raw['id'] : undefined;
  let changes: readonly unknown[];
  try {
    changes = arrayAt(recordAt(raw, path)['changes'], `${path}.changes`);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return { id, changes: [{ field: 'malformed', reason: error.message, raw }] };
  }
  return { id, changes: changes.map((change, index) => readChange(change, `${path}.changes[${index}]`)) };
}

/**
 * Parses a (signature-checked) webhook body. Malformed JSON and bodies that are not a WhatsApp
 * Business Account webhook (no `entry` list) are refused whole, with a reason that never quotes
 * the body; a malformed entry or change inside is kept as such, to be parked.
 */
export function readWebhookBody(rawBody: Buffer): WebhookBodyResult {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, problem: 'bad_json', reason: 'the body is not valid JSON' };
  }
  if (!isRecord(body) || body['object'] !== WHATSAPP_WEBHOOK_OBJECT) {
    return { ok: false, problem: 'not_whatsapp', reason: `object must be "${WHATSAPP_WEBHOOK_OBJECT}"` };
  }
  try {
    const entries = arrayAt(body['entry'], 'entry');
    return {
      ok: true,
      batch: { entries: entries.map((entry, index) => readEntry(entry, `entry[${index}]`)) },
    };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, problem: 'not_whatsapp', reason: error.message };
    throw error;
  }
}
