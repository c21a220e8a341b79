import { PIPELINE_MESSAGE_TYPES, whatsAppInboundEventSchema } from '@switchboard/shared-contracts';
import {
  combineSamples,
  loadSample,
  sampleItems,
  WEBHOOK_SAMPLE_FILES,
  type WebhookSample,
} from '../../testing/samples.util';
import { itemOccurredAt, splitWebhookBatch } from './webhook-batch.util';
import { readWebhookBody, type WhatsAppWebhookBatch } from './webhook-body.util';

const RECEIVED_AT = '2026-01-02T03:04:05.000Z';

function batchOf(body: unknown): WhatsAppWebhookBatch {
  const result = readWebhookBody(Buffer.from(JSON.stringify(body)));
  if (!result.ok) throw new Error(result.reason);
  return result.batch;
}

function split(body: unknown) {
  return splitWebhookBatch(batchOf(body), RECEIVED_AT);
}

const KIND_OF_SAMPLE = (fileName: string) =>
  fileName.startsWith('wa-inbound-') ? 'message' : fileName.startsWith('wa-status-') ? 'status' : 'error';

describe(splitWebhookBatch.name, () => {
  it('finds a sample of every kind', () => {
    expect(new Set(WEBHOOK_SAMPLE_FILES.map(KIND_OF_SAMPLE))).toEqual(
      new Set(['message', 'status', 'error']),
    );
    expect(WEBHOOK_SAMPLE_FILES.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(WEBHOOK_SAMPLE_FILES)('%s', (fileName) => {
    const sample = loadSample(fileName);
    const kind = KIND_OF_SAMPLE(fileName);

    it('becomes one item whose payload fits the pipeline contract', () => {
      const { items, ignoredFields } = split(sample);

      expect(ignoredFields).toEqual([]);
      expect(items).toHaveLength(1);
      expect(whatsAppInboundEventSchema.safeParse(items[0]!.payload).success).toBe(true);
    });

    it('keeps the raw item, the number, the WABA and the receipt time', () => {
      const [item] = split(sample).items;

      expect(item!.payload).toMatchObject({
        kind,
        phoneNumberId: '109876543210987',
        displayPhoneNumber: '15550100200',
        wabaId: '100200300400500',
        receivedAt: RECEIVED_AT,
        batchIndex: 0,
        item: sampleItems(sample)[0],
      });
    });

    it('has the envelope type of its kind', () => {
      const expected = {
        message: PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE,
        status: PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS,
        error: PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR,
      }[kind];

      expect(split(sample).items[0]!.type).toBe(expected);
    });
  });

  it.each(WEBHOOK_SAMPLE_FILES.filter((name) => name.startsWith('wa-inbound-')))(
    '%s: the customer is the sender, with the contact entry of that sender',
    (fileName) => {
      const sample = loadSample(fileName);
      const [item] = split(sample).items;

      expect(item!.payload.customerWaId).toBe('15551234567');
      expect(item!.payload.contact).toEqual(sample.entry[0]!.changes[0]!.value.contacts![0]);
      expect(item!.itemId).toMatch(/^wamid\./);
      expect(item!.occurredAt).toBe('2026-01-01T00:00:00.000Z');
    },
  );

  it.each(WEBHOOK_SAMPLE_FILES.filter((name) => name.startsWith('wa-status-')))(
    '%s: the customer is the recipient, and there is no contact',
    (fileName) => {
      const [item] = split(loadSample(fileName)).items;

      expect(item!.payload.customerWaId).toBe('15551234567');
      expect(item!.payload).not.toHaveProperty('contact');
      expect(item!.itemId).toBe('wamid.FAKEOUT0006');
    },
  );

  it('gives a system error no customer and the receipt time', () => {
    const [item] = split(loadSample('wa-webhook-system-error.json')).items;

    expect(item!.payload).not.toHaveProperty('customerWaId');
    expect(item!.occurredAt).toBe(RECEIVED_AT);
    expect(item!.itemId).toBeUndefined();
  });

  it('keeps the order of a batch of 2 entries with several messages and statuses', () => {
    const body: WebhookSample = combineSamples(['wa-inbound-text.json', 'wa-status-sent.json']);
    const [first, second] = body.entry;
    const messages = first!.changes[0]!.value.messages!;
    messages.push({ ...messages[0], id: 'wamid.FAKEIN0002', from: '15557654321' });
    messages.push({ ...messages[0], id: 'wamid.FAKEIN0003' });
    first!.changes[0]!.value.contacts!.push({ wa_id: '15557654321', profile: { name: 'Second Customer' } });
    const statuses = second!.changes[0]!.value.statuses!;
    statuses.push({ ...statuses[0], id: 'wamid.FAKEOUT0007', status: 'delivered' });
    second!.changes.push(structuredClone(loadSample('wa-webhook-system-error.json').entry[0]!.changes[0]!));

    const { items } = split(body);

    expect(items.map((item) => [item.payload.batchIndex, item.payload.kind, item.itemId])).toEqual([
      [0, 'message', 'wamid.FAKEIN0001'],
      [1, 'message', 'wamid.FAKEIN0002'],
      [2, 'message', 'wamid.FAKEIN0003'],
      [3, 'status', 'wamid.FAKEOUT0006'],
      [4, 'status', 'wamid.FAKEOUT0007'],
      [5, 'error', undefined],
    ]);
    expect(items[1]!.payload.contact).toEqual({ wa_id: '15557654321', profile: { name: 'Second Customer' } });
    expect(items[2]!.payload.contact).toEqual(first!.changes[0]!.value.contacts![0]);
  });

  it('leaves the number out of items whose change has none (they are parked)', () => {
    const body = loadSample('wa-inbound-text.json');
    delete body.entry[0]!.changes[0]!.value.metadata.phone_number_id;

    const [item] = split(body).items;

    expect(item!.payload).not.toHaveProperty('phoneNumberId');
    expect(item!.payload.kind).toBe('message');
  });

  it('counts changes of other fields instead of splitting them', () => {
    const body = loadSample('wa-inbound-text.json');
    body.entry[0]!.changes.unshift({ field: 'account_update', value: {} as never });
    body.entry[0]!.changes.push({ field: 'message_template_status_update', value: {} as never });

    const { items, ignoredFields } = split(body);

    expect(items).toHaveLength(1);
    expect(ignoredFields).toEqual(['account_update', 'message_template_status_update']);
  });

  it('forwards items it cannot make sense of as they are, for the inbound-transformer to dead-letter', () => {
    const body = loadSample('wa-inbound-text.json');
    body.entry[0]!.changes[0]!.value.messages = [null as never, { from: 42, timestamp: 'yesterday' }];

    const { items } = split(body);

    expect(items.map((item) => item.payload.item)).toEqual([null, { from: 42, timestamp: 'yesterday' }]);
    expect(items.map((item) => item.payload.customerWaId)).toEqual([undefined, undefined]);
    expect(items.map((item) => item.occurredAt)).toEqual([RECEIVED_AT, RECEIVED_AT]);
  });

  it('splits an empty batch into nothing', () => {
    expect(split({ object: 'whatsapp_business_account', entry: [] })).toEqual({
      items: [],
      ignoredFields: [],
    });
  });
});

describe(itemOccurredAt.name, () => {
  it('reads WhatsApp Unix seconds', () => {
    expect(itemOccurredAt({ timestamp: '1767225600' }, RECEIVED_AT)).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each([
    ['no timestamp', {}],
    ['a number', { timestamp: 1767225600 }],
    ['a date string', { timestamp: '2026-01-01' }],
    ['an absurd value', { timestamp: '9'.repeat(20) }],
    ['not an object', 'x'],
  ])('falls back to the receipt time for %s', (_label, item) => {
    expect(itemOccurredAt(item, RECEIVED_AT)).toBe(RECEIVED_AT);
  });
});
