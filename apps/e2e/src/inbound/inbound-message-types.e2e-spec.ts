import { createHash } from 'node:crypto';
import {
  at,
  startPlatform,
  type Platform,
  type SeededTenant,
  deliveredMessageIds,
  type GenesysInboundRecord,
  eventually,
} from '@switchboard/backend-testing-platform';

const CUSTOMER = '15551230001';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('e2e-jpeg-body'.repeat(50))]);

interface Case {
  readonly name: string;
  readonly message: Record<string, unknown>;
  readonly check: (record: GenesysInboundRecord) => Promise<void> | void;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function fetchAttachment(url: string): Promise<{ bytes: Buffer; contentType: string | null }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return {
    bytes: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type'),
  };
}

function attachmentOf(record: GenesysInboundRecord) {
  const content = record.body['content'] as Array<{ attachment: Record<string, string> }> | undefined;
  expect(content).toHaveLength(1);
  return at(content ?? []).attachment;
}

/** The media checks every media type shares: the URL serves the bytes WhatsApp described. */
function mediaCase(
  name: string,
  message: Record<string, unknown>,
  expected: { mediaType: string; mime: RegExp; text?: RegExp },
): Case {
  return {
    name,
    message,
    check: async (record) => {
      const attachment = attachmentOf(record);
      expect(attachment['mediaType']).toBe(expected.mediaType);
      expect(attachment['mime']).toMatch(expected.mime);
      const { bytes, contentType } = await fetchAttachment(String(attachment['url']));
      expect(contentType).toBe(attachment['mime']);
      expect(sha256(bytes)).toBe(attachment['sha256']);
      if (message['contentBase64'])
        expect(bytes.equals(Buffer.from(message['contentBase64'] as string, 'base64'))).toBe(true);
      if (expected.text)
        expect(`${record.body['text'] ?? ''} ${attachment['text'] ?? ''}`).toMatch(expected.text);
    },
  };
}

const CASES: Case[] = [
  {
    name: 'text',
    message: { type: 'text', body: 'Hi, I need help with my order' },
    check: (r) => expect(r.body['text']).toBe('Hi, I need help with my order'),
  },
  mediaCase(
    'image',
    {
      type: 'image',
      caption: 'Photo of the damaged box',
      mimeType: 'image/jpeg',
      contentBase64: JPEG.toString('base64'),
    },
    { mediaType: 'Image', mime: /^image\/jpeg$/, text: /Photo of the damaged box/ },
  ),
  mediaCase(
    'audio (voice note)',
    { type: 'audio', voice: true },
    { mediaType: 'Audio', mime: /^audio\/ogg/ },
  ),
  mediaCase(
    'video',
    { type: 'video', caption: 'Unboxing' },
    { mediaType: 'Video', mime: /^video\//, text: /Unboxing/ },
  ),
  {
    ...mediaCase(
      'document',
      { type: 'document', filename: 'invoice-4711.pdf', caption: 'My invoice' },
      { mediaType: 'File', mime: /^application\/pdf$/, text: /My invoice/ },
    ),
  },
  mediaCase('sticker', { type: 'sticker', animated: false }, { mediaType: 'Image', mime: /^image\/webp$/ }),
  {
    name: 'location',
    message: {
      type: 'location',
      latitude: 52.520008,
      longitude: 13.404954,
      name: 'Alexanderplatz',
      address: '10178 Berlin',
    },
    check: (r) => {
      expect(r.body['text']).toMatch(/Alexanderplatz/);
      expect(r.body['text']).toMatch(/10178 Berlin/);
      expect(r.body['text']).toMatch(/52\.520008/);
      expect(r.body['text']).toMatch(/13\.404954/);
    },
  },
  {
    name: 'contacts',
    message: {
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'Maria Example', first_name: 'Maria' },
          phones: [{ phone: '+49 30 1234567', type: 'WORK' }],
        },
      ],
    },
    check: (r) => {
      expect(r.body['text']).toMatch(/Maria Example/);
      expect(r.body['text']).toMatch(/\+49 30 1234567/);
    },
  },
  {
    name: 'interactive button reply',
    message: { type: 'button_reply', replyId: 'track-order', title: 'Track my order' },
    check: (r) => expect(r.body['text']).toMatch(/Track my order/),
  },
  {
    name: 'interactive list reply',
    message: { type: 'list_reply', replyId: 'size-m', title: 'Size M', description: 'Medium' },
    check: (r) => expect(r.body['text']).toMatch(/Size M/),
  },
  {
    name: 'template quick-reply button',
    message: { type: 'button', payload: 'CONFIRM', text: 'Yes, confirm' },
    check: (r) => expect(r.body['text']).toMatch(/Yes, confirm/),
  },
  {
    name: 'reaction',
    message: { type: 'reaction', messageId: 'wamid.e2e-agent-message', emoji: '👍' },
    check: (r) => {
      expect(r.body['text']).toMatch(/👍/);
      expect(JSON.stringify(r.body)).toContain('wamid.e2e-agent-message');
    },
  },
  {
    name: 'order',
    message: {
      type: 'order',
      catalogId: 'catalog-1',
      text: 'Please deliver fast',
      productItems: [{ productRetailerId: 'SKU-123', quantity: 2, itemPrice: 9.99, currency: 'EUR' }],
    },
    check: (r) => {
      expect(r.body['text']).toMatch(/SKU-123/);
      expect(r.body['text']).toMatch(/2/);
      expect(r.body['text']).toMatch(/EUR/);
    },
  },
  {
    name: 'unsupported',
    message: { type: 'unsupported', unsupportedType: 'poll' },
    check: (r) => expect(String(r.body['text']).length).toBeGreaterThan(10),
  },
  {
    name: 'reply with context',
    message: {
      type: 'text',
      body: 'Yes, that one',
      context: { id: 'wamid.e2e-quoted', from: '15550000000' },
    },
    check: (r) => {
      expect(r.body['text']).toMatch(/Yes, that one/);
      expect(JSON.stringify(r.body)).toContain('wamid.e2e-quoted');
    },
  },
];

describe('inbound: every WhatsApp message type reaches Genesys', () => {
  let platform: Platform;
  let tenant: SeededTenant;

  beforeAll(async () => {
    platform = await startPlatform({ label: 'types' });
    tenant = at(platform.tenants);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it.each(CASES.map((c) => [c.name, c] as const))(
    'delivers %s as a readable Genesys message',
    async (_name, testCase) => {
      const sent = await platform.whatsapp.deliverInbound({
        phoneNumberId: tenant.phoneNumberId,
        messages: [{ from: CUSTOMER, profileName: 'Jane Example', ...testCase.message }],
      });
      expect(sent.delivery.state).toBe('delivered');
      const wamid = at(deliveredMessageIds(sent));

      const record = await eventually(
        async () => {
          const found = await platform.genesys.acceptedMessages(wamid);
          return found[0];
        },
        20_000,
        `${testCase.name} at the Genesys simulator`,
      );

      expect(record.integrationId).toBe(tenant.integrationId);
      expect(record.body['channel']).toMatchObject({
        from: { id: CUSTOMER, idType: 'Opaque', nickname: 'Jane Example' },
        messageId: wamid,
      });
      await testCase.check(record);
    },
  );

  it('stores the conversation id Genesys returned and threads the next message into it', async () => {
    const customer = '15551230002';
    const first = await platform.whatsapp.deliverInbound({
      phoneNumberId: tenant.phoneNumberId,
      messages: [{ type: 'text', from: customer, body: 'first' }],
    });
    const firstRecord = await eventually(
      async () => {
        const found = await platform.genesys.acceptedMessages(at(deliveredMessageIds(first)));
        return found[0];
      },
      20_000,
      'the first message',
    );
    const stored = await eventually(
      () =>
        platform.stateManager
          .activeConversation(tenant.tenantId, tenant.phoneNumberId, customer)
          .then((c) => c ?? undefined),
      10_000,
      'the conversation mapping',
    );

    expect(stored.conversationId).toBe(firstRecord.conversationId);
    expect(stored.conversationId).not.toBe(firstRecord.genesysMessageId);
    expect(stored.integrationId).toBe(tenant.integrationId);

    const second = await platform.whatsapp.deliverInbound({
      phoneNumberId: tenant.phoneNumberId,
      messages: [{ type: 'text', from: customer, body: 'second' }],
    });
    const secondWamid = at(deliveredMessageIds(second));
    const secondRecord = await eventually(
      async () => {
        const found = await platform.genesys.acceptedMessages(secondWamid);
        return found[0];
      },
      20_000,
      'the second message',
    );
    expect(secondRecord.conversationId).toBe(stored.conversationId);
    const tracked = await eventually(
      () =>
        platform.stateManager.messageByWhatsAppId(tenant.tenantId, secondWamid).then((m) => m ?? undefined),
      10_000,
      'the tracked second message',
    );
    expect(tracked).toMatchObject({
      direction: 'inbound',
      genesysMessageId: secondRecord.genesysMessageId,
      conversationId: stored.conversationId,
    });
  });
});
