import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The spec's sample payloads, as kept by the contracts library (read as files: no deep import). */
export const SAMPLES_DIR = path.resolve(__dirname, '../../../../libs/shared/contracts/src/testing/samples');

/** Every WhatsApp webhook sample: inbound messages, statuses and the system error. */
export const WEBHOOK_SAMPLE_FILES: readonly string[] = readdirSync(SAMPLES_DIR)
  .filter((name) => /^wa-(inbound-.+|status-.+|webhook-system-error)\.json$/.test(name))
  .sort();

export function readSampleBytes(fileName: string): Buffer {
  return readFileSync(path.join(SAMPLES_DIR, fileName));
}

/** A fresh parsed copy of a sample: callers may change it. */
export function loadSample<T = WebhookSample>(fileName: string): T {
  return JSON.parse(readSampleBytes(fileName).toString('utf8')) as T;
}

/** The parts of a webhook sample the tests look into. */
export interface WebhookSample {
  object: string;
  entry: {
    id: string;
    changes: {
      field: string;
      value: {
        metadata: { display_phone_number?: string; phone_number_id?: string };
        contacts?: Record<string, unknown>[];
        messages?: Record<string, unknown>[];
        statuses?: Record<string, unknown>[];
        errors?: Record<string, unknown>[];
      } & Record<string, unknown>;
    }[];
  }[];
}

/** Every message, status and error element of a sample, in order. */
export function sampleItems(sample: WebhookSample): Record<string, unknown>[] {
  return sample.entry.flatMap((entry) =>
    entry.changes.flatMap((change) => [
      ...(change.value.messages ?? []),
      ...(change.value.statuses ?? []),
      ...(change.value.errors ?? []),
    ]),
  );
}

/** A webhook body of several entries, each the single entry of one of the samples given. */
export function combineSamples(fileNames: readonly string[]): WebhookSample {
  const samples = fileNames.map((fileName) => loadSample(fileName));
  return { object: 'whatsapp_business_account', entry: samples.flatMap((sample) => sample.entry) };
}
