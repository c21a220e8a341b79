import { createHash, createHmac } from 'node:crypto';
import { ACCESS_TOKEN, GRAPH_VERSION, SimulatorHarness } from '../../testing/simulator-harness.util';
import { loadSample, shapeOf } from '../../testing/samples.util';
import { WebhookReceiver } from '../../testing/webhook-receiver.util';
import { WebhookEnvelope, WebhookMessage } from '../webhooks/webhook-envelope.factory';
import { InboundMessageDto, inboundMessageSchema } from './inbound.dto';
import { InboundService } from './inbound.service';

const context = { id: 'wamid.FAKEOUT0001' };

/** One request per inbound sample (spec A2), written the way a test author would. */
const SAMPLE_REQUESTS: [string, Record<string, unknown>][] = [
  ['wa-inbound-text', { type: 'text', body: 'Hi, I need help with my order' }],
  ['wa-inbound-image', { type: 'image', caption: 'Photo of the damaged box' }],
  ['wa-inbound-audio', { type: 'audio' }],
  ['wa-inbound-video', { type: 'video', caption: 'Unboxing' }],
  ['wa-inbound-document', { type: 'document', caption: 'My invoice', filename: 'invoice-1001.pdf' }],
  ['wa-inbound-sticker', { type: 'sticker' }],
  [
    'wa-inbound-location',
    {
      type: 'location',
      latitude: 52.52,
      longitude: 13.4,
      name: 'Store',
      address: '1 Street',
      url: 'https://maps.example.com',
    },
  ],
  ['wa-inbound-contacts', { type: 'contacts' }],
  [
    'wa-inbound-interactive-button-reply',
    { type: 'button_reply', replyId: 'opt_yes', title: 'Yes', context },
  ],
  [
    'wa-inbound-interactive-list-reply',
    { type: 'list_reply', replyId: 'topic_billing', title: 'Billing', description: 'Invoices', context },
  ],
  ['wa-inbound-button', { type: 'button', payload: 'TEMPLATE_QR_CONFIRM', text: 'Confirm', context }],
  ['wa-inbound-reaction', { type: 'reaction', messageId: 'wamid.FAKEOUT0004' }],
  [
    'wa-inbound-order',
    {
      type: 'order',
      catalogId: '123456789012345',
      text: 'Please deliver tomorrow',
      productItems: [{ productRetailerId: 'SKU-001', quantity: 2, itemPrice: 9.99, currency: 'EUR' }],
    },
  ],
  ['wa-inbound-unsupported', { type: 'unsupported' }],
  ['wa-inbound-reply-context', { type: 'text', body: 'Yes, that one', context }],
];

function firstValue(payload: WebhookEnvelope) {
  return payload.entry[0].changes[0].value;
}

describe(InboundService.name, () => {
  let harness: SimulatorHarness;
  let receiver: WebhookReceiver;
  let sut: InboundService;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await SimulatorHarness.start({ WEBHOOK_URL: receiver.url, APP_SECRET: 'inbound-secret' });
    sut = harness.get(InboundService);
  });

  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  beforeEach(async () => {
    await harness.control('POST', 'reset');
    receiver.received.length = 0;
  });

  const build = (request: Record<string, unknown>) =>
    sut.buildMessagesPayload({}, [inboundMessageSchema.parse(request) as InboundMessageDto]);

  it.each(SAMPLE_REQUESTS)('builds a payload with the structure of %s', (sampleName, request) => {
    const payload = build(request);

    expect(shapeOf(payload)).toEqual(shapeOf(loadSample(sampleName)));
  });

  it('fills metadata, contact and message defaults like the samples', () => {
    const payload = build({ type: 'text', body: 'hello', timestamp: 1767225600 });
    const sample = loadSample<WebhookEnvelope>('wa-inbound-text');

    expect({ ...firstValue(payload), messages: undefined }).toEqual({
      ...firstValue(sample),
      messages: undefined,
    });
    expect(payload.entry[0].id).toBe(sample.entry[0].id);
    expect(firstValue(payload).messages?.[0]).toEqual({
      from: '15551234567',
      id: expect.stringMatching(/^wamid\./),
      timestamp: '1767225600',
      type: 'text',
      text: { body: 'hello' },
    });
  });

  it('uses the given sender, profile name, message id and reply context', () => {
    const payload = build({
      type: 'text',
      body: 'x',
      from: '4915112345678',
      profileName: 'Max Muster',
      id: 'wamid.GIVEN',
      context: { id: 'wamid.OURS', forwarded: true },
    });

    expect(firstValue(payload).contacts).toEqual([
      { profile: { name: 'Max Muster' }, wa_id: '4915112345678' },
    ]);
    expect(firstValue(payload).messages?.[0]).toMatchObject({
      id: 'wamid.GIVEN',
      context: { from: '15550100200', id: 'wamid.OURS', forwarded: true },
    });
  });

  it('marks a voice note as OPUS audio with voice=true', () => {
    const payload = build({ type: 'audio' });

    expect(firstValue(payload).messages?.[0]['audio']).toMatchObject({
      mime_type: 'audio/ogg; codecs=opus',
      voice: true,
    });
  });

  it('leaves out the emoji of a removed reaction when asked', () => {
    const payload = build({ type: 'reaction', messageId: 'wamid.X', emoji: null });

    expect(firstValue(payload).messages?.[0]['reaction']).toEqual({ message_id: 'wamid.X' });
  });

  it('builds a customer_changed_number system message without contacts', () => {
    const payload = build({ type: 'customer_changed_number', from: '15551234567', newWaId: '15557654321' });

    expect(firstValue(payload).contacts).toBeUndefined();
    expect(firstValue(payload).messages?.[0]).toMatchObject({
      from: '15551234567',
      type: 'system',
      system: {
        body: expect.stringContaining('15557654321'),
        type: 'customer_changed_number',
        wa_id: '15557654321',
        customer: '15551234567',
      },
    });
  });

  it('builds the system error webhook of the sample', () => {
    const payload = sut.buildErrorsPayload({}, [{ code: 130429 }]);
    const sample = loadSample<WebhookEnvelope>('wa-webhook-system-error');

    expect(payload).toEqual(sample);
  });

  it('delivers a signed webhook whose bytes are the payload it answers', async () => {
    const { body } = await harness.control<{ payload: WebhookEnvelope }>('POST', 'webhooks/inbound', {
      messages: [{ type: 'text', body: 'hello' }],
    });

    const [request] = await receiver.waitFor(1);

    expect(JSON.parse(request.body.toString())).toEqual(body.payload);
    expect(request.headers['x-hub-signature-256']).toBe(
      `sha256=${createHmac('sha256', 'inbound-secret').update(request.body).digest('hex')}`,
    );
  });

  it('batches several messages from several users into one POST', async () => {
    await harness.control('POST', 'webhooks/inbound', {
      messages: [
        { type: 'text', body: 'one', from: '15550000001', profileName: 'One' },
        { type: 'text', body: 'two', from: '15550000002', profileName: 'Two' },
        { type: 'text', body: 'three', from: '15550000001', profileName: 'One' },
      ],
      waitFor: 'final',
    });

    const [payload] = receiver.json<WebhookEnvelope>();

    expect(receiver.received).toHaveLength(1);
    expect(firstValue(payload).contacts?.map((contact) => contact.wa_id)).toEqual([
      '15550000001',
      '15550000002',
    ]);
    expect(
      firstValue(payload).messages?.map((message) => (message['text'] as { body: string }).body),
    ).toEqual(['one', 'two', 'three']);
  });

  it.each(['image', 'audio', 'video', 'document', 'sticker'])(
    'creates downloadable %s media whose sha256 the payload carries',
    async (type) => {
      const { body } = await harness.control<{ payload: WebhookEnvelope }>('POST', 'webhooks/inbound', {
        messages: [{ type }],
      });
      const media = firstValue(body.payload).messages?.[0][type] as {
        id: string;
        mime_type: string;
        sha256: string;
      };

      const retrieved = await harness.request<{ url: string; mime_type: string }>(
        'GET',
        `/${GRAPH_VERSION}/${media.id}`,
        {
          token: ACCESS_TOKEN,
        },
      );
      const download = await fetch(harness.local(retrieved.body.url), {
        headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
      });
      const bytes = Buffer.from(await download.arrayBuffer());

      expect(retrieved.body.mime_type).toBe(media.mime_type);
      expect(createHash('sha256').update(bytes).digest('base64')).toBe(media.sha256);
    },
  );

  it('references given media and content instead of placeholders', async () => {
    const content = Buffer.from('%PDF-1.4 the real invoice');
    const { body } = await harness.control<{ payload: WebhookEnvelope }>('POST', 'webhooks/inbound', {
      messages: [
        { type: 'document', contentBase64: content.toString('base64'), filename: 'invoice.pdf' },
        { type: 'image', mediaId: '880011223344556', sha256: 'given-sha' },
      ],
    });
    const [document, image] = firstValue(body.payload).messages as WebhookMessage[];

    expect(document['document']).toMatchObject({
      sha256: createHash('sha256').update(content).digest('base64'),
    });
    expect(image['image']).toEqual({ id: '880011223344556', mime_type: 'image/jpeg', sha256: 'given-sha' });
  });

  it('refuses an unknown message type with 400', async () => {
    const response = await harness.control('POST', 'webhooks/inbound', { messages: [{ type: 'hologram' }] });

    expect(response.status).toBe(400);
  });

  it('delivers for an unregistered number with the display number and WABA given', async () => {
    const { body } = await harness.control<{ payload: WebhookEnvelope }>('POST', 'webhooks/inbound', {
      phoneNumberId: '999000999000999',
      displayPhoneNumber: '15559990000',
      wabaId: '77',
      messages: [{ type: 'text', body: 'x' }],
      waitFor: 'final',
    });

    expect(body.payload.entry[0].id).toBe('77');
    expect(firstValue(body.payload).metadata).toEqual({
      display_phone_number: '15559990000',
      phone_number_id: '999000999000999',
    });
    expect(receiver.json<WebhookEnvelope>()).toEqual([body.payload]);
  });
});
