import { validateWhatsAppInboundMessage, type WhatsAppInboundMessage } from '@switchboard/shared-contracts';
import { sampleItem } from '../../testing/samples.util';
import type { MediaOutcome } from '../media/media-relay.service';
import { mapInboundMessage, type ResolvedMessageParts } from './inbound-message.mapper';

function message(
  sampleName: string,
  change?: (item: Record<string, unknown>) => void,
): WhatsAppInboundMessage {
  const { item } = sampleItem(sampleName);
  change?.(item);
  const validated = validateWhatsAppInboundMessage(item);
  if (!validated.ok) throw new Error(`sample ${sampleName} is invalid: ${JSON.stringify(validated.errors)}`);
  return validated.value;
}

function stored(
  mediaType: 'Image' | 'Audio' | 'Video' | 'File',
  mime: string,
  filename: string,
  text?: string,
): MediaOutcome {
  return {
    kind: 'stored',
    attachment: {
      mediaType,
      url: 'https://media.example.com/presigned?X-Amz-Signature=abc',
      mime,
      filename,
      sha256: 'ab'.repeat(32),
      ...(text ? { text } : {}),
    },
  };
}

function map(
  sampleName: string,
  parts?: ResolvedMessageParts,
  change?: (item: Record<string, unknown>) => void,
) {
  return mapInboundMessage(message(sampleName, change), parts);
}

describe(mapInboundMessage.name, () => {
  describe('text', () => {
    it('passes the body on as text', () => {
      expect(map('wa-inbound-text')).toEqual({
        text: 'Hi, I need help with my order',
        customAttributes: { whatsappMessageType: 'text' },
      });
    });

    it('names the quoted message by its Genesys id when it was tracked', () => {
      const sut = map('wa-inbound-reply-context', {
        quoted: { whatsappMessageId: 'wamid.FAKEOUT0005', genesysMessageId: 'genesys-msg-5' },
      });

      expect(sut).toEqual({
        text: '[Reply to message genesys-msg-5]\nYes, that one',
        customAttributes: {
          whatsappMessageType: 'text',
          replyToWhatsAppMessageId: 'wamid.FAKEOUT0005',
          replyToGenesysMessageId: 'genesys-msg-5',
        },
      });
    });

    it('names the quoted message by its wamid when Switchboard does not know it', () => {
      const sut = map('wa-inbound-reply-context');

      expect(sut.text).toBe('[Reply to message wamid.FAKEOUT0005]\nYes, that one');
      expect(sut.customAttributes).toEqual({
        whatsappMessageType: 'text',
        replyToWhatsAppMessageId: 'wamid.FAKEOUT0005',
      });
    });

    it('notes a forwarded and a frequently forwarded message', () => {
      const forwarded = map('wa-inbound-text', {}, (item) => (item['context'] = { forwarded: true }));
      const often = map('wa-inbound-text', {}, (item) => (item['context'] = { frequently_forwarded: true }));

      expect(forwarded.text).toBe('[Forwarded]\nHi, I need help with my order');
      expect(forwarded.customAttributes['forwarded']).toBe('true');
      expect(often.text).toBe('[Forwarded many times]\nHi, I need help with my order');
      expect(often.customAttributes['forwarded']).toBe('frequently');
    });

    it('notes the ad the customer came from', () => {
      const sut = map('wa-inbound-text', {}, (item) => {
        item['referral'] = {
          source_url: 'https://fb.me/ad1',
          source_type: 'ad',
          source_id: '42',
          headline: 'Sale',
        };
      });

      expect(sut.text).toBe('[Came from an ad: Sale (https://fb.me/ad1)]\nHi, I need help with my order');
      expect(sut.customAttributes).toMatchObject({
        referralSourceType: 'ad',
        referralSourceId: '42',
        referralSourceUrl: 'https://fb.me/ad1',
      });
    });
  });

  describe('media', () => {
    it('sends an image as an attachment with its caption as text', () => {
      const media = stored('Image', 'image/jpeg', 'image-880011223344556.jpg', 'Photo of the damaged box');

      expect(map('wa-inbound-image', { media })).toEqual({
        text: 'Photo of the damaged box',
        content: [{ contentType: 'Attachment', attachment: media.kind === 'stored' && media.attachment }],
        customAttributes: { whatsappMessageType: 'image', mediaId: '880011223344556' },
      });
    });

    it('sends an image without a caption as an attachment only', () => {
      const media = stored('Image', 'image/jpeg', 'image-880011223344556.jpg');

      const sut = map(
        'wa-inbound-image',
        { media },
        (item) => delete (item['image'] as Record<string, unknown>)['caption'],
      );

      expect(sut.text).toBeUndefined();
      expect(sut.content).toHaveLength(1);
    });

    it('says "Voice message" beside a voice note', () => {
      const media = stored('Audio', 'audio/ogg; codecs=opus', 'audio-880011223344557.ogg');

      expect(map('wa-inbound-audio', { media })).toEqual({
        text: 'Voice message',
        content: [{ contentType: 'Attachment', attachment: media.kind === 'stored' && media.attachment }],
        customAttributes: { whatsappMessageType: 'audio', mediaId: '880011223344557' },
      });
    });

    it('sends a video with its caption', () => {
      const media = stored('Video', 'video/mp4', 'video-880011223344558.mp4', 'Unboxing');

      const sut = map('wa-inbound-video', { media });

      expect(sut.text).toBe('Unboxing');
      expect(sut.content?.[0]?.attachment.mediaType).toBe('Video');
      expect(sut.customAttributes).toEqual({ whatsappMessageType: 'video', mediaId: '880011223344558' });
    });

    it('sends a document as a file with its caption', () => {
      const media = stored('File', 'application/pdf', 'invoice-1001.pdf', 'My invoice');

      const sut = map('wa-inbound-document', { media });

      expect(sut.text).toBe('My invoice');
      expect(sut.content).toEqual([
        { contentType: 'Attachment', attachment: media.kind === 'stored' && media.attachment },
      ]);
      expect(sut.customAttributes).toEqual({ whatsappMessageType: 'document', mediaId: '880011223344559' });
    });

    it('labels a sticker', () => {
      const media = stored('Image', 'image/webp', 'sticker-880011223344560.webp');

      const sut = map('wa-inbound-sticker', { media });

      expect(sut.text).toBe('Sticker');
      expect(sut.content?.[0]?.attachment).toMatchObject({ mediaType: 'Image', mime: 'image/webp' });
      expect(sut.customAttributes).toEqual({ whatsappMessageType: 'sticker', mediaId: '880011223344560' });
    });

    it('tells the agent what the customer sent when the media cannot be retrieved', () => {
      const sut = map('wa-inbound-image', {
        media: { kind: 'unavailable', reason: 'the file exceeds 5 MB' },
      });

      expect(sut).toEqual({
        text:
          '[The customer sent an image that could not be retrieved: the file exceeds 5 MB]\n' +
          'Caption: Photo of the damaged box',
        customAttributes: {
          whatsappMessageType: 'image',
          mediaId: '880011223344556',
          mediaUnavailableReason: 'the file exceeds 5 MB',
        },
      });
    });

    it('names a voice note and a document by what they are when they are unavailable', () => {
      const unavailable: MediaOutcome = {
        kind: 'unavailable',
        reason: 'the media no longer exists on WhatsApp',
      };

      expect(map('wa-inbound-audio', { media: unavailable }).text).toBe(
        '[The customer sent a voice message that could not be retrieved: the media no longer exists on WhatsApp]',
      );
      expect(map('wa-inbound-document', { media: unavailable }).text).toBe(
        '[The customer sent a document (invoice-1001.pdf) that could not be retrieved: the media no longer exists on WhatsApp]\nCaption: My invoice',
      );
    });
  });

  it('renders a location with its name, address, coordinates and a map link', () => {
    expect(map('wa-inbound-location')).toEqual({
      text: [
        'Shared a location: Example Store',
        '1 Example Street, Berlin',
        'Coordinates: 52.520008, 13.404954',
        'Map: https://maps.google.com/?q=52.520008,13.404954',
        'Link: https://maps.example.com/?q=example-store',
      ].join('\n'),
      customAttributes: {
        whatsappMessageType: 'location',
        locationLatitude: '52.520008',
        locationLongitude: '13.404954',
      },
    });
  });

  it('renders shared contacts with their names and phones', () => {
    expect(map('wa-inbound-contacts')).toEqual({
      text: 'Shared a contact: John Sample\nPhone: +1 555-010-0300 (CELL, WhatsApp 15550100300)',
      customAttributes: { whatsappMessageType: 'contacts', sharedContactCount: '1' },
    });
  });

  it('renders several shared contacts one after the other', () => {
    const sut = map('wa-inbound-contacts', {}, (item) => {
      const contacts = item['contacts'] as unknown[];
      contacts.push({
        name: { formatted_name: 'Ann Other' },
        emails: [{ email: 'ann@example.com', type: 'WORK' }],
      });
    });

    expect(sut.text).toBe(
      'Shared 2 contacts:\n\nJohn Sample\nPhone: +1 555-010-0300 (CELL, WhatsApp 15550100300)\n\nAnn Other\nEmail: ann@example.com (WORK)',
    );
  });

  it('renders a reply button as the option selected, with the replied message', () => {
    expect(map('wa-inbound-interactive-button-reply')).toEqual({
      text: '[Reply to message wamid.FAKEOUT0001]\nSelected: Yes',
      customAttributes: {
        whatsappMessageType: 'interactive',
        replyToWhatsAppMessageId: 'wamid.FAKEOUT0001',
        interactiveType: 'button_reply',
        interactiveReplyId: 'opt_yes',
      },
    });
  });

  it('renders a list reply with its description', () => {
    const sut = map('wa-inbound-interactive-list-reply', {
      quoted: { whatsappMessageId: 'wamid.FAKEOUT0002', genesysMessageId: 'genesys-msg-2' },
    });

    expect(sut).toEqual({
      text: '[Reply to message genesys-msg-2]\nSelected: Billing (Invoices and payments)',
      customAttributes: {
        whatsappMessageType: 'interactive',
        replyToWhatsAppMessageId: 'wamid.FAKEOUT0002',
        replyToGenesysMessageId: 'genesys-msg-2',
        interactiveType: 'list_reply',
        interactiveReplyId: 'topic_billing',
      },
    });
  });

  it('renders a template quick-reply button as its text with the payload as an attribute', () => {
    expect(map('wa-inbound-button')).toEqual({
      text: '[Reply to message wamid.FAKEOUT0003]\nConfirm',
      customAttributes: {
        whatsappMessageType: 'button',
        replyToWhatsAppMessageId: 'wamid.FAKEOUT0003',
        buttonPayload: 'TEMPLATE_QR_CONFIRM',
      },
    });
  });

  it('renders a reaction naming the message reacted to by its Genesys id', () => {
    const sut = map('wa-inbound-reaction', {
      reactedTo: { whatsappMessageId: 'wamid.FAKEOUT0004', genesysMessageId: 'genesys-msg-4' },
    });

    expect(sut).toEqual({
      text: 'Reacted 👍 to message genesys-msg-4',
      customAttributes: {
        whatsappMessageType: 'reaction',
        reactionEmoji: '👍',
        reactionToWhatsAppMessageId: 'wamid.FAKEOUT0004',
        reactionToGenesysMessageId: 'genesys-msg-4',
      },
    });
  });

  it('renders a removed reaction (empty emoji) by the wamid when the message is not tracked', () => {
    const sut = map(
      'wa-inbound-reaction',
      {},
      (item) => ((item['reaction'] as Record<string, unknown>)['emoji'] = ''),
    );

    expect(sut).toEqual({
      text: 'Removed their reaction from message wamid.FAKEOUT0004',
      customAttributes: {
        whatsappMessageType: 'reaction',
        reactionRemoved: 'true',
        reactionToWhatsAppMessageId: 'wamid.FAKEOUT0004',
      },
    });
  });

  it('renders an order with its catalog, items, quantities, prices and total', () => {
    expect(map('wa-inbound-order')).toEqual({
      text: [
        'Placed an order from catalog 123456789012345:',
        '- SKU-001 × 2 at 9.99 EUR = 19.98 EUR',
        'Total: 19.98 EUR',
        'Note: Please deliver tomorrow',
      ].join('\n'),
      customAttributes: {
        whatsappMessageType: 'order',
        orderCatalogId: '123456789012345',
        orderItemCount: '1',
      },
    });
  });

  it('leaves the total out of an order in several currencies', () => {
    const sut = map('wa-inbound-order', {}, (item) => {
      const order = item['order'] as { product_items: unknown[] };
      order.product_items.push({
        product_retailer_id: 'SKU-002',
        quantity: 1,
        item_price: 5,
        currency: 'USD',
      });
    });

    expect(sut.text).not.toContain('Total');
    expect(sut.text).toContain('- SKU-002 × 1 at 5 USD = 5 USD');
  });

  it('tells the agent the customer sent an unsupported message, with its type and error', () => {
    expect(map('wa-inbound-unsupported')).toEqual({
      text:
        '[The customer sent a message WhatsApp cannot show here (type: unknown). WhatsApp reported error 131051 ' +
        '(Message type unknown): Message type is currently not supported. Ask them to send it another way, for example as text.]',
      customAttributes: { whatsappMessageType: 'unsupported', whatsappErrorCode: '131051' },
    });
  });

  it('names the unsupported type when WhatsApp gives it', () => {
    const sut = map('wa-inbound-unsupported', {}, (item) => (item['unsupported'] = { type: 'poll' }));

    expect(sut.text).toContain('(type: poll)');
  });

  it('tells the agent about a message type Switchboard does not know yet', () => {
    const sut = map('wa-inbound-text', {}, (item) => {
      item['type'] = 'poll';
      delete item['text'];
      item['poll'] = { question: 'Which?' };
    });

    expect(sut).toEqual({
      text: '[The customer sent a message Switchboard cannot show yet (type: poll). Ask them to send it another way, for example as text.]',
      customAttributes: { whatsappMessageType: 'poll' },
    });
  });

  it('adds WhatsApp errors reported on an otherwise known message', () => {
    const sut = map('wa-inbound-text', {}, (item) => {
      item['errors'] = [{ code: 131052, title: 'Media download error' }];
    });

    expect(sut.text).toBe(
      'Hi, I need help with my order\n[WhatsApp reported a problem with this message: error 131052 (Media download error)]',
    );
    expect(sut.customAttributes['whatsappErrorCode']).toBe('131052');
  });

  it('tells the agent the customer changed number', () => {
    const sut = map('wa-inbound-text', {}, (item) => {
      item['type'] = 'system';
      delete item['text'];
      item['system'] = { type: 'customer_changed_number', wa_id: '15559876543', customer: '15551234567' };
    });

    expect(sut).toEqual({
      text: '[The customer changed their WhatsApp number from 15551234567 to 15559876543.]',
      customAttributes: {
        whatsappMessageType: 'system',
        systemEvent: 'customer_changed_number',
        newCustomerWaId: '15559876543',
      },
    });
  });
});
