import { PIPELINE_MESSAGE_TYPES } from '@switchboard/shared-contracts';
import {
  loadSample,
  outboundBody,
  receiptBody,
  readSampleBytes,
  SAMPLE_CONVERSATION_ID,
  SAMPLE_CUSTOMER_ID,
  SAMPLE_INTEGRATION_ID,
  structuredBody,
} from '../../testing/samples.util';
import { classifyWebhook, parseWebhookBody } from './outbound-webhook.util';

const INTEGRATION = SAMPLE_INTEGRATION_ID;

describe(parseWebhookBody.name, () => {
  it('parses a JSON object', () => {
    const result = parseWebhookBody(readSampleBytes('genesys-outbound-text.json'));

    expect(result).toEqual({ ok: true, body: loadSample('genesys-outbound-text.json') });
  });

  it.each([
    ['malformed JSON', '{"id":', 'the body is not valid JSON'],
    ['an empty body', '', 'the body is not valid JSON'],
    ['a JSON array', '[{"id":"x"}]', 'the body must be a JSON object'],
    ['a JSON string', '"hello"', 'the body must be a JSON object'],
    ['JSON null', 'null', 'the body must be a JSON object'],
  ])('refuses %s with a reason that does not quote the body', (_label, raw, reason) => {
    expect(parseWebhookBody(Buffer.from(raw))).toEqual({ ok: false, reason });
  });
});

describe(classifyWebhook.name, () => {
  describe('classification', () => {
    it('classifies the text sample as a message with its ids', () => {
      const body = loadSample('genesys-outbound-text.json');

      expect(classifyWebhook(body, INTEGRATION)).toEqual({
        verdict: 'publish',
        kind: 'message',
        type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        genesysMessageId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        customerId: SAMPLE_CUSTOMER_ID,
        conversationId: SAMPLE_CONVERSATION_ID,
        occurredAt: '2026-01-01T00:02:00.000Z',
        dedupeId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        problems: [],
        body,
      });
    });

    it('classifies the attachment sample as a message', () => {
      expect(classifyWebhook(loadSample('genesys-outbound-attachment.json'), INTEGRATION)).toMatchObject({
        verdict: 'publish',
        kind: 'message',
        type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        genesysMessageId: 'b2c3d4e5f60718293a4b5c6d7e8f90a1',
        problems: [],
      });
    });

    it('classifies the typing-event sample as typing, recognised apart from a message of the same id', () => {
      expect(classifyWebhook(loadSample('genesys-outbound-typing-event.json'), INTEGRATION)).toMatchObject({
        verdict: 'publish',
        kind: 'typing',
        type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING,
        genesysMessageId: 'c3d4e5f60718293a4b5c6d7e8f90a1b2',
        dedupeId: 'c3d4e5f60718293a4b5c6d7e8f90a1b2:typing',
        problems: [],
      });
    });

    it('classifies a Structured message (quick replies) as a message', () => {
      const body = structuredBody(INTEGRATION, 'f'.repeat(32));

      expect(classifyWebhook(body, INTEGRATION)).toMatchObject({
        verdict: 'publish',
        kind: 'message',
        type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        dedupeId: 'f'.repeat(32),
        problems: [],
      });
    });

    it('classifies a receipt, each status of one message recognised on its own', () => {
      const delivered = classifyWebhook(receiptBody('Delivered', INTEGRATION, 'e'.repeat(32)), INTEGRATION);
      const failed = classifyWebhook(receiptBody('Failed', INTEGRATION, 'e'.repeat(32)), INTEGRATION);

      expect(delivered).toMatchObject({
        verdict: 'publish',
        kind: 'receipt',
        type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_RECEIPT,
        genesysMessageId: 'e'.repeat(32),
        dedupeId: `${'e'.repeat(32)}:receipt:Delivered`,
        problems: [],
      });
      expect(failed).toMatchObject({ dedupeId: `${'e'.repeat(32)}:receipt:Failed` });
    });

    it('leaves conversationId and occurredAt out when the body has none that reads', () => {
      const body = outboundBody('genesys-outbound-text.json');
      delete body['conversationId'];
      body.channel.time = 'yesterday';

      const result = classifyWebhook(body, INTEGRATION);

      expect(result).toMatchObject({ verdict: 'publish' });
      expect(result).not.toHaveProperty('conversationId');
      expect(result).not.toHaveProperty('occurredAt');
    });

    it('publishes a classifiable body that breaks the contract, naming where', () => {
      const body = outboundBody('genesys-outbound-attachment.json');
      (body['content'] as { attachment: { url: string } }[])[0]!.attachment.url = 'not a url';
      body['originatingEntity'] = 'Robot';

      const result = classifyWebhook(body, INTEGRATION);

      expect(result).toMatchObject({ verdict: 'publish', kind: 'message' });
      expect(result.verdict === 'publish' && result.problems.map((problem) => problem.path).sort()).toEqual([
        'content.0.attachment.url',
        'originatingEntity',
      ]);
    });

    it('marks a receipt with an unknown status without taking the status into its dedupe id', () => {
      const body = receiptBody('Exploded', INTEGRATION, 'd'.repeat(32));

      expect(classifyWebhook(body, INTEGRATION)).toMatchObject({
        verdict: 'publish',
        kind: 'receipt',
        dedupeId: `${'d'.repeat(32)}:receipt:invalid`,
        problems: [expect.objectContaining({ path: 'status' })],
      });
    });
  });

  describe('echo filtering', () => {
    it('does not deliver an Inbound message: an echo of what we sent', () => {
      const body = outboundBody('genesys-outbound-text.json');
      body.direction = 'Inbound';

      expect(classifyWebhook(body, INTEGRATION)).toEqual({
        verdict: 'echo',
        reason: 'inbound',
        genesysMessageId: body.id,
      });
    });

    it('does not deliver a message whose sender is not the integration', () => {
      const body = outboundBody('genesys-outbound-text.json');
      body.channel.from = { id: SAMPLE_CUSTOMER_ID, idType: 'Opaque' };

      expect(classifyWebhook(body, INTEGRATION)).toMatchObject({ verdict: 'echo', reason: 'foreign_sender' });
    });

    it('treats a body of another integration as from a foreign sender', () => {
      expect(classifyWebhook(loadSample('genesys-outbound-text.json'), 'another-integration')).toMatchObject({
        verdict: 'echo',
        reason: 'foreign_sender',
      });
    });

    it('delivers a message without direction (Genesys marks no field as required)', () => {
      const body = outboundBody('genesys-outbound-text.json');
      delete body.direction;

      expect(classifyWebhook(body, INTEGRATION)).toMatchObject({ verdict: 'publish', problems: [] });
    });
  });

  describe('bodies that cannot be published', () => {
    const cases: [
      string,
      (body: Record<string, unknown> & ReturnType<typeof outboundBody>) => void,
      string,
    ][] = [
      [
        'an unknown type',
        (body) => (body.type = 'Carousel'),
        'type is not Text, Structured, Receipt or Event',
      ],
      ['no type', (body) => delete (body as Record<string, unknown>)['type'], 'type is not'],
      [
        'no channel.from',
        (body) => delete (body.channel as Record<string, unknown>)['from'],
        'channel.from.id is missing',
      ],
      ['no id', (body) => delete (body as Record<string, unknown>)['id'], 'id must be a string'],
      ['an id too long to be one', (body) => (body.id = 'x'.repeat(257)), 'id must be a string'],
      [
        'no customer',
        (body) => delete (body.channel as Record<string, unknown>)['to'],
        'channel.to.id must be a string',
      ],
      [
        'another integration in channel.id',
        (body) => (body.channel.id = 'someone-else'),
        'channel.id is not this integration',
      ],
    ];

    it.each(cases)('ignores a body with %s, with the reason', (_label, change, reason) => {
      const body = outboundBody('genesys-outbound-text.json');
      change(body);

      expect(classifyWebhook(body, INTEGRATION)).toMatchObject({
        verdict: 'unusable',
        reason: expect.stringContaining(reason),
      });
    });
  });
});
