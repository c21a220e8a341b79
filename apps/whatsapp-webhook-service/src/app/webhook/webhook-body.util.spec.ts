import {
  combineSamples,
  loadSample,
  readSampleBytes,
  WEBHOOK_SAMPLE_FILES,
} from '../../testing/samples.util';
import { readWebhookBody } from './webhook-body.util';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe(readWebhookBody.name, () => {
  it.each(WEBHOOK_SAMPLE_FILES)('reads %s', (fileName) => {
    const sut = readWebhookBody(readSampleBytes(fileName));

    expect(sut.ok).toBe(true);
  });

  it('keeps every entry and change of a batch, in order', () => {
    const body = combineSamples(['wa-inbound-text.json', 'wa-status-read.json']);
    body.entry[1]!.changes.push({ field: 'account_update', value: { phone_number: '1' } } as never);

    const sut = readWebhookBody(bytes(body));

    expect(sut).toMatchObject({
      ok: true,
      batch: {
        entries: [
          { id: '100200300400500', changes: [{ field: 'messages' }] },
          { id: '100200300400500', changes: [{ field: 'messages' }, { field: 'account_update' }] },
        ],
      },
    });
  });

  it.each(['{"object":', 'not json', '', '\u0000'])(
    'refuses malformed JSON %p without quoting it',
    (text) => {
      expect(readWebhookBody(Buffer.from(text))).toEqual({
        ok: false,
        problem: 'bad_json',
        reason: 'the body is not valid JSON',
      });
    },
  );

  it.each([
    ['an array', []],
    ['a string', 'whatsapp_business_account'],
    ['null', null],
    ['another object', { object: 'page', entry: [] }],
    ['no object', { entry: [] }],
  ])('refuses %s as not a WhatsApp webhook', (_label, body) => {
    expect(readWebhookBody(bytes(body))).toEqual({
      ok: false,
      problem: 'not_whatsapp',
      reason: 'object must be "whatsapp_business_account"',
    });
  });

  it.each([
    ['entry is missing', (body: Record<string, unknown>) => delete body['entry'], 'entry must be an array'],
    ['entry is an object', (body: Record<string, unknown>) => (body['entry'] = {}), 'entry must be an array'],
  ])('refuses a webhook whose %s, naming where', (_label, corrupt, reason) => {
    const body = loadSample('wa-inbound-text.json');
    (corrupt as (value: unknown) => void)(body);

    expect(readWebhookBody(bytes(body))).toEqual({ ok: false, problem: 'not_whatsapp', reason });
  });

  it.each([
    [
      'an entry has no changes',
      (body: { entry: Record<string, unknown>[] }) => delete body.entry[0]!['changes'],
      'entry[0].changes must be an array',
    ],
    [
      'a change has no field',
      (body: { entry: { changes: Record<string, unknown>[] }[] }) =>
        delete body.entry[0]!.changes[0]!['field'],
      'entry[0].changes[0].field must be a string',
    ],
    [
      'a messages change has no value',
      (body: { entry: { changes: Record<string, unknown>[] }[] }) =>
        delete body.entry[0]!.changes[0]!['value'],
      'entry[0].changes[0].value must be an object',
    ],
    [
      'messages is not a list',
      (body: { entry: { changes: { value: Record<string, unknown> }[] }[] }) =>
        (body.entry[0]!.changes[0]!.value['messages'] = { id: 'wamid.1' }),
      'entry[0].changes[0].value.messages must be an array',
    ],
    [
      'metadata is not an object',
      (body: { entry: { changes: { value: Record<string, unknown> }[] }[] }) =>
        (body.entry[0]!.changes[0]!.value['metadata'] = 'x'),
      'entry[0].changes[0].value.metadata must be an object',
    ],
  ])(
    'keeps the rest of a batch whose %s, marking that part malformed with where',
    (_label, corrupt, reason) => {
      const body = loadSample('wa-inbound-text.json') as { entry: unknown[] };
      const intact = loadSample('wa-inbound-text.json') as { entry: unknown[] };
      (corrupt as (value: unknown) => void)(body);
      body.entry.push(...intact.entry);

      const result = readWebhookBody(bytes(body));

      expect(result.ok).toBe(true);
      const [broken, kept] = result.ok ? result.batch.entries : [];
      expect(broken?.changes).toEqual([expect.objectContaining({ field: 'malformed', reason })]);
      expect(kept?.changes[0]).toMatchObject({ field: 'messages' });
    },
  );

  it('leaves the items themselves unvalidated (the inbound-transformer dead-letters bad ones)', () => {
    const body = loadSample('wa-inbound-text.json');
    body.entry[0]!.changes[0]!.value.messages = [{ nonsense: true }, 'not even an object' as never];

    const sut = readWebhookBody(bytes(body));

    expect(sut).toMatchObject({
      ok: true,
      batch: {
        entries: [{ changes: [{ value: { messages: [{ nonsense: true }, 'not even an object'] } }] }],
      },
    });
  });
});
