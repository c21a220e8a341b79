import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Copies of the spec's samples (/work/shared/spec/samples), the webhook bodies Meta sends.
const SAMPLES_DIR = path.join(__dirname, 'samples');

interface WebhookValue {
  readonly metadata: { readonly display_phone_number: string; readonly phone_number_id: string };
  readonly contacts?: readonly unknown[];
  readonly messages?: readonly Record<string, unknown>[];
  readonly statuses?: readonly Record<string, unknown>[];
  readonly errors?: readonly Record<string, unknown>[];
}

interface WebhookSample {
  readonly entry: readonly {
    readonly id: string;
    readonly changes: readonly { readonly value: WebhookValue }[];
  }[];
}

/** One webhook item as whatsapp-webhook-service splits it: the raw item and its surroundings. */
export interface SampleItem {
  readonly item: Record<string, unknown>;
  readonly kind: 'message' | 'status' | 'error';
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  readonly wabaId: string;
  readonly contact?: unknown;
  readonly customerWaId?: string;
}

export function sampleNames(prefix: string): string[] {
  return readdirSync(SAMPLES_DIR)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''))
    .sort();
}

/** The first item of a sample webhook (a fresh copy: change it freely). */
export function sampleItem(name: string): SampleItem {
  const sample = JSON.parse(readFileSync(path.join(SAMPLES_DIR, `${name}.json`), 'utf8')) as WebhookSample;
  const entry = sample.entry[0]!;
  const value = entry.changes[0]!.value;
  const base = {
    phoneNumberId: value.metadata.phone_number_id,
    displayPhoneNumber: value.metadata.display_phone_number,
    wabaId: entry.id,
  };
  if (value.messages?.length) {
    const item = value.messages[0]!;
    return {
      ...base,
      kind: 'message',
      item,
      contact: value.contacts?.[0],
      customerWaId: item['from'] as string,
    };
  }
  if (value.statuses?.length) {
    const item = value.statuses[0]!;
    return { ...base, kind: 'status', item, customerWaId: item['recipient_id'] as string };
  }
  return { ...base, kind: 'error', item: value.errors![0]! };
}
