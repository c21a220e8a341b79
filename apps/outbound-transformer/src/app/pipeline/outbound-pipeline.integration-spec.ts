import { MEDIA_BUCKETS } from '@switchboard/backend-data-access-object-storage';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  whatsAppDeliveryOutcomeSchema,
  whatsAppDeliverySchema,
  type Envelope,
  type WhatsAppDelivery,
  type WhatsAppDeliveryOf,
  type WhatsAppDeliveryOutcomeOf,
} from '@switchboard/shared-contracts';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  ATTACHMENT_HOST,
  ATTACHMENT_HOST_ADDRESS,
  AttachmentNetwork,
} from '../../testing/attachment-network.util';
import { FakePlatform } from '../../testing/fake-platform.util';
import { OutboundTransformerHarness } from '../../testing/outbound-transformer-harness.util';
import { outboundSample } from '../../testing/samples.util';

const TENANT = 'tenant-a';
const INTEGRATION = '5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f';
const PHONE_NUMBER_ID = '100200300400500';
const CUSTOMER = '15551234567';
const CONVERSATION = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';
const CUSTOMER_LAST_WAMID = 'wamid.CUSTOMER-LAST';
const EXPIRED_CUSTOMER = '15550000002';
const EXPIRED_CONVERSATION = 'conversation-expired';

const PNG_HEAD = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const PDF_HEAD = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');

const genesysId = () => randomBytes(16).toString('hex');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface WebhookOptions {
  readonly customer?: string;
  readonly conversationId?: string;
  readonly metadata?: Record<string, unknown>;
  readonly fields?: Record<string, unknown>;
}

/** An agent's message as Genesys posts it (the spec's text sample with a new id). */
function agentMessage(id: string, options: WebhookOptions = {}): Record<string, unknown> {
  const sample = outboundSample('genesys-outbound-text');
  const channel = sample['channel'] as Record<string, unknown>;
  return {
    ...sample,
    id,
    conversationId: options.conversationId ?? CONVERSATION,
    channel: {
      ...channel,
      messageId: id,
      to: { id: options.customer ?? CUSTOMER, idType: 'Opaque' },
      ...(options.metadata !== undefined && { metadata: options.metadata }),
    },
    ...options.fields,
  };
}

function withAttachment(
  id: string,
  text: string,
  attachment: Record<string, unknown>,
): Record<string, unknown> {
  return agentMessage(id, { fields: { text, content: [{ contentType: 'Attachment', attachment }] } });
}

function deliveryOf(envelope: Envelope | undefined): WhatsAppDelivery {
  return whatsAppDeliverySchema.parse(envelope?.payload);
}

function failedOutcomeOf(envelope: Envelope | undefined): WhatsAppDeliveryOutcomeOf<'failed'> {
  const outcome = whatsAppDeliveryOutcomeSchema.parse(envelope?.payload);
  if (outcome.outcome !== 'failed') throw new Error(`expected a failed outcome, got ${outcome.outcome}`);
  return outcome;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('outbound pipeline (genesys.outbound.raw → whatsapp.delivery)', () => {
  let platform: FakePlatform;
  let network: AttachmentNetwork;
  let harness: OutboundTransformerHarness;

  beforeAll(async () => {
    [platform, network] = await Promise.all([FakePlatform.start(), AttachmentNetwork.start()]);
    platform.integrations.set(INTEGRATION, {
      tenantId: TENANT,
      tenantStatus: 'active',
      numberId: 'number-1',
      phoneNumberId: PHONE_NUMBER_ID,
      displayNumber: '15550100200',
      wabaId: '100200300400501',
      throughputTier: 80,
      integrationId: INTEGRATION,
      genesysRegion: 'eu-west-1',
    });
    platform.addConversation(TENANT, {
      conversationId: CONVERSATION,
      integrationId: INTEGRATION,
      phoneNumberId: PHONE_NUMBER_ID,
      customerWaId: CUSTOMER,
      lastInboundAt: new Date(Date.now() - 3_600_000).toISOString(),
      lastInboundMessageId: CUSTOMER_LAST_WAMID,
    });
    platform.addConversation(TENANT, {
      conversationId: EXPIRED_CONVERSATION,
      integrationId: INTEGRATION,
      phoneNumberId: PHONE_NUMBER_ID,
      customerWaId: EXPIRED_CUSTOMER,
      lastInboundAt: new Date(Date.now() - 25 * 3_600_000).toISOString(),
      lastInboundMessageId: 'wamid.EXPIRED-LAST',
    });
    platform.trackInbound(TENANT, {
      whatsappMessageId: 'wamid.CUSTOMER-QUOTED',
      genesysMessageId: 'genesys-in-quoted',
      integrationId: INTEGRATION,
      phoneNumberId: PHONE_NUMBER_ID,
      customerWaId: CUSTOMER,
    });
    harness = await OutboundTransformerHarness.start('outbound-pipeline', platform, network, {
      OUTBOUND_CLAIM_LEASE_MS: '5000',
    });
  });

  afterAll(async () => {
    await harness?.stop();
    await Promise.all([platform?.close(), network?.stop()]);
  });

  describe('text', () => {
    it('turns an agent’s text message into one whatsapp.delivery to the conversation’s customer and number', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const id = genesysId();

      const input = await harness.deliver(TENANT, 'message', agentMessage(id));
      const [output] = await deliveries.next(1);

      expect(output).toMatchObject({
        tenantId: TENANT,
        correlationId: input.correlationId,
        type: PIPELINE_MESSAGE_TYPES.WHATSAPP_SEND,
      });
      expect(deliveryOf(output)).toEqual({
        kind: 'message',
        integrationId: INTEGRATION,
        phoneNumberId: PHONE_NUMBER_ID,
        customerWaId: CUSTOMER,
        genesysMessageId: id,
        conversationId: CONVERSATION,
        parts: [
          {
            request: {
              messaging_product: 'whatsapp',
              recipient_type: 'individual',
              to: CUSTOMER,
              type: 'text',
              text: { body: 'Hello Jane, this is Alex from support.' },
            },
          },
        ],
      });
    });

    it('finds the customer’s active conversation through the integration’s number when Genesys sent no conversation id', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const webhook = agentMessage(genesysId());
      delete webhook['conversationId'];

      await harness.deliver(TENANT, 'message', webhook);
      const [output] = await deliveries.next(1);

      expect(deliveryOf(output)).toMatchObject({
        phoneNumberId: PHONE_NUMBER_ID,
        conversationId: CONVERSATION,
      });
      expect(platform.callsTo('/conversations/active').at(-1)?.query).toEqual({
        phoneNumberId: PHONE_NUMBER_ID,
        customerWaId: CUSTOMER,
      });
    });

    it('passes one customer’s messages on in the order the agent wrote them', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const texts = ['one', 'two', 'three', 'four', 'five'];

      for (const text of texts) {
        await harness.deliver(TENANT, 'message', agentMessage(genesysId(), { fields: { text } }));
      }
      const outputs = await deliveries.next(texts.length);

      expect(
        outputs.map((output) => {
          const delivery = deliveryOf(output) as WhatsAppDeliveryOf<'message'>;
          return (delivery.parts[0]?.request['text'] as { body: string }).body;
        }),
      ).toEqual(texts);
    });

    it('quotes the customer’s message the agent replied to (channel.metadata.replyToMessageId)', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);

      await harness.deliver(
        TENANT,
        'message',
        agentMessage(genesysId(), { metadata: { replyToMessageId: 'genesys-in-quoted' } }),
      );
      await harness.deliver(
        TENANT,
        'message',
        agentMessage(genesysId(), { metadata: { replyToMessageId: 'genesys-in-unknown' } }),
      );
      const [quoted, unquoted] = (await deliveries.next(2)).map(
        (output) => deliveryOf(output) as WhatsAppDeliveryOf<'message'>,
      );

      expect(quoted!.parts[0]!.request['context']).toEqual({ message_id: 'wamid.CUSTOMER-QUOTED' });
      expect(unquoted!.parts[0]!.request['context']).toBeUndefined();
    });

    it('offers Genesys quick replies as WhatsApp reply buttons', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);

      await harness.deliver(
        TENANT,
        'message',
        agentMessage(genesysId(), {
          fields: {
            type: 'Structured',
            text: 'Was this helpful?',
            content: [
              {
                contentType: 'QuickReply',
                quickReply: { text: 'Yes', payload: 'helpful_yes', action: 'Message' },
              },
              {
                contentType: 'QuickReply',
                quickReply: { text: 'No', payload: 'helpful_no', action: 'Message' },
              },
            ],
          },
        }),
      );
      const [output] = await deliveries.next(1);

      expect((deliveryOf(output) as WhatsAppDeliveryOf<'message'>).parts[0]!.request['interactive']).toEqual({
        type: 'button',
        body: { text: 'Was this helpful?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'helpful_yes', title: 'Yes' } },
            { type: 'reply', reply: { id: 'helpful_no', title: 'No' } },
          ],
        },
      });
    });
  });

  describe('idempotency', () => {
    it('passes on a Genesys message delivered three times, one after the other, once', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const duplicates = await harness.metric('switchboard_outbound_duplicates_total', { kind: 'message' });
      const webhook = agentMessage(genesysId());

      await harness.deliver(TENANT, 'message', webhook);
      await deliveries.next(1);
      await harness.deliver(TENANT, 'message', webhook);
      await harness.deliver(TENANT, 'message', webhook);
      await harness.waitForMetric(
        'switchboard_outbound_duplicates_total',
        { kind: 'message' },
        duplicates + 2,
      );

      expect(await deliveries.count()).toBe(0);
      const redis = harness.redis();
      try {
        expect(await redis.get(`idem:gn:${TENANT}:${webhook['id'] as string}`)).toBe('done');
      } finally {
        redis.disconnect();
      }
    });

    it('passes on a Genesys message delivered three times at once, once', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const duplicates = await harness.metric('switchboard_outbound_duplicates_total', { kind: 'message' });
      const webhook = agentMessage(genesysId());

      await Promise.all([1, 2, 3].map(() => harness.deliver(TENANT, 'message', webhook)));
      await deliveries.next(1);
      await harness.waitForMetric(
        'switchboard_outbound_duplicates_total',
        { kind: 'message' },
        duplicates + 2,
      );

      expect(await deliveries.count()).toBe(0);
    });

    it('releases the claim when state-manager fails after it, so that the retry delivers', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      platform.failures.set(`/conversations/${CONVERSATION}`, 1);

      await harness.deliver(TENANT, 'message', agentMessage(genesysId()));
      const [output] = await deliveries.next(1);

      expect(deliveryOf(output).customerWaId).toBe(CUSTOMER);
      expect(platform.failures.get(`/conversations/${CONVERSATION}`)).toBe(0);
      expect(await deliveries.count()).toBe(0);
    });
  });

  describe('messages that cannot be sent', () => {
    it('fails a message for a conversation Switchboard does not know as InvalidDestination', async () => {
      const [deliveries, outcomes] = await Promise.all([
        harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY),
        harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME),
      ]);
      const id = genesysId();

      await harness.deliver(
        TENANT,
        'message',
        agentMessage(id, { customer: '15550000003', conversationId: 'conversation-unknown' }),
      );
      const [output] = await outcomes.next(1);

      expect(output!.type).toBe(PIPELINE_MESSAGE_TYPES.WHATSAPP_DELIVERY_OUTCOME);
      expect(failedOutcomeOf(output)).toEqual({
        outcome: 'failed',
        integrationId: INTEGRATION,
        phoneNumberId: PHONE_NUMBER_ID,
        customerWaId: '15550000003',
        genesysMessageId: id,
        conversationId: 'conversation-unknown',
        at: expect.any(String),
        whatsappMessageIds: [],
        failure: {
          stage: 'transform',
          reason: 'InvalidDestination',
          message: expect.stringContaining('knows no WhatsApp conversation with this customer'),
          templateRequired: false,
        },
      });
      expect(await deliveries.count()).toBe(0);
    });

    it('fails the message as ServerError on its last attempt while state-manager stays down, instead of dead-lettering it', async () => {
      const outcomes = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME);
      platform.failures.set('/conversations/conversation-down', 100);
      const id = genesysId();

      await harness.deliver(TENANT, 'message', agentMessage(id, { conversationId: 'conversation-down' }));
      const [outcome] = await outcomes.next(1);

      expect(failedOutcomeOf(outcome)).toMatchObject({
        genesysMessageId: id,
        phoneNumberId: PHONE_NUMBER_ID,
        failure: { reason: 'ServerError', message: expect.stringContaining('send it again') },
      });
      expect(platform.callsTo('/conversations/conversation-down')).toHaveLength(3);
      platform.failures.delete('/conversations/conversation-down');
    });

    it('fails a message whose conversation belongs to another customer as InvalidDestination', async () => {
      const outcomes = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME);

      await harness.deliver(TENANT, 'message', agentMessage(genesysId(), { customer: '15550000004' }));
      const [output] = await outcomes.next(1);

      expect(failedOutcomeOf(output).failure).toMatchObject({
        reason: 'InvalidDestination',
        message: expect.stringContaining('another integration or customer'),
      });
    });

    it('fails a message outside the 24-hour window as MessageExpired and tells the portal a template is needed', async () => {
      const [deliveries, outcomes, notices] = await Promise.all([
        harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY),
        harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME),
        harness.tap(ROUTING_KEYS.PORTAL_EVENT),
      ]);
      const expiries = await harness.metric('switchboard_outbound_window_expired_total');
      const id = genesysId();

      await harness.deliver(
        TENANT,
        'message',
        agentMessage(id, { customer: EXPIRED_CUSTOMER, conversationId: EXPIRED_CONVERSATION }),
      );
      const [outcome] = await outcomes.next(1);
      const [notice] = await notices.next(1);

      expect(failedOutcomeOf(outcome)).toMatchObject({
        customerWaId: EXPIRED_CUSTOMER,
        phoneNumberId: PHONE_NUMBER_ID,
        genesysMessageId: id,
        failure: { stage: 'transform', reason: 'MessageExpired', templateRequired: true },
      });
      expect(notice).toMatchObject({
        tenantId: TENANT,
        type: PIPELINE_MESSAGE_TYPES.PORTAL_NOTICE,
        payload: {
          severity: 'warning',
          code: 'whatsapp.template-required',
          message: expect.stringContaining('template'),
          phoneNumberId: PHONE_NUMBER_ID,
          customerWaId: EXPIRED_CUSTOMER,
          details: { genesysMessageId: id, conversationId: EXPIRED_CONVERSATION },
        },
      });
      expect(await harness.metric('switchboard_outbound_window_expired_total')).toBe(expiries + 1);
      expect(await deliveries.count()).toBe(0);
    });

    it('fails a notification template as UnsupportedMessage', async () => {
      const [deliveries, outcomes] = await Promise.all([
        harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY),
        harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME),
      ]);

      await harness.deliver(
        TENANT,
        'message',
        agentMessage(genesysId(), {
          fields: {
            content: [{ contentType: 'Notification', template: { body: { text: 'Order {{1}} shipped' } } }],
          },
        }),
      );
      const [outcome] = await outcomes.next(1);

      expect(failedOutcomeOf(outcome).failure).toMatchObject({
        reason: 'UnsupportedMessage',
        message: expect.stringContaining('Templates'),
      });
      expect(await deliveries.count()).toBe(0);
    });

    it('fails a body that breaks the webhook contract and dead-letters it with the reason', async () => {
      const outcomes = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME);
      const id = genesysId();
      const webhook = agentMessage(id);
      delete webhook['text'];

      await harness.deliver(TENANT, 'message', webhook);
      const [outcome] = await outcomes.next(1);
      const [deadLetter] = await harness.deadLetters(1);

      expect(failedOutcomeOf(outcome)).toMatchObject({
        genesysMessageId: id,
        phoneNumberId: PHONE_NUMBER_ID,
        failure: { reason: 'InvalidMessageStructure' },
      });
      expect(deadLetter!.envelope.payload).toMatchObject({ genesysMessageId: id });
      expect(deadLetter!.reason).toMatch(
        /^PermanentError: invalid Genesys outbound message: .*text or content/i,
      );
    });
  });

  describe('attachments', () => {
    it('fetches an attachment from a loopback http server, stores it with its SHA-256 and sends it with the text as caption', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const bytes = Buffer.concat([PNG_HEAD, randomBytes(3000)]);
      network.addFile('/downloads/photo.png', { body: bytes, contentType: 'image/png' });
      const id = genesysId();

      await harness.deliver(
        TENANT,
        'message',
        withAttachment(id, 'Here is the photo', {
          id: 'attachment-1',
          mediaType: 'Image',
          url: network.httpUrl('/downloads/photo.png'),
          mime: 'image/png',
          filename: 'photo.png',
          contentSizeBytes: bytes.length,
        }),
      );
      const [output] = await deliveries.next(1);

      const key = `${TENANT}/${id}/0`;
      expect((deliveryOf(output) as WhatsAppDeliveryOf<'message'>).parts).toEqual([
        {
          request: {
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to: CUSTOMER,
            type: 'image',
            image: { caption: 'Here is the photo' },
          },
          media: {
            kind: 'image',
            bucket: MEDIA_BUCKETS.OUTBOUND,
            key,
            mimeType: 'image/png',
            sizeBytes: bytes.length,
            sha256: sha256(bytes),
            filename: 'photo.png',
          },
        },
      ]);
      const stored = await harness.storage.get(MEDIA_BUCKETS.OUTBOUND, key);
      expect((await readAll(stored.body)).equals(bytes)).toBe(true);
      expect(stored.contentType).toBe('image/png');
      expect(stored.metadata['sha256']).toBe(sha256(bytes));
      expect(network.requestsFor('/downloads/photo.png')).toHaveLength(1);
    });

    it('fetches a document over https from a public name, verifying the certificate for that name, and keeps the URL’s token out of the logs', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const bytes = Buffer.concat([PDF_HEAD, randomBytes(2000)]);
      const path = '/api/v2/downloads/RECEIPT?token=SECRET-DOWNLOAD-TOKEN';
      network.addFile(path, { body: bytes, contentType: 'application/pdf' });
      const dialled = network.connections.length;
      const id = genesysId();

      await harness.deliver(
        TENANT,
        'message',
        withAttachment(id, 'Here is your receipt', {
          mediaType: 'File',
          url: network.httpsUrl(path),
          mime: 'application/pdf',
          filename: 'receipt-1001.pdf',
        }),
      );
      const [output] = await deliveries.next(1);

      const [part] = (deliveryOf(output) as WhatsAppDeliveryOf<'message'>).parts;
      expect(part!.request['document']).toEqual({
        caption: 'Here is your receipt',
        filename: 'receipt-1001.pdf',
      });
      expect(part!.media).toMatchObject({
        kind: 'document',
        mimeType: 'application/pdf',
        sha256: sha256(bytes),
      });
      expect(network.connections.slice(dialled)).toEqual([
        { protocol: 'https:', address: ATTACHMENT_HOST_ADDRESS, port: 443, servername: ATTACHMENT_HOST },
      ]);
      expect(network.requestsFor(path)).toEqual([{ server: 'https', host: ATTACHMENT_HOST, path }]);
      expect(harness.logs.text()).not.toContain('SECRET-DOWNLOAD-TOKEN');
    });

    it('sends a WebP image as a sticker, without caption, after the text', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const bytes = Buffer.concat([
        Buffer.from('RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0', 'latin1'),
        randomBytes(2000),
      ]);
      network.addFile('/downloads/sticker.webp', { body: bytes, contentType: 'image/webp' });

      await harness.deliver(
        TENANT,
        'message',
        withAttachment(genesysId(), 'Thanks!', {
          mediaType: 'Image',
          url: network.httpUrl('/downloads/sticker.webp'),
          mime: 'image/webp',
        }),
      );
      const [output] = await deliveries.next(1);

      const parts = (deliveryOf(output) as WhatsAppDeliveryOf<'message'>).parts;
      expect(parts.map((part) => part.request['type'])).toEqual(['text', 'sticker']);
      expect(parts[1]!.request['sticker']).toEqual({});
      expect(parts[1]!.media).toMatchObject({ kind: 'sticker', mimeType: 'image/webp' });
    });

    const hostile: {
      name: string;
      url: () => string;
      setup?: () => void;
      refusal: string;
      receiptReason: string;
      dialled: string[];
    }[] = [
      {
        name: 'a name that resolves to a private address',
        url: () => 'https://intranet.agent-cdn.example/files/a.png',
        setup: () => network.addDns('intranet.agent-cdn.example', ['10.0.0.5']),
        refusal: 'private_address',
        receiptReason: 'GeneralError',
        dialled: [],
      },
      {
        name: 'a name with a public and a loopback address',
        url: () => 'https://mixed.agent-cdn.example/files/a.png',
        setup: () => network.addDns('mixed.agent-cdn.example', [ATTACHMENT_HOST_ADDRESS, '127.0.0.1']),
        refusal: 'private_address',
        receiptReason: 'GeneralError',
        dialled: [],
      },
      {
        name: 'the cloud metadata address',
        url: () => 'https://169.254.169.254/latest/meta-data/a.png',
        refusal: 'private_address',
        receiptReason: 'GeneralError',
        dialled: [],
      },
      {
        name: 'loopback written as IPv4-mapped IPv6 over https',
        url: () => 'https://[::ffff:7f00:1]/a.png',
        refusal: 'private_address',
        receiptReason: 'GeneralError',
        dialled: [],
      },
      {
        name: 'plain http off loopback',
        url: () => `http://${ATTACHMENT_HOST}/files/a.png`,
        refusal: 'scheme',
        receiptReason: 'GeneralError',
        dialled: [],
      },
      {
        name: 'credentials in the URL',
        url: () => `https://agent:hunter2@${ATTACHMENT_HOST}/files/a.png`,
        refusal: 'credentials_in_url',
        receiptReason: 'GeneralError',
        dialled: [],
      },
      {
        name: 'a public host redirecting to the metadata address',
        url: () => network.httpsUrl('/files/redirect.png'),
        setup: () =>
          network.addFile('/files/redirect.png', {
            body: Buffer.alloc(0),
            redirectTo: 'https://169.254.169.254/latest/meta-data/iam',
          }),
        refusal: 'private_address',
        receiptReason: 'GeneralError',
        dialled: [ATTACHMENT_HOST_ADDRESS],
      },
    ];

    it.each(hostile)(
      'fails the message without fetching anything from $name',
      async ({ url, setup, refusal, receiptReason, dialled }) => {
        setup?.();
        const [deliveries, outcomes] = await Promise.all([
          harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY),
          harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME),
        ]);
        const refusals = await harness.metric('switchboard_outbound_media_refusals_total', {
          reason: refusal,
        });
        const connectionsBefore = network.connections.length;
        const requestsBefore = network.requests.length;
        const id = genesysId();

        await harness.deliver(
          TENANT,
          'message',
          withAttachment(id, 'Look at this', {
            mediaType: 'Image',
            url: url(),
            mime: 'image/png',
            filename: 'a.png',
          }),
        );
        const [outcome] = await outcomes.next(1);

        expect(failedOutcomeOf(outcome)).toMatchObject({
          genesysMessageId: id,
          failure: {
            stage: 'transform',
            reason: receiptReason,
            message: expect.stringMatching(/^Attachment 1 \(a\.png\) could not be sent: /),
          },
        });
        expect(failedOutcomeOf(outcome).failure.message).not.toMatch(
          /hunter2|169\.254|10\.0\.0\.5|agent-cdn/,
        );
        expect(network.connections.slice(connectionsBefore).map((target) => target.address)).toEqual(dialled);
        const served = network.requests.slice(requestsBefore);
        expect(served.every((request) => request.path === '/files/redirect.png')).toBe(true);
        expect(await harness.metric('switchboard_outbound_media_refusals_total', { reason: refusal })).toBe(
          refusals + 1,
        );
        expect(await deliveries.count()).toBe(0);
      },
    );

    it('retries an attachment host that answers 503 once, then sends the attachment', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const bytes = Buffer.concat([PNG_HEAD, randomBytes(500)]);
      network.addFile('/downloads/flaky.png', { body: bytes, contentType: 'image/png', unavailableTimes: 1 });

      await harness.deliver(
        TENANT,
        'message',
        withAttachment(genesysId(), 'Retry me', {
          mediaType: 'Image',
          url: network.httpUrl('/downloads/flaky.png'),
          mime: 'image/png',
        }),
      );
      const [output] = await deliveries.next(1);

      expect((deliveryOf(output) as WhatsAppDeliveryOf<'message'>).parts[0]!.media?.sha256).toBe(
        sha256(bytes),
      );
      expect(network.requestsFor('/downloads/flaky.png')).toHaveLength(2);
    });

    it('fails the message after MEDIA_FETCH_ATTEMPTS when the attachment host keeps answering 503', async () => {
      const outcomes = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME);
      network.addFile('/downloads/down.png', { body: PNG_HEAD, unavailableTimes: 100 });

      await harness.deliver(
        TENANT,
        'message',
        withAttachment(genesysId(), 'Never arrives', {
          mediaType: 'Image',
          url: network.httpUrl('/downloads/down.png'),
          mime: 'image/png',
        }),
      );
      const [outcome] = await outcomes.next(1);

      expect(failedOutcomeOf(outcome).failure).toEqual({
        stage: 'transform',
        reason: 'GeneralError',
        message: 'Attachment 1 could not be sent: The attachment host answered HTTP 503.',
        templateRequired: false,
      });
      expect(network.requestsFor('/downloads/down.png')).toHaveLength(2);
    });

    it('fails an attachment whose bytes contradict its declared type as MediaTypeNotAllowed', async () => {
      const outcomes = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME);
      network.addFile('/downloads/fake.png', { body: Buffer.concat([PDF_HEAD, randomBytes(100)]) });

      await harness.deliver(
        TENANT,
        'message',
        withAttachment(genesysId(), 'Photo', {
          mediaType: 'Image',
          url: network.httpUrl('/downloads/fake.png'),
          mime: 'image/png',
        }),
      );
      const [outcome] = await outcomes.next(1);

      expect(failedOutcomeOf(outcome).failure).toMatchObject({
        reason: 'MediaTypeNotAllowed',
        message: expect.stringMatching(/^Attachment 1 could not be sent: .*application\/pdf.*image\/png/),
      });
    });

    it('fails an image above WhatsApp’s 5 MB as InvalidMediaContentLength', async () => {
      const outcomes = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME);
      network.addFile('/downloads/huge.png', {
        body: Buffer.concat([PNG_HEAD, Buffer.alloc(5 * 1024 * 1024)]),
        contentType: 'image/png',
      });

      await harness.deliver(
        TENANT,
        'message',
        withAttachment(genesysId(), 'Big photo', {
          mediaType: 'Image',
          url: network.httpUrl('/downloads/huge.png'),
          mime: 'image/png',
        }),
      );
      const [outcome] = await outcomes.next(1);

      expect(failedOutcomeOf(outcome).failure).toMatchObject({
        reason: 'InvalidMediaContentLength',
        message: 'Attachment 1 could not be sent: The attachment is larger than 5 MB.',
      });
    });
  });

  describe('typing', () => {
    const typingEvent = (id: string) => {
      const sample = outboundSample('genesys-outbound-typing-event');
      return { ...sample, id, channel: { ...(sample['channel'] as object), messageId: id } };
    };

    it('shows the agent typing in reply to the customer’s last message', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const id = genesysId();

      await harness.deliver(TENANT, 'typing', typingEvent(id));
      const [output] = await deliveries.next(1);

      expect(output!.type).toBe(PIPELINE_MESSAGE_TYPES.WHATSAPP_TYPING);
      expect(deliveryOf(output)).toEqual({
        kind: 'typing',
        integrationId: INTEGRATION,
        phoneNumberId: PHONE_NUMBER_ID,
        customerWaId: CUSTOMER,
        genesysMessageId: id,
        replyToWhatsappMessageId: CUSTOMER_LAST_WAMID,
      });
    });

    it('skips a typing event that waited longer than 25 s, with a metric', async () => {
      const deliveries = await harness.tap(ROUTING_KEYS.WHATSAPP_DELIVERY);
      const skipped = await harness.metric('switchboard_outbound_typing_total', { result: 'stale' });

      await harness.deliver(
        TENANT,
        'typing',
        typingEvent(genesysId()),
        new Date(Date.now() - 30_000).toISOString(),
      );
      await harness.waitForMetric('switchboard_outbound_typing_total', { result: 'stale' }, skipped + 1);

      expect(await deliveries.count()).toBe(0);
    });
  });

  describe('receipts about customers’ messages', () => {
    const receipt = (id: string, status: string, reasons?: unknown[]) => ({
      ...agentMessage(id),
      type: 'Receipt',
      text: undefined,
      originatingEntity: undefined,
      status,
      ...(reasons !== undefined && { reasons }),
      isFinalReceipt: status === 'Failed',
    });

    it('tells the portal about a Failed receipt with its reasons, once', async () => {
      const notices = await harness.tap(ROUTING_KEYS.PORTAL_EVENT);
      const id = genesysId();
      const webhook = receipt(id, 'Failed', [
        { code: 'InvalidMessageStructure', message: 'Attachment rejected' },
      ]);

      await harness.deliver(TENANT, 'receipt', webhook);
      const [notice] = await notices.next(1);
      await harness.deliver(TENANT, 'receipt', webhook);
      await harness.waitForMetric('switchboard_outbound_duplicates_total', { kind: 'receipt' }, 1);

      expect(notice).toMatchObject({
        type: PIPELINE_MESSAGE_TYPES.PORTAL_NOTICE,
        payload: {
          severity: 'error',
          code: 'genesys.message-failed',
          message: expect.stringContaining('InvalidMessageStructure: Attachment rejected'),
          phoneNumberId: PHONE_NUMBER_ID,
          customerWaId: CUSTOMER,
          details: {
            genesysMessageId: id,
            conversationId: CONVERSATION,
            reasons: [{ code: 'InvalidMessageStructure', message: 'Attachment rejected' }],
          },
        },
      });
      await harness.waitForMetric('switchboard_outbound_genesys_receipts_total', { status: 'Failed' }, 1);
      expect(await notices.count()).toBe(0);
    });

    it('only counts receipts of other statuses', async () => {
      const notices = await harness.tap(ROUTING_KEYS.PORTAL_EVENT);
      const delivered = await harness.metric('switchboard_outbound_genesys_receipts_total', {
        status: 'Delivered',
      });

      await harness.deliver(TENANT, 'receipt', receipt(genesysId(), 'Delivered'));
      await harness.waitForMetric(
        'switchboard_outbound_genesys_receipts_total',
        { status: 'Delivered' },
        delivered + 1,
      );

      expect(await notices.count()).toBe(0);
    });
  });
});
