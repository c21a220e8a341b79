import {
  SimulatorHarness,
  ACCESS_TOKEN,
  PHONE_NUMBER_ID,
  textMessage,
} from '../../testing/simulator-harness.util';
import { loadSample, shapeOf } from '../../testing/samples.util';
import { MessagesController } from './messages.controller';

interface GraphError {
  error: {
    message: string;
    type: string;
    code: number;
    error_data?: { details: string };
    fbtrace_id: string;
  };
}

interface SendResponse {
  messaging_product: string;
  contacts: { input: string; wa_id: string }[];
  messages: { id: string; message_status: string }[];
}

const SEND_SAMPLES = [
  'wa-send-text-request',
  'wa-send-text-reply-request',
  'wa-send-image-request',
  'wa-send-document-request',
  'wa-send-audio-request',
  'wa-send-template-request',
  'wa-send-interactive-buttons-request',
  'wa-send-reaction-request',
];

describe(MessagesController.name, () => {
  let sut: SimulatorHarness;

  beforeAll(async () => {
    sut = await SimulatorHarness.start({
      SEED_PHONE_NUMBERS: `${PHONE_NUMBER_ID}:${ACCESS_TOKEN}:15550100200,222222222222222:other-token`,
      MAX_RECORDED_SENDS: '5',
    });
  });

  afterAll(() => sut.close());

  beforeEach(() => sut.control('POST', 'reset'));

  describe('accepted sends', () => {
    it('answers a send with the shape of the sample response and a unique wamid', async () => {
      const first = await sut.sendMessage<SendResponse>(textMessage('+1 555-123-4567'));
      const second = await sut.sendMessage<SendResponse>(textMessage());

      expect(first.status).toBe(200);
      expect(shapeOf(first.body)).toEqual(shapeOf(loadSample('wa-send-response')));
      expect(first.body).toEqual({
        messaging_product: 'whatsapp',
        contacts: [{ input: '+1 555-123-4567', wa_id: '15551234567' }],
        messages: [{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }],
      });
      expect(second.body.messages[0].id).not.toBe(first.body.messages[0].id);
    });

    it.each(SEND_SAMPLES)('accepts the spec sample %s', async (name) => {
      const response = await sut.sendMessage<SendResponse>(loadSample(name));

      expect(response.status).toBe(200);
      expect(response.body.messages[0].id).toMatch(/^wamid\./);
    });

    it('records each accepted send with number, payload, wamid and time, in order', async () => {
      const text = textMessage('15551230001', 'first');
      const image = loadSample('wa-send-image-request');
      const sent = await sut.sendMessage<SendResponse>(text);
      await sut.sendMessage(image);
      await sut.sendMessage(textMessage('15551230001', 'rejected'), { token: 'wrong' });

      const { body } = await sut.control<{ items: Record<string, unknown>[] }>('GET', 'sends');

      expect(body.items).toHaveLength(2);
      expect(body.items[0]).toMatchObject({
        sequence: 1,
        kind: 'message',
        phoneNumberId: PHONE_NUMBER_ID,
        to: '15551230001',
        type: 'text',
        wamid: sent.body.messages[0].id,
        payload: text,
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(body.items[1]).toMatchObject({ sequence: 2, type: 'image', payload: image });
    });

    it('filters recorded sends by phone number and recipient', async () => {
      await sut.sendMessage(textMessage('15550000001'));
      await sut.sendMessage(textMessage('15550000002'));
      await sut.sendMessage(textMessage('15550000003'), {
        phoneNumberId: '222222222222222',
        token: 'other-token',
      });

      const byRecipient = await sut.control<{ items: { to: string }[] }>('GET', 'sends?to=%2B15550000002');
      const byNumber = await sut.control<{ items: { to: string }[] }>(
        'GET',
        'sends?phoneNumberId=222222222222222',
      );

      expect(byRecipient.body.items.map((send) => send.to)).toEqual(['15550000002']);
      expect(byNumber.body.items.map((send) => send.to)).toEqual(['15550000003']);
    });

    it('keeps only the newest MAX_RECORDED_SENDS sends', async () => {
      for (let i = 1; i <= 7; i += 1) await sut.sendMessage(textMessage(`1555000000${i}`));

      const { body } = await sut.control<{ items: { to: string }[]; dropped: number }>('GET', 'sends');

      expect(body.items.map((send) => send.to)).toEqual([3, 4, 5, 6, 7].map((i) => `1555000000${i}`));
      expect(body.dropped).toBe(2);
    });

    it('answers mark-as-read and the typing indicator with success and records both', async () => {
      const read = await sut.sendMessage(loadSample('wa-mark-read-request'));
      const typing = await sut.sendMessage({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.FAKEIN0002',
        typing_indicator: { type: 'text' },
      });

      const { body } = await sut.control<{ items: { kind: string; wamid: string }[] }>('GET', 'sends');

      expect(read).toMatchObject({ status: 200, body: { success: true } });
      expect(typing).toMatchObject({ status: 200, body: { success: true } });
      expect(body.items.map(({ kind, wamid }) => ({ kind, wamid }))).toEqual([
        { kind: 'mark_read', wamid: 'wamid.FAKEIN0001' },
        { kind: 'typing_indicator', wamid: 'wamid.FAKEIN0002' },
      ]);
    });

    it('accepts any vNN.N version in the path', async () => {
      const response = await sut.request('POST', `/v19.0/${PHONE_NUMBER_ID}/messages`, {
        json: textMessage(),
        token: ACCESS_TOKEN,
      });

      expect(response.status).toBe(200);
    });
  });

  describe('bearer token', () => {
    async function expectAuthError(token: string | null, message: RegExp) {
      const response = await sut.sendMessage<GraphError>(textMessage(), { token });
      expect(response.status).toBe(401);
      expect(shapeOf(response.body)).toEqual(shapeOf(loadSample('wa-error-190')));
      expect(response.body.error).toMatchObject({
        code: 190,
        type: 'OAuthException',
        message: expect.stringMatching(message),
      });
    }

    it('refuses a request without a token with 401 and code 190', () =>
      expectAuthError(null, /access token must be used/));

    it('refuses an unknown token with 401 and code 190', () =>
      expectAuthError('not-a-real-token', /Invalid OAuth/));

    it('refuses a revoked token with 401 and code 190', async () => {
      await sut.control('POST', 'tokens/revoke', { token: ACCESS_TOKEN });
      await expectAuthError(ACCESS_TOKEN, /session has been invalidated/);
    });

    it('refuses an expired token with 401 and code 190, like the sample', async () => {
      await sut.control('POST', 'tokens/expire', { token: ACCESS_TOKEN });
      await expectAuthError(ACCESS_TOKEN, /^Error validating access token: Session has expired\.$/);
    });

    it('lets a token registered at runtime expire after its lifetime', async () => {
      await sut.control('POST', 'tokens', {
        phoneNumberId: PHONE_NUMBER_ID,
        token: 'short-lived',
        expiresInSeconds: 60,
      });
      const before = await sut.sendMessage(textMessage(), { token: 'short-lived' });
      await sut.control('POST', 'clock/advance', { ms: 61_000 });

      expect(before.status).toBe(200);
      await expectAuthError('short-lived', /Session has expired/);
    });

    it('answers a valid token of another number like an unknown object (400, code 100)', async () => {
      const response = await sut.sendMessage<GraphError>(textMessage(), { token: 'other-token' });

      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 100, type: 'GraphMethodException' });
      expect(response.body.error.message).toContain(`Object with ID '${PHONE_NUMBER_ID}' does not exist`);
    });

    it('answers an unknown phone number with 400 and code 100', async () => {
      const response = await sut.sendMessage<GraphError>(textMessage(), { phoneNumberId: '999999999999999' });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe(100);
    });
  });

  describe('validation', () => {
    const base = { messaging_product: 'whatsapp', to: '15551234567' };
    const buttons = (count: number, title = 'OK') =>
      Array.from({ length: count }, (_, i) => ({
        type: 'reply',
        reply: { id: `b${i}`, title: `${title}${i}` },
      }));
    const cases: [string, Record<string, unknown>, number, string][] = [
      [
        'messaging_product missing',
        { to: '1555', type: 'text', text: { body: 'x' } },
        131008,
        "'messaging_product' is required",
      ],
      [
        'messaging_product wrong',
        { ...base, messaging_product: 'sms', text: { body: 'x' } },
        131009,
        "'messaging_product'",
      ],
      [
        'to missing',
        { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } },
        131008,
        "'to' is required",
      ],
      [
        'unknown type',
        { ...base, type: 'hologram', hologram: {} },
        131009,
        "'type' has an unsupported value",
      ],
      ['type object missing', { ...base, type: 'image' }, 131008, "'image' is required"],
      ['text body missing', { ...base, type: 'text', text: {} }, 131008, "'text.body' is required"],
      [
        'text body too long',
        { ...base, type: 'text', text: { body: 'x'.repeat(4097) } },
        131009,
        "'text.body' must be at most 4096",
      ],
      [
        'media without id or link',
        { ...base, type: 'image', image: { caption: 'c' } },
        131008,
        "'image.id' is required",
      ],
      [
        'caption on audio',
        { ...base, type: 'audio', audio: { id: '1', caption: 'c' } },
        131009,
        "'audio.caption' is not allowed",
      ],
      [
        'caption on sticker',
        { ...base, type: 'sticker', sticker: { id: '1', caption: 'c' } },
        131009,
        "'sticker.caption' is not allowed",
      ],
      ['link not http', { ...base, type: 'video', video: { link: 'ftp://x/y.mp4' } }, 131009, "'video.link'"],
      [
        'four buttons',
        {
          ...base,
          type: 'interactive',
          interactive: { type: 'button', body: { text: 'q' }, action: { buttons: buttons(4) } },
        },
        131009,
        "'interactive.action.buttons' must have at most 3 items",
      ],
      [
        'button title too long',
        {
          ...base,
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: 'q' },
            action: { buttons: buttons(1, 'x'.repeat(20)) },
          },
        },
        131009,
        "'interactive.action.buttons[0].reply.title' must be at most 20",
      ],
      [
        'template name missing',
        { ...base, type: 'template', template: { language: { code: 'en' } } },
        131008,
        "'template.name' is required",
      ],
      [
        'template language missing',
        { ...base, type: 'template', template: { name: 'n' } },
        131008,
        "'template.language' is required",
      ],
      [
        'reaction target missing',
        { ...base, type: 'reaction', reaction: { emoji: '👍' } },
        131008,
        "'reaction.message_id' is required",
      ],
      [
        'mark-as-read without message id',
        { messaging_product: 'whatsapp', status: 'read' },
        131008,
        "'message_id' is required",
      ],
    ];

    it.each(cases.map(([name, payload, code, details]) => ({ name, payload, code, details })))(
      'refuses $name with code $code naming the field',
      async ({ payload, code, details }) => {
        const response = await sut.sendMessage<GraphError>(payload);

        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          code,
          type: 'OAuthException',
          message: `(#${code}) ${code === 131008 ? 'Required parameter is missing' : 'Parameter value is not valid'}`,
        });
        expect(response.body.error.error_data?.details).toContain(details);
      },
    );

    it('does not record refused sends', async () => {
      await sut.sendMessage({ ...base, type: 'text', text: {} });

      const { body } = await sut.control<{ items: unknown[] }>('GET', 'sends');

      expect(body.items).toEqual([]);
    });
  });
});
