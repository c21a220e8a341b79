import {
  corruptedSample,
  expectErrorAt,
  expectValid,
  REMOVE,
  type SampleCorruption,
  withValueAt,
} from '../../testing/corrupt-sample';
import { loadSample } from '../../testing/load-sample';
import { formatValidationErrors } from '../validation/validation.util';
import {
  validateWhatsAppGraphError,
  validateWhatsAppInboundMessage,
  validateWhatsAppMarkReadRequest,
  validateWhatsAppMediaUploadResponse,
  validateWhatsAppMediaUrlResponse,
  validateWhatsAppSendMessageRequest,
  validateWhatsAppSendMessageResponse,
  validateWhatsAppTypingIndicatorRequest,
  validateWhatsAppWebhook,
} from './whatsapp-validators.util';

const VALUE = 'entry.0.changes.0.value';
const MESSAGE = `${VALUE}.messages.0`;
const STATUS = `${VALUE}.statuses.0`;

function firstMessageOf(sample: string): unknown {
  const webhook = expectValid(validateWhatsAppWebhook(loadSample(sample)));
  const [change] = webhook.entry[0].changes;
  if (change.field !== 'messages' || change.value.messages === undefined) {
    throw new Error(`${sample} has no message`);
  }
  return change.value.messages[0];
}

interface RawWebhookSample {
  readonly entry: readonly {
    readonly changes: readonly { readonly value: { readonly messages: readonly object[] } }[];
  }[];
}

/** A copy of the first message of an inbound sample, as Meta sent it (before validation). */
function rawFirstMessageOf(sample: string): Record<string, unknown> {
  const webhook = loadSample(sample) as RawWebhookSample;
  return { ...webhook.entry[0].changes[0].value.messages[0] };
}

describe(validateWhatsAppWebhook.name, () => {
  const sut = validateWhatsAppWebhook;

  it.each<SampleCorruption>([
    { name: 'a message without id', sample: 'wa-inbound-text.json', path: `${MESSAGE}.id`, value: REMOVE },
    {
      name: 'a message without from',
      sample: 'wa-inbound-text.json',
      path: `${MESSAGE}.from`,
      value: REMOVE,
    },
    { name: 'an empty message id', sample: 'wa-inbound-text.json', path: `${MESSAGE}.id`, value: '' },
    {
      name: 'a non-numeric timestamp',
      sample: 'wa-inbound-text.json',
      path: `${MESSAGE}.timestamp`,
      value: 'yesterday',
    },
    {
      name: 'a numeric (not string) timestamp',
      sample: 'wa-inbound-text.json',
      path: `${MESSAGE}.timestamp`,
      value: 1767225600,
    },
    {
      name: 'a message without type',
      sample: 'wa-inbound-text.json',
      path: `${MESSAGE}.type`,
      value: REMOVE,
    },
    {
      name: 'a text message without body',
      sample: 'wa-inbound-text.json',
      path: `${MESSAGE}.text.body`,
      value: REMOVE,
    },
    {
      name: 'a text payload that is a string',
      sample: 'wa-inbound-text.json',
      path: `${MESSAGE}.text`,
      value: 'Hi',
    },
    {
      name: 'an image without media id',
      sample: 'wa-inbound-image.json',
      path: `${MESSAGE}.image.id`,
      value: REMOVE,
    },
    {
      name: 'an image without mime type',
      sample: 'wa-inbound-image.json',
      path: `${MESSAGE}.image.mime_type`,
      value: REMOVE,
    },
    {
      name: 'a voice flag that is a string',
      sample: 'wa-inbound-audio.json',
      path: `${MESSAGE}.audio.voice`,
      value: 'yes',
    },
    {
      name: 'a video without its payload',
      sample: 'wa-inbound-video.json',
      path: `${MESSAGE}.video`,
      value: REMOVE,
    },
    {
      name: 'a document without media id',
      sample: 'wa-inbound-document.json',
      path: `${MESSAGE}.document.id`,
      value: REMOVE,
    },
    {
      name: 'a sticker with a string animated flag',
      sample: 'wa-inbound-sticker.json',
      path: `${MESSAGE}.sticker.animated`,
      value: 'no',
    },
    {
      name: 'a latitude given as a string',
      sample: 'wa-inbound-location.json',
      path: `${MESSAGE}.location.latitude`,
      value: '52.52',
    },
    {
      name: 'a location without longitude',
      sample: 'wa-inbound-location.json',
      path: `${MESSAGE}.location.longitude`,
      value: REMOVE,
    },
    {
      name: 'an empty shared-contacts list',
      sample: 'wa-inbound-contacts.json',
      path: `${MESSAGE}.contacts`,
      value: [],
    },
    {
      name: 'a shared contact without formatted name',
      sample: 'wa-inbound-contacts.json',
      path: `${MESSAGE}.contacts.0.name.formatted_name`,
      value: REMOVE,
    },
    {
      name: 'an unknown interactive reply type',
      sample: 'wa-inbound-interactive-button-reply.json',
      path: `${MESSAGE}.interactive.type`,
      value: 'nfm_reply',
    },
    {
      name: 'a button reply without id',
      sample: 'wa-inbound-interactive-button-reply.json',
      path: `${MESSAGE}.interactive.button_reply.id`,
      value: REMOVE,
    },
    {
      name: 'a list reply without title',
      sample: 'wa-inbound-interactive-list-reply.json',
      path: `${MESSAGE}.interactive.list_reply.title`,
      value: REMOVE,
    },
    {
      name: 'a template button without payload',
      sample: 'wa-inbound-button.json',
      path: `${MESSAGE}.button.payload`,
      value: REMOVE,
    },
    {
      name: 'a reaction without target',
      sample: 'wa-inbound-reaction.json',
      path: `${MESSAGE}.reaction.message_id`,
      value: REMOVE,
    },
    {
      name: 'an order quantity given as a string',
      sample: 'wa-inbound-order.json',
      path: `${MESSAGE}.order.product_items.0.quantity`,
      value: 'two',
    },
    {
      name: 'an order without items',
      sample: 'wa-inbound-order.json',
      path: `${MESSAGE}.order.product_items`,
      value: [],
    },
    {
      name: 'an unsupported message without errors',
      sample: 'wa-inbound-unsupported.json',
      path: `${MESSAGE}.errors`,
      value: REMOVE,
    },
    {
      name: 'an error code given as a string',
      sample: 'wa-inbound-unsupported.json',
      path: `${MESSAGE}.errors.0.code`,
      value: '131051',
    },
    {
      name: 'a reply context id that is a number',
      sample: 'wa-inbound-reply-context.json',
      path: `${MESSAGE}.context.id`,
      value: 42,
    },
    { name: 'an unknown status', sample: 'wa-status-read.json', path: `${STATUS}.status`, value: 'seen' },
    {
      name: 'a status without message id',
      sample: 'wa-status-sent.json',
      path: `${STATUS}.id`,
      value: REMOVE,
    },
    {
      name: 'a status with an ISO timestamp',
      sample: 'wa-status-delivered.json',
      path: `${STATUS}.timestamp`,
      value: '2026-01-01',
    },
    {
      name: 'a status without recipient',
      sample: 'wa-status-delivered.json',
      path: `${STATUS}.recipient_id`,
      value: REMOVE,
    },
    {
      name: 'a failed status error code as a string',
      sample: 'wa-status-failed-131047.json',
      path: `${STATUS}.errors.0.code`,
      value: '131047',
    },
    {
      name: 'a non-numeric conversation expiration',
      sample: 'wa-status-sent.json',
      path: `${STATUS}.conversation.expiration_timestamp`,
      value: 'tomorrow',
    },
    { name: 'another webhook object', sample: 'wa-inbound-text.json', path: 'object', value: 'page' },
    { name: 'an entry without WABA id', sample: 'wa-inbound-text.json', path: 'entry.0.id', value: REMOVE },
    {
      name: 'changes that are not a list',
      sample: 'wa-inbound-text.json',
      path: 'entry.0.changes',
      value: {},
    },
    {
      name: 'another messaging product',
      sample: 'wa-inbound-text.json',
      path: `${VALUE}.messaging_product`,
      value: 'sms',
    },
    {
      name: 'metadata without phone number id',
      sample: 'wa-inbound-text.json',
      path: `${VALUE}.metadata.phone_number_id`,
      value: REMOVE,
    },
    {
      name: 'a contact without wa_id',
      sample: 'wa-inbound-text.json',
      path: `${VALUE}.contacts.0.wa_id`,
      value: REMOVE,
    },
    {
      name: 'a system error code as a string',
      sample: 'wa-webhook-system-error.json',
      path: `${VALUE}.errors.0.code`,
      value: 'x',
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.errorPath ?? corruption.path);
  });

  it('names the malformed message of a batch and only that one', () => {
    const { from: _from, ...withoutFrom } = rawFirstMessageOf('wa-inbound-text.json');
    const batch = withValueAt(loadSample('wa-inbound-text.json'), `${VALUE}.messages.1`, {
      ...withoutFrom,
      id: 'wamid.SECOND',
    });

    const result = sut(batch);

    expect(result.ok ? [] : result.errors).toEqual([
      { path: `${VALUE}.messages.1.from`, message: 'Required' },
    ]);
    expect(result.ok ? '' : formatValidationErrors(result.errors)).toBe(
      'entry[0].changes[0].value.messages[1].from: Required',
    );
  });

  it('keeps a message of an unknown type, with its original type and raw object', () => {
    const poll = { ...rawFirstMessageOf('wa-inbound-text.json'), type: 'poll', poll: { question: 'Lunch?' } };
    Reflect.deleteProperty(poll, 'text');

    const webhook = expectValid(
      sut(withValueAt(loadSample('wa-inbound-text.json'), `${VALUE}.messages.0`, poll)),
    );

    const [change] = webhook.entry[0].changes;
    expect(change.field === 'messages' ? change.value.messages?.[0] : undefined).toEqual({
      type: 'unrecognized',
      originalType: 'poll',
      id: 'wamid.FAKEIN0001',
      from: '15551234567',
      timestamp: '1767225600',
      raw: poll,
    });
  });

  it('still requires the id of a message of an unknown type', () => {
    const poll = { ...rawFirstMessageOf('wa-inbound-text.json'), type: 'poll' };
    Reflect.deleteProperty(poll, 'id');

    expectErrorAt(
      sut(withValueAt(loadSample('wa-inbound-text.json'), `${VALUE}.messages.0`, poll)),
      `${MESSAGE}.id`,
    );
  });

  it('keeps a change of another subscription field without validating its value', () => {
    const change = { field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } };

    const webhook = expectValid(
      sut(withValueAt(loadSample('wa-inbound-text.json'), 'entry.0.changes.1', change)),
    );

    expect(webhook.entry[0].changes[1]).toEqual({
      field: 'unrecognized',
      originalField: 'account_update',
      raw: change,
    });
  });

  it('keeps fields Meta adds to a known message', () => {
    const sample = withValueAt(loadSample('wa-inbound-text.json'), `${MESSAGE}.text.new_field`, 'kept');

    const webhook = expectValid(sut(sample));

    expect(JSON.stringify(webhook)).toContain('"new_field":"kept"');
  });

  it('accepts a reaction without emoji (the reaction was removed)', () => {
    const sample = withValueAt(loadSample('wa-inbound-reaction.json'), `${MESSAGE}.reaction.emoji`, REMOVE);

    expect(sut(sample).ok).toBe(true);
  });
});

describe(validateWhatsAppInboundMessage.name, () => {
  const sut = validateWhatsAppInboundMessage;

  it('gives the same value when an already validated message is validated again', () => {
    const poll = { ...rawFirstMessageOf('wa-inbound-text.json'), type: 'poll' };
    const once = expectValid(sut(poll));

    expect(expectValid(sut(once))).toEqual(once);
  });

  it.each(['wa-inbound-image.json', 'wa-inbound-interactive-list-reply.json', 'wa-inbound-order.json'])(
    'accepts the message of %s on its own',
    (sample) => {
      expect(sut(firstMessageOf(sample)).ok).toBe(true);
    },
  );

  it('names the field of a lone message without the batch prefix', () => {
    const { from: _from, ...message } = rawFirstMessageOf('wa-inbound-text.json');

    expectErrorAt(sut(message), 'from');
  });
});

describe(validateWhatsAppSendMessageRequest.name, () => {
  const sut = validateWhatsAppSendMessageRequest;
  const replyButton = (id: string) => ({ type: 'reply', reply: { id, title: id } });

  it.each<SampleCorruption>([
    {
      name: 'a text body over 4096 characters',
      sample: 'wa-send-text-request.json',
      path: 'text.body',
      value: 'x'.repeat(4097),
    },
    { name: 'an empty text body', sample: 'wa-send-text-request.json', path: 'text.body', value: '' },
    {
      name: 'a missing messaging product',
      sample: 'wa-send-text-request.json',
      path: 'messaging_product',
      value: REMOVE,
    },
    {
      name: 'another messaging product',
      sample: 'wa-send-text-request.json',
      path: 'messaging_product',
      value: 'sms',
    },
    { name: 'no recipient', sample: 'wa-send-text-request.json', path: 'to', value: REMOVE },
    { name: 'an unknown message type', sample: 'wa-send-text-request.json', path: 'type', value: 'carousel' },
    {
      name: 'a field Meta does not accept',
      sample: 'wa-send-text-request.json',
      path: 'text.bold',
      value: true,
    },
    {
      name: 'an empty quoted message id',
      sample: 'wa-send-text-reply-request.json',
      path: 'context.message_id',
      value: '',
    },
    {
      name: 'a caption on audio',
      sample: 'wa-send-audio-request.json',
      path: 'audio.caption',
      value: 'Listen',
    },
    {
      name: 'a filename on an image',
      sample: 'wa-send-image-request.json',
      path: 'image.filename',
      value: 'a.jpg',
    },
    {
      name: 'both id and link',
      sample: 'wa-send-image-request.json',
      path: 'image.id',
      value: '990011223344556',
    },
    {
      name: 'neither id nor link',
      sample: 'wa-send-document-request.json',
      path: 'document.id',
      value: REMOVE,
    },
    {
      name: 'a non-http media link',
      sample: 'wa-send-image-request.json',
      path: 'image.link',
      value: 'ftp://media.example.com/a.jpg',
    },
    {
      name: 'four reply buttons',
      sample: 'wa-send-interactive-buttons-request.json',
      path: 'interactive.action.buttons',
      value: ['a', 'b', 'c', 'd'].map(replyButton),
    },
    {
      name: 'no reply buttons',
      sample: 'wa-send-interactive-buttons-request.json',
      path: 'interactive.action.buttons',
      value: [],
    },
    {
      name: 'a button title over 20 characters',
      sample: 'wa-send-interactive-buttons-request.json',
      path: 'interactive.action.buttons.0.reply.title',
      value: 'x'.repeat(21),
    },
    {
      name: 'a button id over 256 characters',
      sample: 'wa-send-interactive-buttons-request.json',
      path: 'interactive.action.buttons.0.reply.id',
      value: 'x'.repeat(257),
    },
    {
      name: 'a button that is not a reply button',
      sample: 'wa-send-interactive-buttons-request.json',
      path: 'interactive.action.buttons.1.type',
      value: 'url',
    },
    {
      name: 'an unknown interactive type',
      sample: 'wa-send-interactive-buttons-request.json',
      path: 'interactive.type',
      value: 'carousel',
    },
    {
      name: 'an interactive message without body',
      sample: 'wa-send-interactive-buttons-request.json',
      path: 'interactive.body',
      value: REMOVE,
    },
    {
      name: 'a template without language code',
      sample: 'wa-send-template-request.json',
      path: 'template.language.code',
      value: REMOVE,
    },
    {
      name: 'a template without name',
      sample: 'wa-send-template-request.json',
      path: 'template.name',
      value: '',
    },
    {
      name: 'a reaction without target',
      sample: 'wa-send-reaction-request.json',
      path: 'reaction.message_id',
      value: REMOVE,
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.errorPath ?? corruption.path);
  });

  it('accepts a text body of exactly 4096 characters', () => {
    expect(sut(withValueAt(loadSample('wa-send-text-request.json'), 'text.body', 'x'.repeat(4096))).ok).toBe(
      true,
    );
  });

  it('rejects a caption on a sticker', () => {
    const sticker = {
      messaging_product: 'whatsapp',
      to: '15551234567',
      type: 'sticker',
      sticker: { id: '1', caption: 'x' },
    };

    expectErrorAt(sut(sticker), 'sticker.caption');
  });

  it('accepts a list menu and refuses more than 10 rows across its sections', () => {
    const row = (id: string) => ({ id, title: `Topic ${id}` });
    const list = {
      messaging_product: 'whatsapp',
      to: '15551234567',
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'What is it about?' },
        action: { button: 'Topics', sections: [{ title: 'Billing', rows: [row('1'), row('2')] }] },
      },
    };
    const tooManyRows = withValueAt(list, 'interactive.action.sections.1', {
      rows: Array.from({ length: 9 }, (_, index) => row(`more-${index}`)),
    });

    expect(sut(list).ok).toBe(true);
    expectErrorAt(sut(tooManyRows), 'interactive.action.sections');
  });
});

describe(validateWhatsAppMarkReadRequest.name, () => {
  const sut = validateWhatsAppMarkReadRequest;

  it.each<SampleCorruption>([
    { name: 'another status', sample: 'wa-mark-read-request.json', path: 'status', value: 'delivered' },
    { name: 'no message id', sample: 'wa-mark-read-request.json', path: 'message_id', value: REMOVE },
    {
      name: 'an unknown typing indicator',
      sample: 'wa-mark-read-request.json',
      path: 'typing_indicator',
      value: { type: 'audio' },
      errorPath: 'typing_indicator.type',
    },
  ])('rejects $name, naming $errorPath', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.errorPath ?? corruption.path);
  });
});

describe(validateWhatsAppTypingIndicatorRequest.name, () => {
  const sut = validateWhatsAppTypingIndicatorRequest;

  it('accepts a mark-as-read with a text typing indicator and requires the indicator', () => {
    const markRead = loadSample('wa-mark-read-request.json');

    expect(sut(withValueAt(markRead, 'typing_indicator', { type: 'text' })).ok).toBe(true);
    expectErrorAt(sut(markRead), 'typing_indicator');
  });
});

describe(validateWhatsAppSendMessageResponse.name, () => {
  const sut = validateWhatsAppSendMessageResponse;

  it.each<SampleCorruption>([
    { name: 'no message', sample: 'wa-send-response.json', path: 'messages', value: [] },
    {
      name: 'a message without wamid',
      sample: 'wa-send-response.json',
      path: 'messages.0.id',
      value: REMOVE,
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });

  it('accepts a message status it does not know yet', () => {
    expect(
      sut(withValueAt(loadSample('wa-send-response.json'), 'messages.0.message_status', 'paused')).ok,
    ).toBe(true);
  });
});

describe(validateWhatsAppMediaUrlResponse.name, () => {
  const sut = validateWhatsAppMediaUrlResponse;

  it.each<SampleCorruption>([
    {
      name: 'a url that is not a URL',
      sample: 'wa-media-url-response.json',
      path: 'url',
      value: 'not a url',
    },
    {
      name: 'a non-numeric file size',
      sample: 'wa-media-url-response.json',
      path: 'file_size',
      value: 'big',
    },
    { name: 'no mime type', sample: 'wa-media-url-response.json', path: 'mime_type', value: REMOVE },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });

  it('accepts a numeric file size', () => {
    expect(sut(withValueAt(loadSample('wa-media-url-response.json'), 'file_size', 303833)).ok).toBe(true);
  });
});

describe(validateWhatsAppMediaUploadResponse.name, () => {
  it('rejects an upload response without media id', () => {
    expectErrorAt(validateWhatsAppMediaUploadResponse({}), 'id');
  });
});

describe(validateWhatsAppGraphError.name, () => {
  const sut = validateWhatsAppGraphError;

  it.each<SampleCorruption>([
    { name: 'a code given as a string', sample: 'wa-error-131047.json', path: 'error.code', value: '131047' },
    { name: 'no message', sample: 'wa-error-190.json', path: 'error.message', value: REMOVE },
    { name: 'no error object', sample: 'wa-error-130429.json', path: 'error', value: REMOVE },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });

  it('exposes the code to key on', () => {
    expect(expectValid(sut(loadSample('wa-error-131056.json'))).error.code).toBe(131056);
  });
});
