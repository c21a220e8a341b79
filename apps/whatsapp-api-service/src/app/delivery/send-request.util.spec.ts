import type { StoredOutboundMedia } from '@switchboard/shared-contracts';
import { InvalidSendRequestError } from '../graph/whatsapp.errors';
import { completeSendRequest } from './send-request.util';

const CUSTOMER = '15551234567';

const media: StoredOutboundMedia = {
  kind: 'image',
  bucket: 'media-outbound',
  key: 'tenant-a/g-1/0',
  mimeType: 'image/png',
  sizeBytes: 1234,
  sha256: 'a'.repeat(64),
};

const text = (body: string, to = CUSTOMER) => ({
  request: { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } },
});

describe(completeSendRequest.name, () => {
  it('keeps a valid text send as it is', () => {
    expect(completeSendRequest(text('Hello'), CUSTOMER)).toEqual(text('Hello').request);
  });

  it('puts the uploaded media id into the media object, keeping the caption', () => {
    const sut = completeSendRequest(
      {
        request: {
          messaging_product: 'whatsapp',
          to: CUSTOMER,
          type: 'image',
          image: { caption: 'The receipt' },
        },
        media,
      },
      CUSTOMER,
      '4142352417329150',
    );

    expect(sut).toEqual({
      messaging_product: 'whatsapp',
      to: CUSTOMER,
      type: 'image',
      image: { caption: 'The receipt', id: '4142352417329150' },
    });
  });

  it('sends media by id only, even if a link came along', () => {
    const sut = completeSendRequest(
      {
        request: {
          messaging_product: 'whatsapp',
          to: CUSTOMER,
          type: 'image',
          image: { link: 'https://x.test/a.png' },
        },
        media,
      },
      CUSTOMER,
      'media-1',
    );

    expect(sut).toMatchObject({ image: { id: 'media-1' } });
    expect(sut).not.toHaveProperty('image.link');
  });

  it('does not change the part it was given (a retry completes it again)', () => {
    const part = {
      request: { messaging_product: 'whatsapp', to: CUSTOMER, type: 'image', image: {} },
      media,
    };

    completeSendRequest(part, CUSTOMER, 'media-1');

    expect(part.request.image).toEqual({});
  });

  it('refuses a body WhatsApp would refuse, naming the field', () => {
    expect(() => completeSendRequest(text(''), CUSTOMER)).toThrow(
      /^invalid WhatsApp send body: text\.body: /,
    );
    expect(() => completeSendRequest(text(''), CUSTOMER)).toThrow(InvalidSendRequestError);
  });

  it('refuses a caption on audio (strict objects)', () => {
    const part = {
      request: { messaging_product: 'whatsapp', to: CUSTOMER, type: 'audio', audio: { caption: 'no' } },
      media: { ...media, kind: 'audio' as const, mimeType: 'audio/ogg' },
    };

    expect(() => completeSendRequest(part, CUSTOMER, 'media-1')).toThrow(/audio\.caption/);
  });

  it('refuses a send addressed to another customer than the delivery’s', () => {
    expect(() => completeSendRequest(text('Hi', '15559999999'), CUSTOMER)).toThrow(
      "invalid WhatsApp send body: addressed to another customer than the delivery's (15551234567)",
    );
    expect(completeSendRequest(text('Hi', '+1 555 123 4567'), CUSTOMER).to).toBe('+1 555 123 4567');
  });

  it('refuses an attachment whose kind is not the send’s type', () => {
    const part = {
      request: { messaging_product: 'whatsapp', to: CUSTOMER, type: 'video', video: {} },
      media,
    };

    expect(() => completeSendRequest(part, CUSTOMER, 'media-1')).toThrow(
      'invalid WhatsApp send body: the attachment is image, the send of type video',
    );
  });
});
