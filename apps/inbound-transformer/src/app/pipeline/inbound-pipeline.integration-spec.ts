import {
  PIPELINE_MESSAGE_TYPES,
  createEnvelope,
  ROUTING_KEYS,
  validateGenesysInboundMessage,
  type Envelope,
  type GenesysDelivery,
  type GenesysDeliveryOf,
  type GenesysInboundMessageRequest,
  type PortalNotice,
} from '@switchboard/shared-contracts';
import { sleep, type PipelineTap } from '@switchboard/backend-testing-platform';
import { randomBytes } from 'node:crypto';
import { FakePlatform } from '../../testing/fake-platform.util';
import { InboundTransformerHarness } from '../../testing/inbound-transformer-harness.util';
import { sampleItem, sampleNames, type SampleItem } from '../../testing/samples.util';
import {
  SIMULATOR_ACCESS_TOKEN,
  SIMULATOR_PHONE_NUMBER_ID,
  WhatsAppSimulator,
} from '../../testing/whatsapp-simulator.util';

const TENANT = 'tenant-a';
const OTHER_TENANTS_NUMBER = '222222222222222';
const INTEGRATION = 'integration-a';

/** Bytes that start like a real file of the type, so that nothing downstream trips on them. */
const MAGIC: Record<string, Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  'audio/ogg; codecs=opus': Buffer.from('OggS'),
  'video/mp4': Buffer.from('\0\0\0\x18ftypmp42', 'latin1'),
  'application/pdf': Buffer.from('%PDF-1.4\n'),
  'image/webp': Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'),
};

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;
type MediaSampleType = (typeof MEDIA_TYPES)[number];

interface ExpectedMessage {
  readonly text?: string;
  readonly attachment?: { mediaType: string; mime: string; filename?: string; text?: string };
  readonly attributes?: Record<string, string>;
}

/** What the agent must receive for each spec sample (media ids are the preloaded ones). */
function expectations(mediaIds: Record<MediaSampleType, string>): Record<string, ExpectedMessage> {
  return {
    'wa-inbound-text': { text: 'Hi, I need help with my order' },
    'wa-inbound-image': {
      text: 'Photo of the damaged box',
      attachment: {
        mediaType: 'Image',
        mime: 'image/jpeg',
        filename: `image-${mediaIds.image}.jpg`,
        text: 'Photo of the damaged box',
      },
    },
    'wa-inbound-audio': {
      text: 'Voice message',
      attachment: {
        mediaType: 'Audio',
        mime: 'audio/ogg; codecs=opus',
        filename: `audio-${mediaIds.audio}.ogg`,
      },
    },
    'wa-inbound-video': {
      text: 'Unboxing',
      attachment: {
        mediaType: 'Video',
        mime: 'video/mp4',
        filename: `video-${mediaIds.video}.mp4`,
        text: 'Unboxing',
      },
    },
    'wa-inbound-document': {
      text: 'My invoice',
      attachment: {
        mediaType: 'File',
        mime: 'application/pdf',
        filename: 'invoice-1001.pdf',
        text: 'My invoice',
      },
    },
    'wa-inbound-sticker': {
      text: 'Sticker',
      attachment: { mediaType: 'Image', mime: 'image/webp', filename: `sticker-${mediaIds.sticker}.webp` },
    },
    'wa-inbound-location': {
      text:
        'Shared a location: Example Store\n1 Example Street, Berlin\nCoordinates: 52.520008, 13.404954\n' +
        'Map: https://maps.google.com/?q=52.520008,13.404954\nLink: https://maps.example.com/?q=example-store',
    },
    'wa-inbound-contacts': {
      text: 'Shared a contact: John Sample\nPhone: +1 555-010-0300 (CELL, WhatsApp 15550100300)',
    },
    'wa-inbound-interactive-button-reply': {
      text: '[Reply to message wamid.FAKEOUT0001]\nSelected: Yes',
      attributes: { interactiveReplyId: 'opt_yes' },
    },
    'wa-inbound-interactive-list-reply': {
      text: '[Reply to message wamid.FAKEOUT0002]\nSelected: Billing (Invoices and payments)',
      attributes: { interactiveReplyId: 'topic_billing' },
    },
    'wa-inbound-button': {
      text: '[Reply to message wamid.FAKEOUT0003]\nConfirm',
      attributes: { buttonPayload: 'TEMPLATE_QR_CONFIRM' },
    },
    'wa-inbound-reaction': {
      text: 'Reacted 👍 to message genesys-out-4',
      attributes: {
        reactionToWhatsAppMessageId: 'wamid.FAKEOUT0004',
        reactionToGenesysMessageId: 'genesys-out-4',
      },
    },
    'wa-inbound-order': {
      text:
        'Placed an order from catalog 123456789012345:\n- SKU-001 × 2 at 9.99 EUR = 19.98 EUR\n' +
        'Total: 19.98 EUR\nNote: Please deliver tomorrow',
    },
    'wa-inbound-unsupported': {
      text:
        '[The customer sent a message WhatsApp cannot show here (type: unknown). WhatsApp reported error 131051 ' +
        '(Message type unknown): Message type is currently not supported. Ask them to send it another way, for example as text.]',
    },
    'wa-inbound-reply-context': {
      text: '[Reply to message genesys-out-5]\nYes, that one',
      attributes: { replyToWhatsAppMessageId: 'wamid.FAKEOUT0005', replyToGenesysMessageId: 'genesys-out-5' },
    },
  };
}

function bodyOf(envelope: Envelope): GenesysInboundMessageRequest {
  const payload = envelope.payload as GenesysDelivery;
  return payload.body as GenesysInboundMessageRequest;
}

function textMessage(id: string, body: string): SampleItem {
  const sample = sampleItem('wa-inbound-text');
  return { ...sample, item: { ...sample.item, id, text: { body } } };
}

describe('inbound pipeline (whatsapp.inbound.raw → genesys.delivery)', () => {
  let simulator: WhatsAppSimulator;
  let platform: FakePlatform;
  let harness: InboundTransformerHarness;
  const media: Partial<Record<MediaSampleType, { id: string; sha256: string; bytes: Buffer; mime: string }>> =
    {};

  async function mediaSample(type: MediaSampleType): Promise<SampleItem> {
    const sample = sampleItem(`wa-inbound-${type}`);
    const object = sample.item[type] as Record<string, unknown>;
    const mime = object['mime_type'] as string;
    const bytes = Buffer.concat([MAGIC[mime]!, randomBytes(3000)]);
    const preloaded = await simulator.preloadMedia(bytes, mime);
    media[type] = { id: preloaded.id, sha256: preloaded.sha256, bytes, mime };
    object['id'] = preloaded.id;
    object['sha256'] = preloaded.sha256;
    return sample;
  }

  beforeAll(async () => {
    [simulator, platform] = await Promise.all([WhatsAppSimulator.start(), FakePlatform.start()]);
    const lookup = {
      tenantId: TENANT,
      tenantStatus: 'active' as const,
      numberId: 'number-1',
      phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
      displayNumber: '15550100200',
      wabaId: '100200300400500',
      throughputTier: 80,
      integrationId: INTEGRATION,
      genesysRegion: 'eu-west-1',
    };
    platform.lookups.set(SIMULATOR_PHONE_NUMBER_ID, lookup);
    platform.lookups.set(OTHER_TENANTS_NUMBER, {
      ...lookup,
      tenantId: 'tenant-b',
      phoneNumberId: OTHER_TENANTS_NUMBER,
    });
    platform.whatsAppTokens.set(SIMULATOR_PHONE_NUMBER_ID, SIMULATOR_ACCESS_TOKEN);
    const outbound = {
      integrationId: INTEGRATION,
      phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
      customerWaId: '15551234567',
    };
    platform.trackOutbound(TENANT, {
      ...outbound,
      whatsappMessageId: 'wamid.FAKEOUT0004',
      genesysMessageId: 'genesys-out-4',
    });
    platform.trackOutbound(TENANT, {
      ...outbound,
      whatsappMessageId: 'wamid.FAKEOUT0005',
      genesysMessageId: 'genesys-out-5',
    });
    harness = await InboundTransformerHarness.start('inbound-pipeline', simulator, platform, {
      INBOUND_CLAIM_LEASE_MS: '5000',
      UNTRACKED_STATUS_RETRIES: '2',
      UNTRACKED_STATUS_RETRY_DELAY_MS: '200',
    });
  });

  afterAll(async () => {
    await harness?.stop();
    await Promise.all([simulator?.stop(), platform?.close()]);
  });

  describe('each spec sample becomes one Genesys inbound message the agent can read', () => {
    let deliveries: PipelineTap;
    beforeAll(async () => {
      deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
    });

    it.each(sampleNames('wa-inbound-'))('%s', async (name) => {
      const type = name.replace('wa-inbound-', '');
      const sample = (MEDIA_TYPES as readonly string[]).includes(type)
        ? await mediaSample(type as MediaSampleType)
        : sampleItem(name);
      const mediaIds = Object.fromEntries(MEDIA_TYPES.map((kind) => [kind, media[kind]?.id ?? ''])) as Record<
        MediaSampleType,
        string
      >;
      const expected = expectations(mediaIds)[name]!;

      const input = await harness.deliver(TENANT, sample);
      const [output] = await deliveries.next(1);

      expect(output).toMatchObject({
        tenantId: TENANT,
        correlationId: input.correlationId,
        type: PIPELINE_MESSAGE_TYPES.GENESYS_INBOUND_MESSAGE,
        payload: {
          kind: 'message',
          integrationId: INTEGRATION,
          phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
          customerWaId: '15551234567',
          whatsappMessageId: sample.item['id'],
          messageTime: '2026-01-01T00:00:00.000Z',
          customerName: 'Jane Example',
        },
      });
      const body = bodyOf(output!);
      expect(validateGenesysInboundMessage(body).ok).toBe(true);
      expect(body.channel).toMatchObject({
        messageId: sample.item['id'],
        from: { id: '15551234567', idType: 'Opaque', nickname: 'Jane Example' },
        time: '2026-01-01T00:00:00.000Z',
      });
      expect(body.channel.metadata?.customAttributes).toMatchObject({
        phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
        displayPhoneNumber: '15550100200',
        ...expected.attributes,
      });
      expect(body.text).toBe(expected.text);
      if (!expected.attachment) {
        expect(body.content).toBeUndefined();
        return;
      }
      expect(body.content).toEqual([
        { contentType: 'Attachment', attachment: expect.objectContaining(expected.attachment) },
      ]);
      const attachment = body.content![0]!.attachment;
      const served = await fetch(attachment.url);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe(attachment.mime);
      expect(Buffer.from(await served.arrayBuffer()).equals(media[type as MediaSampleType]!.bytes)).toBe(
        true,
      );
    });
  });

  describe('idempotency', () => {
    it('passes on a wamid delivered three times, one after the other, once', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const duplicatesBefore = await harness.metric('switchboard_inbound_duplicates_total', {
        kind: 'message',
      });
      const message = textMessage('wamid.DUP-SEQUENTIAL', 'Same message');

      await harness.deliver(TENANT, message);
      await deliveries.next(1);
      await harness.deliver(TENANT, message);
      await harness.deliver(TENANT, message);
      await harness.waitForMetric(
        'switchboard_inbound_duplicates_total',
        { kind: 'message' },
        duplicatesBefore + 2,
      );

      expect(await deliveries.count()).toBe(0);
    });

    it('passes on a wamid delivered three times at once, once', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const duplicatesBefore = await harness.metric('switchboard_inbound_duplicates_total', {
        kind: 'message',
      });
      const message = textMessage('wamid.DUP-CONCURRENT', 'Same message, three copies');

      await Promise.all([1, 2, 3].map(() => harness.deliver(TENANT, message)));
      const [output] = await deliveries.next(1);
      await harness.waitForMetric(
        'switchboard_inbound_duplicates_total',
        { kind: 'message' },
        duplicatesBefore + 2,
      );

      expect(bodyOf(output!).text).toBe('Same message, three copies');
      expect(await deliveries.count()).toBe(0);
    });

    it('remembers a delivered wamid as done for the idempotency TTL', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      await harness.deliver(TENANT, textMessage('wamid.DONE-TTL', 'Remember me'));
      await deliveries.next(1);
      const redis = harness.redis();

      try {
        expect(await redis.get(`idem:wa:${TENANT}:wamid.DONE-TTL`)).toBe('done');
        expect(await redis.ttl(`idem:wa:${TENANT}:wamid.DONE-TTL`)).toBeGreaterThan(86_000);
      } finally {
        redis.disconnect();
      }
    });

    it('releases the claim when the work fails after it, so that the retry delivers', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const sample = await mediaSample('image');
      sample.item['id'] = 'wamid.RETRY-AFTER-CLAIM';
      await simulator.control('POST', 'faults', { endpoint: 'media', httpStatus: 502, count: 1 });

      await harness.deliver(TENANT, sample);
      const [output] = await deliveries.next(1);

      expect(bodyOf(output!).content?.[0]?.attachment.mediaType).toBe('Image');
      expect(harness.logs.text()).toMatch(
        /retried.*RetryableError: WhatsApp media description answered HTTP 502/,
      );
      expect(await deliveries.count()).toBe(0);
    });

    it("waits for another consumer's live lease instead of dropping the message", async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const redis = harness.redis();
      try {
        // A consumer that died mid-way left its lease behind.
        await redis.set(`idem:wa:${TENANT}:wamid.LEASED`, 'dead-consumer-token', 'PX', 1500);

        await harness.deliver(TENANT, textMessage('wamid.LEASED', 'Still delivered'));
        const [output] = await deliveries.next(1);

        expect(bodyOf(output!).text).toBe('Still delivered');
        expect(await redis.get(`idem:wa:${TENANT}:wamid.LEASED`)).toBe('done');
      } finally {
        redis.disconnect();
      }
    });
  });

  it('names a quoted message by its wamid while state-manager cannot answer, without holding the message back', async () => {
    const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
    const sample = sampleItem('wa-inbound-reply-context');
    sample.item['id'] = 'wamid.REPLY-DEGRADED';
    platform.failures.set('messages/whatsapp/wamid.FAKEOUT0005', 1);

    await harness.deliver(TENANT, sample);
    const [output] = await deliveries.next(1);

    expect(bodyOf(output!).text).toBe('[Reply to message wamid.FAKEOUT0005]\nYes, that one');
    expect(platform.failures.get('messages/whatsapp/wamid.FAKEOUT0005')).toBe(0);
  });

  describe('media that cannot be retrieved', () => {
    it('tells the agent when the Graph API no longer knows the media id', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const sample = sampleItem('wa-inbound-image');
      sample.item['id'] = 'wamid.MEDIA-GONE';
      (sample.item['image'] as Record<string, unknown>)['id'] = '999999999999999';

      await harness.deliver(TENANT, sample);
      const [output] = await deliveries.next(1);

      expect(bodyOf(output!).text).toBe(
        '[The customer sent an image that could not be retrieved: the media no longer exists on WhatsApp (media expire after 7 days)]\n' +
          'Caption: Photo of the damaged box',
      );
      expect(bodyOf(output!).content).toBeUndefined();
    });

    it('tells the agent when the media is over the size limit of its kind', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const sample = sampleItem('wa-inbound-sticker');
      sample.item['id'] = 'wamid.STICKER-TOO-BIG';
      const bytes = Buffer.concat([MAGIC['image/webp']!, randomBytes(120 * 1024)]);
      const preloaded = await simulator.preloadMedia(bytes, 'image/webp');
      Object.assign(sample.item['sticker'] as Record<string, unknown>, {
        id: preloaded.id,
        sha256: preloaded.sha256,
      });

      await harness.deliver(TENANT, sample);
      const [output] = await deliveries.next(1);

      expect(bodyOf(output!).text).toBe(
        '[The customer sent a sticker that could not be retrieved: the file exceeds 100 KB]',
      );
    });
  });

  describe('system messages', () => {
    it('moves the conversation when the customer changed number and tells the agent', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const sample = sampleItem('wa-inbound-text');
      const item = { ...sample.item, id: 'wamid.NUMBER-CHANGE', type: 'system' } as Record<string, unknown>;
      delete item['text'];
      item['system'] = {
        body: 'User A changed from 15551234567 to 15559876543',
        type: 'customer_changed_number',
        wa_id: '15559876543',
        customer: '15551234567',
      };

      await harness.deliver(TENANT, { ...sample, item, contact: undefined });
      const [output] = await deliveries.next(1);

      expect(bodyOf(output!).text).toBe(
        '[The customer changed their WhatsApp number from 15551234567 to 15559876543.]',
      );
      expect(platform.numberChanges).toEqual([
        {
          phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
          oldWaId: '15551234567',
          newWaId: '15559876543',
          at: '2026-01-01T00:00:00.000Z',
        },
      ]);
    });

    it('publishes a WhatsApp system error as a portal notice', async () => {
      const notices = await harness.tap(ROUTING_KEYS.PORTAL_EVENT);

      await harness.deliver(TENANT, sampleItem('wa-webhook-system-error'));
      const [output] = await notices.next(1);

      expect(output).toMatchObject({ tenantId: TENANT, type: PIPELINE_MESSAGE_TYPES.PORTAL_NOTICE });
      expect(output!.payload as PortalNotice).toMatchObject({
        severity: 'error',
        code: 'whatsapp.system-error',
        phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
        details: { whatsappErrorCode: 130429, title: 'Rate limit hit' },
      });
      await harness.waitForMetric('switchboard_inbound_system_errors_total', { code: '130429' }, 1);
    });
  });

  describe('statuses → Genesys receipts', () => {
    beforeAll(() => {
      platform.trackOutbound(TENANT, {
        whatsappMessageId: 'wamid.FAKEOUT0006',
        genesysMessageId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        integrationId: INTEGRATION,
        phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
        customerWaId: '15551234567',
      });
      platform.trackOutbound(TENANT, {
        whatsappMessageId: 'wamid.OUT-FAILED',
        genesysMessageId: 'genesys-out-failed',
        integrationId: INTEGRATION,
        phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
        customerWaId: '15551234567',
      });
    });

    it('sends one Delivered receipt for delivered then read', async () => {
      const receipts = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);

      await harness.deliver(TENANT, sampleItem('wa-status-delivered'));
      await harness.deliver(TENANT, sampleItem('wa-status-read'));
      const [output] = await receipts.next(1);
      await waitFor(() => platform.callsTo('wamid.FAKEOUT0006/status').length === 2);
      await sleep(300);

      expect(output).toMatchObject({
        type: PIPELINE_MESSAGE_TYPES.GENESYS_RECEIPT,
        payload: {
          kind: 'receipt',
          integrationId: INTEGRATION,
          genesysMessageId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
          whatsappMessageId: 'wamid.FAKEOUT0006',
          body: {
            id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
            channel: { to: { id: '15551234567', idType: 'Opaque' }, time: '2026-01-01T00:01:42.000Z' },
            status: 'Delivered',
            direction: 'Outbound',
            isFinalReceipt: false,
          },
        },
      });
      expect(await receipts.count()).toBe(0);
    });

    it('sends a final Failed receipt with MessageExpired for 131047', async () => {
      const receipts = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const sample = sampleItem('wa-status-failed-131047');
      sample.item['id'] = 'wamid.OUT-FAILED';

      await harness.deliver(TENANT, sample);
      const [output] = await receipts.next(1);

      expect((output!.payload as GenesysDelivery).body).toMatchObject({
        id: 'genesys-out-failed',
        status: 'Failed',
        isFinalReceipt: true,
        reasons: [{ code: 'MessageExpired', message: expect.stringMatching(/^WhatsApp 131047/) }],
      });
    });

    it('sends nothing for a sent status', async () => {
      const receipts = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      platform.trackOutbound(TENANT, {
        whatsappMessageId: 'wamid.OUT-SENT',
        genesysMessageId: 'genesys-out-sent',
        integrationId: INTEGRATION,
        phoneNumberId: SIMULATOR_PHONE_NUMBER_ID,
        customerWaId: '15551234567',
      });
      const sample = sampleItem('wa-status-sent');
      sample.item['id'] = 'wamid.OUT-SENT';

      await harness.deliver(TENANT, sample);
      await waitFor(() => platform.callsTo('wamid.OUT-SENT/status').length === 1);
      await sleep(300);

      expect(await receipts.count()).toBe(0);
    });

    it('dead-letters a status for a message Switchboard did not send after a few tries', async () => {
      const sample = sampleItem('wa-status-delivered');
      sample.item['id'] = 'wamid.NEVER-SENT';

      await harness.deliver(TENANT, sample);
      const [deadLetter] = await harness.deadLetters(1);

      expect(deadLetter!.reason).toMatch(
        /PermanentError: status delivered for wamid\.NEVER-SENT: a message Switchboard did not send/,
      );
      expect(platform.callsTo('wamid.NEVER-SENT/status')).toHaveLength(3);
    });
  });

  describe('bad input', () => {
    it('dead-letters an invalid message with the reason', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const sample = sampleItem('wa-inbound-text');
      delete sample.item['from'];
      sample.item['id'] = 'wamid.INVALID';

      await harness.deliver(TENANT, sample);
      const [deadLetter] = await harness.deadLetters(1);

      expect(deadLetter!.reason).toMatch(/^PermanentError: invalid WhatsApp message: .*from: Required/);
      expect(await deliveries.count()).toBe(0);
    });

    it("dead-letters a message for another tenant's number", async () => {
      const sample = { ...textMessage('wamid.WRONG-TENANT', 'Hello'), phoneNumberId: OTHER_TENANTS_NUMBER };

      await harness.deliver(TENANT, sample);
      const [deadLetter] = await harness.deadLetters(1);

      expect(deadLetter!.reason).toBe(
        `PermanentError: phone number ${OTHER_TENANTS_NUMBER} does not belong to tenant ${TENANT}`,
      );
    });
  });

  it("keeps one customer's messages in order, an image among them", async () => {
    const deliveries = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
    const image = await mediaSample('image');
    image.item['id'] = 'wamid.ORDER-10';
    const inputs = Array.from({ length: 30 }, (_, index) =>
      index === 10 ? image : textMessage(`wamid.ORDER-${index}`, `Message ${index}`),
    );

    for (const input of inputs) await harness.deliver(TENANT, input);
    const outputs = await deliveries.next(30, 30_000);

    expect(
      outputs.map(
        (output) => (output.payload as GenesysDelivery & { whatsappMessageId: string }).whatsappMessageId,
      ),
    ).toEqual(inputs.map((input) => input.item['id']));
  });

  describe('delivery outcomes', () => {
    const failedOutcome = (genesysMessageId: string) =>
      createEnvelope({
        tenantId: TENANT,
        type: PIPELINE_MESSAGE_TYPES.WHATSAPP_DELIVERY_OUTCOME,
        payload: {
          outcome: 'failed' as const,
          integrationId: 'integration-a',
          phoneNumberId: '109876543210987',
          customerWaId: '15551234567',
          genesysMessageId,
          conversationId: 'conversation-1',
          at: '2026-03-01T10:00:00.000Z',
          whatsappMessageIds: [],
          failure: {
            stage: 'transform' as const,
            reason: 'MessageExpired' as const,
            message: 'The customer last wrote more than 24 hours ago: a template is needed',
            templateRequired: true,
          },
        },
      });

    it('turns a failed agent message into one final Failed receipt, also when the outcome comes twice', async () => {
      const receipts = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const outcome = failedOutcome('genesys-out-expired');

      await harness.publisher.publish(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME, outcome);
      await harness.publisher.publish(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME, outcome);
      const [receipt] = await receipts.next(1);
      await sleep(500);

      expect(receipt!.type).toBe(PIPELINE_MESSAGE_TYPES.GENESYS_RECEIPT);
      expect(receipt!.correlationId).toBe(outcome.correlationId);
      expect(receipt!.payload).toMatchObject({
        kind: 'receipt',
        integrationId: 'integration-a',
        genesysMessageId: 'genesys-out-expired',
        body: {
          id: 'genesys-out-expired',
          status: 'Failed',
          isFinalReceipt: true,
          channel: { to: { id: '15551234567', idType: 'Opaque' } },
          reasons: [{ code: 'MessageExpired', message: expect.stringContaining('template') }],
        },
      });
      expect(await receipts.count()).toBe(0);
    });

    it('sends no receipt for a sent agent message (its statuses will)', async () => {
      const receipts = await harness.tap(ROUTING_KEYS.GENESYS_DELIVERY);
      const failed = failedOutcome('genesys-out-after-sent');
      const sent = createEnvelope({
        tenantId: TENANT,
        type: PIPELINE_MESSAGE_TYPES.WHATSAPP_DELIVERY_OUTCOME,
        payload: {
          outcome: 'sent' as const,
          integrationId: 'integration-a',
          phoneNumberId: '109876543210987',
          customerWaId: '15551234567',
          genesysMessageId: 'genesys-out-sent',
          at: '2026-03-01T10:00:00.000Z',
          whatsappMessageIds: ['wamid.OUT-1'],
        },
      });

      await harness.publisher.publish(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME, sent);
      await harness.publisher.publish(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME, failed);
      const [only] = await receipts.next(1);

      expect((only!.payload as GenesysDeliveryOf<'receipt'>).genesysMessageId).toBe('genesys-out-after-sent');
      expect(await harness.metric('switchboard_outbound_delivery_outcomes_total', { outcome: 'sent' })).toBe(
        1,
      );
    });
  });

  it('never writes the WhatsApp access token into its logs', () => {
    expect(harness.logs.text().length).toBeGreaterThan(0);
    expect(harness.logs.text()).not.toContain(SIMULATOR_ACCESS_TOKEN);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}
