import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The spec's sample payloads, as kept by the contracts library (read as files: no deep import). */
export const SAMPLES_DIR = path.resolve(__dirname, '../../../../libs/shared/contracts/src/testing/samples');

/** The integration of every `genesys-outbound-*` sample (`channel.id`, `channel.from.id`). */
export const SAMPLE_INTEGRATION_ID = '5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f';
/** `channel.to.id` of the samples: a customer's wa_id (personal data). */
export const SAMPLE_CUSTOMER_ID = '15551234567';
export const SAMPLE_CONVERSATION_ID = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';

export const OUTBOUND_SAMPLE_FILES = [
  'genesys-outbound-text.json',
  'genesys-outbound-attachment.json',
  'genesys-outbound-typing-event.json',
] as const;

export type OutboundSampleFile = (typeof OUTBOUND_SAMPLE_FILES)[number];

/** The parts of an outbound webhook the tests change. */
export interface OutboundWebhookBody extends Record<string, unknown> {
  id: string;
  type: string;
  direction?: string;
  channel: {
    id: string;
    to: { id: string; idType?: string };
    from: { id: string; idType?: string; nickname?: string };
    time: string;
  } & Record<string, unknown>;
}

export function readSampleBytes(fileName: OutboundSampleFile): Buffer {
  return readFileSync(path.join(SAMPLES_DIR, fileName));
}

/** A fresh parsed copy of a sample: callers may change it. */
export function loadSample(fileName: OutboundSampleFile): OutboundWebhookBody {
  return JSON.parse(readSampleBytes(fileName).toString('utf8')) as OutboundWebhookBody;
}

/** An outbound body for `integrationId` (the samples' by default) with a fresh message id. */
export function outboundBody(
  fileName: OutboundSampleFile,
  integrationId = SAMPLE_INTEGRATION_ID,
  id = randomMessageId(),
): OutboundWebhookBody {
  const body = loadSample(fileName);
  body.id = id;
  body.channel.id = integrationId;
  body.channel.from.id = integrationId;
  body.channel['messageId'] = id;
  return body;
}

/** A `Structured` message (a quick reply), as the Genesys developer docs and the simulator send it. */
export function structuredBody(
  integrationId = SAMPLE_INTEGRATION_ID,
  id = randomMessageId(),
): OutboundWebhookBody {
  const body = outboundBody('genesys-outbound-text.json', integrationId, id);
  body.type = 'Structured';
  body['text'] = 'Did this answer your question?';
  body['content'] = [
    { contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'yes', action: 'Message' } },
    { contentType: 'QuickReply', quickReply: { text: 'No', payload: 'no', action: 'Message' } },
  ];
  return body;
}

/** A `Receipt` Genesys sends about message `messageId` (B3: status, reasons, isFinalReceipt). */
export function receiptBody(
  status: string,
  integrationId = SAMPLE_INTEGRATION_ID,
  messageId = randomMessageId(),
): OutboundWebhookBody {
  const body = outboundBody('genesys-outbound-text.json', integrationId, messageId);
  delete body['text'];
  delete body['originatingEntity'];
  body.type = 'Receipt';
  body['status'] = status;
  body['isFinalReceipt'] = status === 'Failed';
  return body;
}

/** 32 hex digits, like Genesys message ids. */
export function randomMessageId(): string {
  return randomBytes(16).toString('hex');
}
