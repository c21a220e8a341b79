import { createHash } from 'node:crypto';
import {
  at,
  deliveredMessageIds,
  eventually,
  sleep,
  startPlatform,
  type Platform,
  type SeededTenant,
} from '@switchboard/backend-testing-platform';
import {
  SAMPLE_MEDIA,
  agentReplies,
  customerWrites,
  sendsTo,
  waitForReceipt,
  waitForSends,
  whatsAppReports,
} from './outbound.util';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface UploadedMedia {
  readonly id: string;
  readonly sha256Hex: string;
  readonly mimeType: string;
  readonly origin: string;
}

const MEDIA_CASES = [
  { kind: 'image', mime: 'image/jpeg', bytes: SAMPLE_MEDIA.jpeg, filename: 'box.jpg', caption: true },
  { kind: 'video', mime: 'video/mp4', bytes: SAMPLE_MEDIA.mp4, filename: 'howto.mp4', caption: true },
  { kind: 'audio', mime: 'audio/ogg', bytes: SAMPLE_MEDIA.ogg, filename: 'note.ogg', caption: false },
  {
    kind: 'document',
    mime: 'application/pdf',
    bytes: SAMPLE_MEDIA.pdf,
    filename: 'invoice-4711.pdf',
    caption: true,
  },
  { kind: 'sticker', mime: 'image/webp', bytes: SAMPLE_MEDIA.webp, filename: 'smile.webp', caption: false },
] as const;

describe('outbound: an agent reply reaches the customer on WhatsApp and its fate reaches the agent', () => {
  let platform: Platform;
  let tenant: SeededTenant;
  let customerCounter = 0;
  const nextCustomer = () => `1555240${String(++customerCounter).padStart(4, '0')}`;

  beforeAll(async () => {
    platform = await startPlatform({ label: 'outbound' });
    tenant = at(platform.tenants);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('round trip: customer → Genesys → agent reply → WhatsApp (right wa_id, right number) → delivered → Delivered receipt', async () => {
    const customer = nextCustomer();
    const conversationId = await customerWrites(platform, tenant, customer);

    const reply = await agentReplies(platform, tenant, customer, { text: 'Hello Jane, how can I help?' });
    const send = at(await waitForSends(platform, tenant, customer, 1));

    expect(send.phoneNumberId).toBe(tenant.phoneNumberId);
    expect(send.waId).toBe(customer);
    expect(send.payload).toMatchObject({ type: 'text', text: { body: 'Hello Jane, how can I help?' } });
    const tracked = await eventually(
      () =>
        platform.stateManager
          .messageByGenesysId(tenant.tenantId, reply.messageId)
          .then((message) => message ?? undefined),
      10_000,
      'the outbound message record',
    );
    expect(tracked).toMatchObject({
      direction: 'outbound',
      whatsappMessageId: send.wamid,
      conversationId,
      customerWaId: customer,
    });

    await whatsAppReports(platform, tenant, send.wamid, 'sent');
    await whatsAppReports(platform, tenant, send.wamid, 'delivered');
    const receipt = await waitForReceipt(platform, reply.messageId, 'Delivered');

    expect(receipt.integrationId).toBe(tenant.integrationId);
    expect(receipt.body['channel']).toMatchObject({ to: { id: customer } });
  });

  it.each(MEDIA_CASES.map((c) => [c.kind, c] as const))(
    'sends an agent %s uploaded to WhatsApp and sent by media id, and reports it delivered',
    async (_kind, media) => {
      const customer = nextCustomer();
      await customerWrites(platform, tenant, customer);
      const download = await platform.genesys.registerDownload(media.mime, media.bytes, media.filename);

      const reply = await agentReplies(platform, tenant, customer, {
        text: media.caption ? `Here is your ${media.kind}` : undefined,
        attachments: [{ downloadId: download.id, filename: media.filename }],
      });
      const sends = await waitForSends(platform, tenant, customer, 1);
      const mediaSend = sends.find((send) => send.payload['type'] === media.kind);
      if (!mediaSend) throw new Error(`no ${media.kind} send among ${JSON.stringify(sends)}`);
      const object = mediaSend.payload[media.kind] as Record<string, unknown>;
      expect(object['id']).toEqual(expect.any(String));
      expect(object['link']).toBeUndefined();
      const uploaded = (await platform.whatsapp.media()) as { items: UploadedMedia[] };
      const stored = uploaded.items.find((item) => item.id === object['id']);
      expect(stored).toMatchObject({
        origin: 'upload',
        sha256Hex: sha256(media.bytes),
        mimeType: media.mime,
      });
      if (media.caption) {
        const allText = JSON.stringify(sends.map((send) => send.payload));
        expect(allText).toContain(`Here is your ${media.kind}`);
      }
      if (media.kind === 'document') expect(object['filename']).toBe('invoice-4711.pdf');
      if (media.kind === 'audio' || media.kind === 'sticker') expect(object['caption']).toBeUndefined();

      for (const send of sends) await whatsAppReports(platform, tenant, send.wamid, 'delivered');
      await waitForReceipt(platform, reply.messageId, 'Delivered');
    },
  );

  it('sends a webhook Genesys delivered three more times exactly once', async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenant, customer);

    const reply = await agentReplies(platform, tenant, customer, { text: 'Only once, please' });
    const copies = await platform.genesys.redeliver(reply.delivery.id, 3);
    await waitForSends(platform, tenant, customer, 1);
    await sleep(2_000);

    expect(copies.deliveries.map((copy) => copy.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(await sendsTo(platform, tenant, customer)).toHaveLength(1);
  });

  it('splits a text over 4,096 characters into ordered sends and reports it delivered once the last part is', async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenant, customer);
    const paragraphs = Array.from({ length: 9 }, (_, i) =>
      `Paragraph ${i + 1}: ${'lorem ipsum '.repeat(90)}`.trim(),
    );
    const text = paragraphs.join('\n\n');

    const reply = await agentReplies(platform, tenant, customer, { text });
    const sends = await waitForSends(platform, tenant, customer, 3);
    const bodies = sends.map((send) => String((send.payload['text'] as { body: string }).body));

    expect(text.length).toBeGreaterThan(2 * 4_096);
    expect(bodies.every((body) => body.length <= 4_096)).toBe(true);
    expect(bodies.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    for (const send of sends) await whatsAppReports(platform, tenant, send.wamid, 'delivered');
    await waitForReceipt(platform, reply.messageId, 'Delivered');
  });

  it("quotes the customer's message on WhatsApp when the agent replies to it", async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenant, customer);
    const question = await platform.whatsapp.deliverInbound({
      phoneNumberId: tenant.phoneNumberId,
      messages: [{ type: 'text', from: customer, body: 'Which size should I order?' }],
    });
    const questionWamid = at(deliveredMessageIds(question));
    const questionAtGenesys = await eventually(
      async () => (await platform.genesys.acceptedMessages(questionWamid))[0],
      20_000,
      'the question at Genesys',
    );

    await agentReplies(platform, tenant, customer, {
      text: 'Size M fits best',
      replyToMessageId: questionAtGenesys.genesysMessageId,
    });
    const sends = await waitForSends(platform, tenant, customer, 1);

    expect(at(sends).payload).toMatchObject({
      text: { body: 'Size M fits best' },
      context: { message_id: questionWamid },
    });
  });

  it('turns Genesys quick replies into WhatsApp reply buttons', async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenant, customer);

    await platform.genesys.sendQuickReplies({
      integrationId: tenant.integrationId,
      customerId: customer,
      text: 'Was this helpful?',
      quickReplies: [
        { text: 'Yes', payload: 'helpful-yes' },
        { text: 'No', payload: 'helpful-no' },
      ],
    });
    const send = at(await waitForSends(platform, tenant, customer, 1));

    expect(send.payload).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Was this helpful?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'helpful-yes', title: 'Yes' } },
            { type: 'reply', reply: { id: 'helpful-no', title: 'No' } },
          ],
        },
      },
    });
  });

  it("shows the agent's typing to the customer as a WhatsApp typing indicator", async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenant, customer);

    await platform.genesys.sendTyping({ integrationId: tenant.integrationId, customerId: customer });
    const indicator = await eventually(
      async () =>
        (
          await platform.whatsapp.sends({
            phoneNumberId: tenant.phoneNumberId,
            kind: 'typing_indicator',
          })
        ).find((send) => JSON.stringify(send.payload).includes('typing_indicator')),
      15_000,
      'a typing indicator',
    );

    expect(indicator.payload).toMatchObject({ status: 'read', typing_indicator: { type: 'text' } });
  });

  it('answers a reply to a customer Switchboard has no conversation with by a Failed receipt', async () => {
    const stranger = nextCustomer();

    const reply = await agentReplies(platform, tenant, stranger, { text: 'Anyone there?' });
    const receipt = await waitForReceipt(platform, reply.messageId, 'Failed');

    expect(receipt.body).toMatchObject({
      isFinalReceipt: true,
      reasons: [{ code: expect.any(String), message: expect.stringMatching(/conversation/i) }],
    });
    expect(await sendsTo(platform, tenant, stranger)).toHaveLength(0);
  });

  it('does not send outside the 24-hour window: Failed receipt with MessageExpired', async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenant, customer);
    await platform.ageConversation(tenant.tenantId, tenant.phoneNumberId, customer, 25 * 3_600_000);

    const reply = await agentReplies(platform, tenant, customer, { text: 'Are you still there?' });
    const receipt = await waitForReceipt(platform, reply.messageId, 'Failed');

    expect(receipt.body).toMatchObject({ reasons: [{ code: 'MessageExpired' }], isFinalReceipt: true });
    expect(await sendsTo(platform, tenant, customer)).toHaveLength(0);
  });
});
