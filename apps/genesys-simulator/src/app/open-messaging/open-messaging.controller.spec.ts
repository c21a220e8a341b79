import {
  inboundAttachmentMessage,
  inboundTextMessage,
  messagePath,
} from '../../testing/inbound-message.fixture';
import { SimulatorTestApp, startSimulator, TEST_INTEGRATION_ID } from '../../testing/simulator-test-app.util';
import { OpenMessagingController } from './open-messaging.controller';

const OTHER_ORG_INTEGRATION = {
  id: 'b7c8d9e0-0000-4000-8000-000000000002',
  organizationId: 'org-b',
  name: 'Tenant B',
  outboundNotificationWebhookUrl: 'http://127.0.0.1:9/b',
  outboundNotificationWebhookSignatureSecretToken: 'tenant-b-webhook-secret',
};
const SECOND_INTEGRATION = {
  ...OTHER_ORG_INTEGRATION,
  id: 'c7c8d9e0-0000-4000-8000-000000000003',
  organizationId: 'sandbox-org',
};
const BASE = '/api/v2/conversations/messages';
const HEX_32 = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface MessageAnswer {
  id: string;
  conversationId?: string;
  channel: Record<string, unknown>;
}

describe(OpenMessagingController.name, () => {
  let sut: SimulatorTestApp;
  let token: string;

  beforeEach(async () => {
    sut = await startSimulator({
      THREADING_WINDOW_SECONDS: '3600',
      SEED_INTEGRATIONS: JSON.stringify([OTHER_ORG_INTEGRATION, SECOND_INTEGRATION]),
    });
    token = await sut.token();
  });

  afterEach(() => sut.close());

  const post = (path: string, body: object) =>
    sut.http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  const send = async (body: object, integrationId = TEST_INTEGRATION_ID): Promise<MessageAnswer> =>
    (await post(`${messagePath(integrationId)}?prefetchConversationId=true`, body).expect(200))
      .body as MessageAnswer;

  const advanceClock = (seconds: number) =>
    sut.http().post('/control/clock/advance').send({ seconds }).expect(200);

  describe('inbound message', () => {
    it('answers with the normalized message: a new Genesys message id and the provider message id echoed', async () => {
      const request = inboundTextMessage();

      const response = await post(messagePath(TEST_INTEGRATION_ID), request).expect(200);

      expect(response.body).toEqual({
        id: expect.stringMatching(HEX_32),
        channel: {
          id: TEST_INTEGRATION_ID,
          platform: 'Open',
          type: 'Private',
          messageId: request.channel.messageId,
          to: { id: TEST_INTEGRATION_ID },
          from: request.channel.from,
          time: request.channel.time,
        },
        type: 'Text',
        text: request.text,
      });
    });

    it('includes the conversation id only with prefetchConversationId=true, and it always differs from the message id', async () => {
      const without = await post(messagePath(TEST_INTEGRATION_ID), inboundTextMessage()).expect(200);
      const withFalse = await post(
        `${messagePath(TEST_INTEGRATION_ID)}?prefetchConversationId=false`,
        inboundTextMessage(),
      ).expect(200);
      const withPrefetch = await send(inboundTextMessage());

      expect(without.body).not.toHaveProperty('conversationId');
      expect(withFalse.body).not.toHaveProperty('conversationId');
      expect(withPrefetch.conversationId).toMatch(UUID);
      expect(withPrefetch.id).toMatch(HEX_32);
      expect(withPrefetch.id).not.toBe(withPrefetch.conversationId);
    });

    it('answers a new message id for every message, also in the same conversation', async () => {
      const first = await send(inboundTextMessage());
      const second = await send(inboundTextMessage());

      expect(second.id).not.toBe(first.id);
      expect(second.conversationId).toBe(first.conversationId);
    });

    it('accepts attachments and echoes them as Attachment content', async () => {
      const response = await post(messagePath(TEST_INTEGRATION_ID), inboundAttachmentMessage()).expect(200);

      expect(response.body).toMatchObject({
        type: 'Text',
        content: [{ contentType: 'Attachment', attachment: { mediaType: 'Image', mime: 'image/jpeg' } }],
      });
    });

    const valid = inboundTextMessage();
    const withChannel = (channel: object) => ({ ...valid, channel });
    const withFrom = (from: object) => withChannel({ ...valid.channel, from });
    const without = <T extends object>(value: T, key: keyof T) => {
      const copy: Partial<T> = { ...value };
      delete copy[key];
      return copy;
    };

    it.each([
      ['channel.from.id', withFrom(without(valid.channel.from, 'id'))],
      ['channel.from.idType', withFrom(without(valid.channel.from, 'idType'))],
      ['channel.from.idType', withFrom({ ...valid.channel.from, idType: 'WhatsApp' })],
      ['channel.from.id', withFrom({ id: '15551234567', idType: 'Phone' })],
      ['channel.from', withChannel(without(valid.channel, 'from'))],
      ['channel.time', withChannel(without(valid.channel, 'time'))],
      ['channel.time', withChannel({ ...valid.channel, time: 'yesterday' })],
      ['channel', without(valid, 'channel')],
      ['text', without(valid, 'text')],
    ])('answers 400 naming %s when it is missing or invalid', async (field, body) => {
      const response = await post(messagePath(TEST_INTEGRATION_ID), body).expect(400);

      expect(response.body).toMatchObject({
        status: 400,
        code: 'bad.request',
        message: expect.stringContaining(`${field}:`),
      });
      expect(response.body.details).toContainEqual(expect.objectContaining({ fieldName: field }));
    });

    it.each(['mediaType', 'url', 'mime'])(
      'answers 400 naming content[0].attachment.%s when it is missing',
      async (field) => {
        const body = inboundAttachmentMessage();
        const attachment: Record<string, unknown> = { ...body.content[0]!.attachment };
        delete attachment[field];
        body.content[0] = { contentType: 'Attachment', attachment } as (typeof body.content)[number];

        const response = await post(messagePath(TEST_INTEGRATION_ID), body).expect(400);

        expect(response.body.message).toContain(`content[0].attachment.${field}: is required`);
      },
    );

    it('accepts content without text', async () => {
      const { text: _text, ...body } = inboundAttachmentMessage();

      await post(messagePath(TEST_INTEGRATION_ID), body).expect(200);
    });

    it('ignores fields the model does not have, such as the legacy channel.platform', async () => {
      const body = inboundTextMessage('15550000001', { type: 'Text', direction: 'Inbound' });

      await post(messagePath(TEST_INTEGRATION_ID), {
        ...body,
        channel: { ...body.channel, platform: 'Open' },
      }).expect(200);
    });

    it('accepts the same provider message id again and lists every copy, in order, by that id', async () => {
      const message = inboundTextMessage('15550000001');

      const answers = [await send(message), await send(message), await send(message)];
      await send(inboundTextMessage('15550000001'));
      const log = await sut
        .http()
        .get('/control/inbound')
        .query({ messageId: message.channel.messageId })
        .expect(200);
      const byGenesysId = await sut
        .http()
        .get('/control/inbound')
        .query({ messageId: answers[1]!.id })
        .expect(200);

      expect(new Set(answers.map((answer) => answer.id)).size).toBe(3);
      expect(log.body.items.map((item: { genesysMessageId: string }) => item.genesysMessageId)).toEqual(
        answers.map((answer) => answer.id),
      );
      expect(log.body.items[0]).toMatchObject({ providerMessageId: message.channel.messageId });
      expect(byGenesysId.body.items).toHaveLength(1);
    });

    it('answers 404 for an unknown integration and for another organisation’s integration', async () => {
      const unknown = await post(messagePath('no-such-integration'), inboundTextMessage()).expect(404);
      expect(unknown.body).toMatchObject({ status: 404, code: 'not.found' });

      await post(messagePath(OTHER_ORG_INTEGRATION.id), inboundTextMessage()).expect(404);
    });
  });

  describe('threading', () => {
    const disconnect = (customerId: string) =>
      sut
        .http()
        .post('/control/conversations/disconnect')
        .send({ integrationId: TEST_INTEGRATION_ID, customerId })
        .expect(200);

    it('keeps a connected customer in the same conversation, however long between messages', async () => {
      const first = await send(inboundTextMessage('15550000001'));
      await advanceClock(7200);

      const second = await send(inboundTextMessage('15550000001'));

      expect(second.conversationId).toBe(first.conversationId);
    });

    it('joins the same conversation again within the threading window after a disconnect', async () => {
      const first = await send(inboundTextMessage('15550000001'));
      await disconnect('15550000001');
      await advanceClock(3599);

      const second = await send(inboundTextMessage('15550000001'));

      expect(second.conversationId).toBe(first.conversationId);
    });

    it('starts a new conversation once the threading window after a disconnect has passed', async () => {
      const first = await send(inboundTextMessage('15550000001'));
      await disconnect('15550000001');
      await advanceClock(3600);

      const second = await send(inboundTextMessage('15550000001'));

      expect(second.conversationId).toMatch(UUID);
      expect(second.conversationId).not.toBe(first.conversationId);
      const conversations = await sut
        .http()
        .get('/control/conversations')
        .query({ customerId: '15550000001' })
        .expect(200);
      expect(conversations.body).toEqual([
        expect.objectContaining({
          conversationId: second.conversationId,
          state: 'active',
          previousConversationIds: [first.conversationId],
        }),
      ]);
    });

    it('gives different customers, and the same customer on another integration, different conversations', async () => {
      const jane = await send(inboundTextMessage('15550000001'));
      const john = await send(inboundTextMessage('15550000002'));
      const janeElsewhere = await send(inboundTextMessage('15550000001'), SECOND_INTEGRATION.id);

      expect(new Set([jane.conversationId, john.conversationId, janeElsewhere.conversationId]).size).toBe(3);
    });

    it('answers 404 to a disconnect of a customer without a conversation', async () => {
      await sut
        .http()
        .post('/control/conversations/disconnect')
        .send({ integrationId: TEST_INTEGRATION_ID, customerId: 'nobody' })
        .expect(404);
    });
  });

  describe('receipts, events, structured responses and the legacy endpoint', () => {
    const receipt = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
      id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      channel: { to: { id: '15551234567', idType: 'Opaque' }, time: '2026-01-01T00:02:03.000Z' },
      status: 'Delivered',
      direction: 'Outbound',
      isFinalReceipt: false,
      ...overrides,
    });

    it('accepts a Delivered receipt and answers the receipt message', async () => {
      const response = await post(`${BASE}/${TEST_INTEGRATION_ID}/inbound/open/receipt`, receipt()).expect(
        200,
      );

      expect(response.body).toEqual({
        id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        channel: {
          id: TEST_INTEGRATION_ID,
          platform: 'Open',
          type: 'Private',
          to: { id: '15551234567', idType: 'Opaque' },
          time: '2026-01-01T00:02:03.000Z',
        },
        type: 'Receipt',
        status: 'Delivered',
        isFinalReceipt: false,
        direction: 'Outbound',
      });
    });

    it('accepts a Failed receipt with reasons', async () => {
      const reasons = [{ code: 'MessageExpired', message: 'WhatsApp 131047' }];
      const failed = receipt({ status: 'Failed', isFinalReceipt: true, reasons });

      const response = await post(`${BASE}/${TEST_INTEGRATION_ID}/inbound/open/receipt`, failed).expect(200);

      expect(response.body).toMatchObject({ status: 'Failed', isFinalReceipt: true, reasons });
    });

    it.each([
      ['status', receipt({ status: 'Read' })],
      ['reasons', receipt({ reasons: [{ code: 'GeneralError' }] })],
      ['reasons[0].code', receipt({ status: 'Failed', reasons: [{ code: 'Oops' }] })],
      ['channel.to.id', receipt({ channel: { to: {}, time: '2026-01-01T00:02:03.000Z' } })],
      ['id', receipt({ id: undefined })],
    ])('answers 400 naming %s of an invalid receipt', async (field, body) => {
      const response = await post(`${BASE}/${TEST_INTEGRATION_ID}/inbound/open/receipt`, body).expect(400);

      expect(response.body.message).toContain(`${field}:`);
    });

    it('accepts a typing event and answers an Event message', async () => {
      const event = {
        channel: { from: { id: '15551234567', idType: 'Opaque' }, time: '2026-01-01T00:00:05.000Z' },
        events: [{ eventType: 'Typing' }],
      };

      const response = await post(`${BASE}/${TEST_INTEGRATION_ID}/inbound/open/event`, event).expect(200);

      expect(response.body).toMatchObject({
        id: expect.stringMatching(HEX_32),
        type: 'Event',
        events: event.events,
      });
    });

    it('answers 400 naming events[0].eventType for an event type other than Typing', async () => {
      const event = {
        channel: { from: { id: '15551234567', idType: 'Opaque' }, time: '2026-01-01T00:00:05.000Z' },
        events: [{ eventType: 'Presence' }],
      };

      const response = await post(`${BASE}/${TEST_INTEGRATION_ID}/inbound/open/event`, event).expect(400);

      expect(response.body.message).toContain('events[0].eventType:');
    });

    it('accepts a structured response into the customer’s conversation', async () => {
      const first = await send(inboundTextMessage('15551234567'));
      const reply = {
        channel: {
          from: { id: '15551234567', idType: 'Opaque' },
          time: '2026-01-01T00:03:00.000Z',
          messageId: 'wamid.R1',
        },
        buttonResponse: { type: 'QuickReply', text: 'Yes', payload: 'yes' },
        originatingMessageId: 'c3d4e5f60718293a4b5c6d7e8f90a1b2',
      };

      const response = await post(
        `${BASE}/${TEST_INTEGRATION_ID}/inbound/open/structured/response`,
        reply,
      ).expect(200);

      expect(response.body).toMatchObject({ id: expect.stringMatching(HEX_32), type: 'Structured' });
      const log = await sut.http().get('/control/inbound').query({ kind: 'structured-response' }).expect(200);
      expect(log.body.items[0]).toMatchObject({
        conversationId: first.conversationId,
        referencesKnownMessage: false,
      });
    });

    it('accepts the legacy endpoint with the integration in channel.to.id, without a conversation id', async () => {
      const legacy = {
        channel: {
          platform: 'Open',
          type: 'Private',
          messageId: 'wamid.FAKEIN0001',
          to: { id: TEST_INTEGRATION_ID },
          from: { nickname: 'Jane Example', id: '15551234567', idType: 'Opaque' },
          time: '2026-01-01T00:00:00.000Z',
        },
        type: 'Text',
        text: 'Hi, I need help with my order',
        direction: 'Inbound',
      };

      const response = await post(`${BASE}/inbound/open`, legacy).expect(200);

      expect(response.body).toMatchObject({
        id: expect.stringMatching(HEX_32),
        type: 'Text',
        direction: 'Inbound',
      });
      expect(response.body).not.toHaveProperty('conversationId');
      await post(`${BASE}/inbound/open`, {
        ...legacy,
        channel: { ...legacy.channel, to: { id: 'unknown' } },
      }).expect(404);
    });

    it('records every request in order, accepted or not, filterable by integration and kind', async () => {
      const message = await send(inboundTextMessage('15551234567'));
      await post(`${BASE}/${TEST_INTEGRATION_ID}/inbound/open/receipt`, receipt()).expect(200);
      await post(`${BASE}/${TEST_INTEGRATION_ID}/inbound/open/receipt`, receipt({ status: 'Read' })).expect(
        400,
      );
      await send(inboundTextMessage('15551234567'), SECOND_INTEGRATION.id);

      const all = await sut
        .http()
        .get('/control/inbound')
        .query({ integrationId: TEST_INTEGRATION_ID })
        .expect(200);
      const receipts = await sut
        .http()
        .get('/control/inbound')
        .query({ kind: 'receipt', accepted: 'true' })
        .expect(200);

      expect(
        all.body.items.map((item: { kind: string; status: number }) => [item.kind, item.status]),
      ).toEqual([
        ['message', 200],
        ['receipt', 200],
        ['receipt', 400],
      ]);
      expect(all.body.items[0]).toMatchObject({
        genesysMessageId: message.id,
        conversationId: message.conversationId,
        customerId: '15551234567',
        response: { id: message.id },
      });
      expect(all.body.items[2]).toMatchObject({ accepted: false, error: expect.stringContaining('status') });
      expect(receipts.body.items).toHaveLength(1);
    });
  });
});
