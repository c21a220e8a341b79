import { createHmac } from 'node:crypto';
import { inboundTextMessage, messagePath } from '../../testing/inbound-message.fixture';
import {
  SimulatorTestApp,
  startSimulator,
  TEST_INTEGRATION_ID,
  TEST_WEBHOOK_SECRET,
} from '../../testing/simulator-test-app.util';
import { WebhookReceiver } from '../../testing/webhook-receiver.util';
import { OutboundControlController } from './outbound-control.controller';

const CUSTOMER = '15551234567';
const PUBLIC_BASE_URL = 'http://127.0.0.1:4999';
const HEX_32 = /^[0-9a-f]{32}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Delivery {
  status: string;
  messageId?: string;
  attempts: { attempt: number; statusCode?: number; error?: string; outcome: string }[];
}

interface SendAnswer {
  messageId: string;
  payload: Record<string, unknown>;
  delivery: Delivery;
}

function base64Hmac(rawBody: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

describe(OutboundControlController.name, () => {
  let receiver: WebhookReceiver;
  let sut: SimulatorTestApp;

  const start = async (env: NodeJS.ProcessEnv = {}) => {
    sut = await startSimulator({
      INTEGRATION_WEBHOOK_URL: receiver.url(),
      INTEGRATION_WEBHOOK_HEADERS: JSON.stringify({ 'X-Tenant-Id': 'tenant-a' }),
      PUBLIC_BASE_URL,
      WEBHOOK_TIMEOUT_MS: '200',
      WEBHOOK_RETRY_DELAY_MS: '20',
      ...env,
    });
  };

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
    await start();
  });

  afterEach(async () => {
    await sut.close();
    await receiver.close();
  });

  const control = async (kind: string, body: object, wait = true): Promise<SendAnswer> => {
    const response = await sut
      .http()
      .post(`/control/outbound/${kind}`)
      .query(wait ? { wait: 'true' } : {})
      .send(body)
      .expect(wait ? 200 : 202);
    return response.body as SendAnswer;
  };

  const sendText = (overrides: object = {}, wait = true) =>
    control(
      'messages',
      { integrationId: TEST_INTEGRATION_ID, customerId: CUSTOMER, text: 'Hello Jane', ...overrides },
      wait,
    );

  const customerWrites = async (): Promise<{ id: string; conversationId: string; wamid: string }> => {
    const token = await sut.token();
    const message = inboundTextMessage(CUSTOMER);
    const response = await sut
      .http()
      .post(`${messagePath(TEST_INTEGRATION_ID)}?prefetchConversationId=true`)
      .set('Authorization', `Bearer ${token}`)
      .send(message)
      .expect(200);
    return { ...(response.body as { id: string; conversationId: string }), wamid: message.channel.messageId };
  };

  const receivedJson = (index = 0) =>
    JSON.parse(receiver.received[index]!.rawBody.toString('utf8')) as Record<string, unknown>;

  describe('payloads', () => {
    it('POSTs an agent text message shaped like the outbound text sample, in the customer’s conversation', async () => {
      const inbound = await customerWrites();

      const answer = await sendText();

      expect(answer.delivery).toMatchObject({
        status: 'delivered',
        attempts: [{ statusCode: 200, outcome: 'delivered' }],
      });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]).toMatchObject({ method: 'POST', path: '/webhooks/genesys' });
      const body = receivedJson();
      expect(body).toEqual({
        id: expect.stringMatching(HEX_32),
        channel: {
          id: TEST_INTEGRATION_ID,
          platform: 'Open',
          type: 'Private',
          messageId: body['id'],
          to: { id: CUSTOMER, idType: 'Opaque' },
          from: { nickname: 'WA Support Integration', id: TEST_INTEGRATION_ID, idType: 'Opaque' },
          time: expect.stringMatching(ISO),
        },
        type: 'Text',
        text: 'Hello Jane',
        direction: 'Outbound',
        originatingEntity: 'Human',
        conversationId: inbound.conversationId,
      });
      expect(Object.keys(body)).toEqual([
        'id',
        'channel',
        'type',
        'text',
        'direction',
        'originatingEntity',
        'conversationId',
      ]);
      expect(answer.messageId).toBe(body['id']);
    });

    it('marks a bot’s message with originatingEntity Bot', async () => {
      await sendText({ originatingEntity: 'Bot' });

      expect(receivedJson()).toMatchObject({ type: 'Text', originatingEntity: 'Bot' });
    });

    it('names the quoted message in channel.metadata.replyToMessageId when the agent replies to one', async () => {
      const inbound = await customerWrites();

      await sendText({ text: 'About this one', replyToMessageId: inbound.id });

      const body = receivedJson();
      expect(body['channel']).toMatchObject({
        to: { id: CUSTOMER },
        metadata: { replyToMessageId: inbound.id },
      });
      expect(body['text']).toBe('About this one');
    });

    it('answers 400 for an empty replyToMessageId and sends nothing', async () => {
      await sut
        .http()
        .post('/control/outbound/messages')
        .send({ integrationId: TEST_INTEGRATION_ID, customerId: CUSTOMER, text: 'x', replyToMessageId: '' })
        .expect(400);

      expect(receiver.received).toHaveLength(0);
    });

    it('links attachments to bytes served at PUBLIC_BASE_URL/api/v2/downloads/{id}', async () => {
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
      const registered = await sut
        .http()
        .post('/control/downloads')
        .query({ filename: 'box.png' })
        .set('Content-Type', 'image/png')
        .send(bytes)
        .expect(201);
      const download = registered.body as { id: string; url: string };

      await sendText({ text: 'Here is the photo', attachments: [{ downloadId: download.id }] });

      expect(download.url).toBe(`${PUBLIC_BASE_URL}/api/v2/downloads/${download.id}`);
      expect(receivedJson()['content']).toEqual([
        {
          contentType: 'Attachment',
          attachment: {
            id: expect.any(String),
            mediaType: 'Image',
            url: download.url,
            mime: 'image/png',
            filename: 'box.png',
            contentSizeBytes: bytes.length,
          },
        },
      ]);
      const served = await sut
        .http()
        .get(new URL(download.url).pathname)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(served.body as Buffer, bytes)).toBe(0);
    });

    it('registers an inline attachment and answers 400 for an unknown download id', async () => {
      const pdf = Buffer.from('%PDF-1.4 receipt');

      await sendText({
        text: undefined,
        attachments: [
          { mime: 'application/pdf', filename: 'receipt-1001.pdf', dataBase64: pdf.toString('base64') },
        ],
      });
      const bad = await sut
        .http()
        .post('/control/outbound/messages')
        .send({
          integrationId: TEST_INTEGRATION_ID,
          customerId: CUSTOMER,
          attachments: [{ downloadId: 'nope' }],
        })
        .expect(400);

      expect(receivedJson()).not.toHaveProperty('text');
      expect(receivedJson()['content']).toEqual([
        expect.objectContaining({
          attachment: expect.objectContaining({ mediaType: 'File', mime: 'application/pdf' }),
        }),
      ]);
      expect(bad.body.message).toContain('nope');
      await sut.http().get('/api/v2/downloads/nope').expect(404);
    });

    it('sends quick replies as a Structured message with QuickReply content', async () => {
      await control('structured', {
        integrationId: TEST_INTEGRATION_ID,
        customerId: CUSTOMER,
        text: 'Do you want to proceed?',
        quickReplies: [{ text: 'Yes' }, { text: 'No', payload: 'no-thanks' }],
      });

      expect(receivedJson()).toMatchObject({
        type: 'Structured',
        text: 'Do you want to proceed?',
        direction: 'Outbound',
        content: [
          { contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'Yes', action: 'Message' } },
          { contentType: 'QuickReply', quickReply: { text: 'No', payload: 'no-thanks', action: 'Message' } },
        ],
      });
    });

    it('sends a typing event shaped like the outbound typing sample', async () => {
      const inbound = await customerWrites();

      await control('typing', { integrationId: TEST_INTEGRATION_ID, customerId: CUSTOMER });

      const body = receivedJson();
      expect(body).toMatchObject({
        id: expect.stringMatching(HEX_32),
        channel: { id: TEST_INTEGRATION_ID, to: { id: CUSTOMER, idType: 'Opaque' } },
        type: 'Event',
        events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }],
        direction: 'Outbound',
        conversationId: inbound.conversationId,
      });
      expect(body).not.toHaveProperty('originatingEntity');
    });

    it('sends a receipt about an inbound message with its Genesys id and provider message id', async () => {
      const inbound = await customerWrites();

      await control('receipts', {
        integrationId: TEST_INTEGRATION_ID,
        messageId: inbound.id,
        status: 'Delivered',
      });

      expect(receivedJson()).toMatchObject({
        id: inbound.id,
        channel: { messageId: inbound.wamid, to: { id: CUSTOMER } },
        type: 'Receipt',
        status: 'Delivered',
        isFinalReceipt: false,
        direction: 'Outbound',
        conversationId: inbound.conversationId,
      });
    });

    it('marks an inbound receipt that refers to a message the simulator sent to that customer', async () => {
      const sent = await sendText();
      const token = await sut.token();
      const receipt = (id: string) => ({
        id,
        channel: { to: { id: CUSTOMER, idType: 'Opaque' }, time: '2026-01-01T00:02:03.000Z' },
        status: 'Delivered',
      });
      const path = `/api/v2/conversations/messages/${TEST_INTEGRATION_ID}/inbound/open/receipt`;

      await sut
        .http()
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .send(receipt(sent.messageId))
        .expect(200);
      await sut
        .http()
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .send(receipt('f'.repeat(32)))
        .expect(200);

      const log = await sut.http().get('/control/inbound').query({ kind: 'receipt' }).expect(200);
      expect(
        log.body.items.map((item: { referencesKnownMessage: boolean }) => item.referencesKnownMessage),
      ).toEqual([true, false]);
    });
  });

  describe('signature', () => {
    it('signs the exact raw bytes with base64 HMAC-SHA256 of the integration secret, not hex', async () => {
      await sendText({ text: 'Ünïcödé and "quotes" → 😀' });

      const { rawBody, headers } = receiver.received[0]!;
      const header = headers['x-hub-signature-256'];
      expect(header).toBe(`sha256=${base64Hmac(rawBody, TEST_WEBHOOK_SECRET)}`);
      expect(header).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
      expect(header).not.toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(header).not.toBe(
        `sha256=${createHmac('sha256', TEST_WEBHOOK_SECRET).update(rawBody).digest('hex')}`,
      );
    });

    it('sends the integration’s webhookHeaders and a JSON content type', async () => {
      await sendText();

      expect(receiver.received[0]!.headers).toMatchObject({
        'x-tenant-id': 'tenant-a',
        'content-type': 'application/json',
      });
    });

    it('signs with a wrong secret, with hex or not at all in the negative modes', async () => {
      await sendText({ signatureMode: 'wrong-secret' });
      await sendText({ signatureMode: 'hex' });
      await sendText({ signatureMode: 'none' });

      const [wrong, hex, none] = receiver.received;
      expect(wrong!.headers['x-hub-signature-256']).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
      expect(wrong!.headers['x-hub-signature-256']).not.toBe(
        `sha256=${base64Hmac(wrong!.rawBody, TEST_WEBHOOK_SECRET)}`,
      );
      expect(hex!.headers['x-hub-signature-256']).toBe(
        `sha256=${createHmac('sha256', TEST_WEBHOOK_SECRET).update(hex!.rawBody).digest('hex')}`,
      );
      expect(none!.headers).not.toHaveProperty('x-hub-signature-256');
    });

    it('delivers a raw body byte for byte, signed over those bytes', async () => {
      const rawBody = '{ "id" : "x",\n  "type":"Text" }';

      await control('raw', { integrationId: TEST_INTEGRATION_ID, rawBody });

      const received = receiver.received[0]!;
      expect(received.rawBody.toString('utf8')).toBe(rawBody);
      expect(received.headers['x-hub-signature-256']).toBe(
        `sha256=${base64Hmac(Buffer.from(rawBody), TEST_WEBHOOK_SECRET)}`,
      );
    });
  });

  describe('redelivery', () => {
    it('sends the exact bytes, headers and message id of a delivery again, three times at once', async () => {
      const original = await sendText();

      const response = await sut
        .http()
        .post(`/control/deliveries/${(original.delivery as unknown as { id: string }).id}/redeliver`)
        .query({ wait: 'true' })
        .send({ count: 3 })
        .expect(200);
      const copies = (response.body as { deliveries: (Delivery & { redeliveryOf: string })[] }).deliveries;

      expect(copies.map((copy) => [copy.status, copy.messageId])).toEqual(
        Array(3).fill(['delivered', original.messageId]),
      );
      expect(receiver.received).toHaveLength(4);
      for (const copy of receiver.received.slice(1)) {
        expect(copy.rawBody.equals(receiver.received[0]!.rawBody)).toBe(true);
        expect(copy.headers['x-hub-signature-256']).toBe(
          receiver.received[0]!.headers['x-hub-signature-256'],
        );
        expect(copy.headers['x-tenant-id']).toBe('tenant-a');
      }
    });

    it('answers 404 for an unknown delivery and 400 for a count over 100', async () => {
      await sut.http().post('/control/deliveries/nope/redeliver').send({}).expect(404);
      await sut.http().post('/control/deliveries/nope/redeliver').send({ count: 101 }).expect(400);
    });
  });

  describe('delivery and retries', () => {
    const statuses = (delivery: Delivery) =>
      delivery.attempts.map((attempt) => attempt.statusCode ?? attempt.error);

    it('retries on 5xx and stops at the first 2xx', async () => {
      receiver.respondWith((_request, index) => ({ status: index < 2 ? 503 : 202 }));

      const { delivery } = await sendText();

      expect(delivery.status).toBe('delivered');
      expect(statuses(delivery)).toEqual([503, 503, 202]);
      expect(delivery.attempts.map((attempt) => attempt.outcome)).toEqual([
        'will-retry',
        'will-retry',
        'delivered',
      ]);
    });

    it('gives up after the first attempt and 5 retries when the webhook keeps answering 500', async () => {
      receiver.respondWith(() => ({ status: 500 }));

      const { delivery } = await sendText();

      expect(delivery.status).toBe('gave-up');
      expect(statuses(delivery)).toEqual([500, 500, 500, 500, 500, 500]);
      expect(receiver.received).toHaveLength(6);
    });

    it('retries on 429 like on 5xx', async () => {
      receiver.respondWith(() => ({ status: 429 }));

      const { delivery } = await sendText();

      expect(delivery.status).toBe('gave-up');
      expect(delivery.attempts).toHaveLength(6);
    });

    it('retries when the webhook does not answer within the timeout', async () => {
      receiver.respondWith(() => 'hang');

      const { delivery } = await sendText();

      expect(delivery.status).toBe('gave-up');
      expect(statuses(delivery)).toEqual(Array(6).fill('timeout after 200 ms'));
    });

    it.each([400, 401, 404])('does not retry a %i answer', async (status) => {
      receiver.respondWith(() => ({ status }));

      const { delivery } = await sendText();

      expect(delivery.status).toBe('failed');
      expect(statuses(delivery)).toEqual([status]);
      expect(receiver.received).toHaveLength(1);
    });

    it('sends the same bytes and signature on every retry, spaced by the retry delay', async () => {
      receiver.respondWith((_request, index) => ({ status: index < 2 ? 500 : 200 }));

      await sendText();

      const [first, second, third] = receiver.received;
      expect(second!.rawBody.equals(first!.rawBody)).toBe(true);
      expect(third!.headers['x-hub-signature-256']).toBe(first!.headers['x-hub-signature-256']);
      expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(15);
      expect(third!.receivedAt - second!.receivedAt).toBeGreaterThanOrEqual(15);
    });

    it('follows WEBHOOK_MAX_RETRIES', async () => {
      await sut.close();
      await start({ WEBHOOK_MAX_RETRIES: '2' });
      receiver.respondWith(() => ({ status: 502 }));

      const { delivery } = await sendText();

      expect(delivery.attempts).toHaveLength(3);
      expect(delivery.status).toBe('gave-up');
    });

    it('answers 202 at once without wait, and the delivery is queryable by message id', async () => {
      const answer = await sendText({}, false);
      await receiver.waitFor(1);

      expect(answer.delivery.status).toBe('pending');
      let deliveries: Delivery[] = [];
      for (let i = 0; i < 50 && deliveries[0]?.status !== 'delivered'; i += 1) {
        const response = await sut
          .http()
          .get('/control/deliveries')
          .query({ messageId: answer.messageId })
          .expect(200);
        deliveries = response.body as Delivery[];
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(deliveries).toEqual([
        expect.objectContaining({ messageId: answer.messageId, status: 'delivered' }),
      ]);
    });

    it('sends nothing when the wait option is invalid', async () => {
      await sut
        .http()
        .post('/control/outbound/messages?wait=yes')
        .send({ integrationId: TEST_INTEGRATION_ID, customerId: CUSTOMER, text: 'x' })
        .expect(400);

      expect((await sut.http().get('/control/deliveries').expect(200)).body).toEqual([]);
    });

    it('cancels the oldest delivery in progress beyond MAX_PENDING_DELIVERIES', async () => {
      await sut.close();
      await start({ MAX_PENDING_DELIVERIES: '1', WEBHOOK_TIMEOUT_MS: '60000' });
      receiver.respondWith(() => 'hang');

      const first = await sendText({}, false);
      await receiver.waitFor(1);
      await sendText({}, false);
      const deliveries = (await sut.http().get('/control/deliveries').expect(200)).body as Delivery[];

      expect(deliveries.map((delivery) => [delivery.messageId, delivery.status])).toEqual([
        [first.messageId, 'cancelled'],
        [expect.any(String), 'pending'],
      ]);
    });

    it('answers 404 for an unknown integration and 400 naming a missing customerId', async () => {
      await sut
        .http()
        .post('/control/outbound/messages')
        .send({ integrationId: 'nope', customerId: CUSTOMER, text: 'x' })
        .expect(404);
      const response = await sut
        .http()
        .post('/control/outbound/messages')
        .send({ integrationId: TEST_INTEGRATION_ID, text: 'x' })
        .expect(400);

      expect(response.body.message).toContain('customerId: is required');
    });
  });
});
