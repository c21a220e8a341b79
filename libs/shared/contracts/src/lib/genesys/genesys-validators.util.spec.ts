import {
  corruptedSample,
  expectErrorAt,
  expectValid,
  REMOVE,
  type SampleCorruption,
  withValueAt,
} from '../../testing/corrupt-sample';
import { loadSample } from '../../testing/load-sample';
import {
  validateGenesysErrorBody,
  validateGenesysInboundMessage,
  validateGenesysInboundMessageResponse,
  validateGenesysInboundMessageResponseWithConversation,
  validateGenesysInboundTypingEvent,
  validateGenesysIntegration,
  validateGenesysIntegrationRequest,
  validateGenesysLegacyInboundMessage,
  validateGenesysOutboundWebhook,
  validateGenesysRateLimitErrorBody,
  validateGenesysReceipt,
  validateGenesysStructuredResponse,
  validateGenesysTokenResponse,
} from './genesys-validators.util';

describe(validateGenesysInboundMessage.name, () => {
  const sut = validateGenesysInboundMessage;

  it.each<SampleCorruption>([
    {
      name: 'a sender without id',
      sample: 'genesys-inbound-request.json',
      path: 'channel.from.id',
      value: REMOVE,
    },
    {
      name: 'an unknown id type',
      sample: 'genesys-inbound-request.json',
      path: 'channel.from.idType',
      value: 'WhatsApp',
    },
    {
      name: 'a time that is not ISO-8601',
      sample: 'genesys-inbound-request.json',
      path: 'channel.time',
      value: 'yesterday',
    },
    { name: 'no time', sample: 'genesys-inbound-request.json', path: 'channel.time', value: REMOVE },
    { name: 'neither text nor content', sample: 'genesys-inbound-request.json', path: 'text', value: REMOVE },
    {
      name: 'a custom attribute that is not a string',
      sample: 'genesys-inbound-request.json',
      path: 'channel.metadata.customAttributes.tenantId',
      value: 42,
    },
    {
      name: 'an unknown media type',
      sample: 'genesys-inbound-attachment-request.json',
      path: 'content.0.attachment.mediaType',
      value: 'Sticker',
    },
    {
      name: 'an attachment without url',
      sample: 'genesys-inbound-attachment-request.json',
      path: 'content.0.attachment.url',
      value: REMOVE,
    },
    {
      name: 'an attachment without mime',
      sample: 'genesys-inbound-attachment-request.json',
      path: 'content.0.attachment.mime',
      value: REMOVE,
    },
    {
      name: 'an attachment url that is not a URL',
      sample: 'genesys-inbound-attachment-request.json',
      path: 'content.0.attachment.url',
      value: 'media/photo.jpg',
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.errorPath ?? corruption.path);
  });

  it('accepts an attachment without text', () => {
    expect(sut(withValueAt(loadSample('genesys-inbound-attachment-request.json'), 'text', REMOVE)).ok).toBe(
      true,
    );
  });
});

describe(validateGenesysLegacyInboundMessage.name, () => {
  const sut = validateGenesysLegacyInboundMessage;

  it.each<SampleCorruption>([
    {
      name: 'an outbound direction',
      sample: 'genesys-inbound-legacy-request.json',
      path: 'direction',
      value: 'Outbound',
    },
    {
      name: 'no integration id',
      sample: 'genesys-inbound-legacy-request.json',
      path: 'channel.to.id',
      value: REMOVE,
    },
    {
      name: 'another platform',
      sample: 'genesys-inbound-legacy-request.json',
      path: 'channel.platform',
      value: 'Facebook',
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });
});

describe(validateGenesysInboundMessageResponse.name, () => {
  const sut = validateGenesysInboundMessageResponse;

  it('accepts a response without conversationId (Genesys omits it without prefetchConversationId)', () => {
    expect(sut(withValueAt(loadSample('genesys-inbound-response.json'), 'conversationId', REMOVE)).ok).toBe(
      true,
    );
  });

  it('rejects a response without the Genesys message id', () => {
    expectErrorAt(sut(withValueAt(loadSample('genesys-inbound-response.json'), 'id', REMOVE)), 'id');
  });

  it('keeps the message id and the conversation id apart', () => {
    const response = expectValid(sut(loadSample('genesys-inbound-response.json')));

    expect(response.id).toBe('0f9e8d7c6b5a49382716a5b4c3d2e1f0');
    expect(response.conversationId).toBe('b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e');
  });
});

describe(validateGenesysInboundMessageResponseWithConversation.name, () => {
  const sut = validateGenesysInboundMessageResponseWithConversation;

  it.each<SampleCorruption>([
    {
      name: 'no conversationId',
      sample: 'genesys-inbound-response.json',
      path: 'conversationId',
      value: REMOVE,
    },
    {
      name: 'an empty conversationId',
      sample: 'genesys-inbound-response.json',
      path: 'conversationId',
      value: '',
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });
});

describe(validateGenesysInboundTypingEvent.name, () => {
  const sut = validateGenesysInboundTypingEvent;

  it.each<SampleCorruption>([
    {
      name: 'an event other than Typing',
      sample: 'genesys-inbound-event-typing-request.json',
      path: 'events.0.eventType',
      value: 'Presence',
    },
    { name: 'no event', sample: 'genesys-inbound-event-typing-request.json', path: 'events', value: [] },
    {
      name: 'a sender without id type',
      sample: 'genesys-inbound-event-typing-request.json',
      path: 'channel.from.idType',
      value: REMOVE,
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });
});

describe(validateGenesysStructuredResponse.name, () => {
  const sut = validateGenesysStructuredResponse;
  const answer = {
    channel: {
      from: { id: '15551234567', idType: 'Opaque' },
      time: '2026-01-01T00:03:00.000Z',
      messageId: 'wamid.FAKEIN0009',
    },
    buttonResponse: { type: 'QuickReply', text: 'Yes', payload: 'opt_yes' },
    originatingMessageId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  };

  it('accepts the answer to a quick reply and requires the payload', () => {
    expect(sut(answer).ok).toBe(true);
    expectErrorAt(sut(withValueAt(answer, 'buttonResponse.payload', REMOVE)), 'buttonResponse.payload');
  });
});

describe(validateGenesysReceipt.name, () => {
  const sut = validateGenesysReceipt;

  it.each<SampleCorruption>([
    {
      name: 'a Read status (not accepted by the endpoint)',
      sample: 'genesys-receipt-request.json',
      path: 'status',
      value: 'Read',
    },
    {
      name: 'an unknown reason code',
      sample: 'genesys-receipt-failed-request.json',
      path: 'reasons.0.code',
      value: 'Expired',
    },
    { name: 'no message id', sample: 'genesys-receipt-request.json', path: 'id', value: REMOVE },
    { name: 'no recipient', sample: 'genesys-receipt-request.json', path: 'channel.to.id', value: REMOVE },
    {
      name: 'reasons on a non-Failed receipt',
      sample: 'genesys-receipt-failed-request.json',
      path: 'status',
      value: 'Delivered',
      errorPath: 'reasons',
    },
    {
      name: 'a string final-receipt flag',
      sample: 'genesys-receipt-failed-request.json',
      path: 'isFinalReceipt',
      value: 'yes',
    },
  ])('rejects $name, naming $errorPath', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.errorPath ?? corruption.path);
  });
});

describe(validateGenesysOutboundWebhook.name, () => {
  const sut = validateGenesysOutboundWebhook;
  const quickReply = (text: string) => ({
    contentType: 'QuickReply',
    quickReply: { text, payload: text, action: 'Message' },
  });

  it.each<SampleCorruption>([
    { name: 'no message id', sample: 'genesys-outbound-text.json', path: 'id', value: REMOVE },
    { name: 'no customer id', sample: 'genesys-outbound-text.json', path: 'channel.to.id', value: REMOVE },
    { name: 'no integration id', sample: 'genesys-outbound-text.json', path: 'channel.id', value: REMOVE },
    {
      name: 'an unknown originating entity',
      sample: 'genesys-outbound-text.json',
      path: 'originatingEntity',
      value: 'Agent',
    },
    { name: 'an unknown message type', sample: 'genesys-outbound-text.json', path: 'type', value: 'Email' },
    {
      name: 'a text message without text or content',
      sample: 'genesys-outbound-text.json',
      path: 'text',
      value: REMOVE,
    },
    {
      name: 'an inbound direction',
      sample: 'genesys-outbound-text.json',
      path: 'direction',
      value: 'Inbound',
    },
    {
      name: 'a time that is not ISO-8601',
      sample: 'genesys-outbound-text.json',
      path: 'channel.time',
      value: '01/01/2026',
    },
    {
      name: 'an unknown media type',
      sample: 'genesys-outbound-attachment.json',
      path: 'content.0.attachment.mediaType',
      value: 'Pdf',
    },
    {
      name: 'an attachment without url',
      sample: 'genesys-outbound-attachment.json',
      path: 'content.0.attachment.url',
      value: REMOVE,
    },
    {
      name: 'a negative attachment size',
      sample: 'genesys-outbound-attachment.json',
      path: 'content.0.attachment.contentSizeBytes',
      value: -1,
    },
    {
      name: 'an event other than Typing',
      sample: 'genesys-outbound-typing-event.json',
      path: 'events.0.eventType',
      value: 'Presence',
    },
    {
      name: 'an event message without events',
      sample: 'genesys-outbound-typing-event.json',
      path: 'events',
      value: REMOVE,
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.errorPath ?? corruption.path);
  });

  it('accepts a structured message with quick replies', () => {
    const structured = withValueAt(
      withValueAt(loadSample('genesys-outbound-text.json'), 'type', 'Structured'),
      'content',
      [quickReply('Yes'), quickReply('No')],
    );

    const message = expectValid(sut(structured));

    expect(
      message.type === 'Structured' ? message.content.map((content) => content.contentType) : [],
    ).toEqual(['QuickReply', 'QuickReply']);
  });

  it('names a quick reply without text', () => {
    const structured = withValueAt(
      withValueAt(loadSample('genesys-outbound-text.json'), 'type', 'Structured'),
      'content',
      [quickReply('Yes'), { contentType: 'QuickReply', quickReply: { payload: 'No' } }],
    );

    expectErrorAt(sut(structured), 'content.1.quickReply.text');
  });

  it('keeps content of a type it does not handle as unrecognized', () => {
    const card = { contentType: 'Card', card: { title: 'Shoes' } };
    const structured = withValueAt(
      withValueAt(loadSample('genesys-outbound-text.json'), 'type', 'Structured'),
      'content',
      [card],
    );

    const message = expectValid(sut(structured));

    expect(message.type === 'Structured' ? message.content[0] : undefined).toEqual({
      contentType: 'unrecognized',
      originalContentType: 'Card',
      raw: card,
    });
  });

  it('accepts a Failed receipt whose reason code it does not know', () => {
    const receipt = {
      ...(loadSample('genesys-outbound-text.json') as object),
      type: 'Receipt',
      status: 'Failed',
      reasons: [{ code: 'SomethingNew', message: 'x' }],
      isFinalReceipt: true,
    };

    expect(sut(receipt).ok).toBe(true);
  });
});

describe(validateGenesysTokenResponse.name, () => {
  const sut = validateGenesysTokenResponse;

  it.each<SampleCorruption>([
    {
      name: 'a lifetime given as a string',
      sample: 'genesys-token-response.json',
      path: 'expires_in',
      value: '86399',
    },
    { name: 'another token type', sample: 'genesys-token-response.json', path: 'token_type', value: 'mac' },
    { name: 'no access token', sample: 'genesys-token-response.json', path: 'access_token', value: REMOVE },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });

  it('accepts the token type in any case', () => {
    expect(sut(withValueAt(loadSample('genesys-token-response.json'), 'token_type', 'Bearer')).ok).toBe(true);
  });
});

describe(validateGenesysIntegration.name, () => {
  const sut = validateGenesysIntegration;
  const url = 'outboundNotificationWebhookUrl';

  it.each<SampleCorruption>([
    {
      name: 'a webhook on another port',
      sample: 'genesys-integration.json',
      path: url,
      value: 'https://bridge.example.com:8443/genesys',
    },
    {
      name: 'a plain http webhook',
      sample: 'genesys-integration.json',
      path: url,
      value: 'http://bridge.example.com/genesys',
    },
    {
      name: 'a secret of 15 characters',
      sample: 'genesys-integration.json',
      path: 'outboundNotificationWebhookSignatureSecretToken',
      value: 'x'.repeat(15),
    },
    {
      name: 'an unknown create status',
      sample: 'genesys-integration.json',
      path: 'createStatus',
      value: 'Done',
    },
    {
      name: 'a webhook header that is not a string',
      sample: 'genesys-integration.json',
      path: 'webhookHeaders.X-Tenant-Id',
      value: 7,
    },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });

  it('accepts an explicit port 443', () => {
    expect(
      sut(withValueAt(loadSample('genesys-integration.json'), url, 'https://bridge.example.com:443/genesys'))
        .ok,
    ).toBe(true);
  });
});

describe(validateGenesysIntegrationRequest.name, () => {
  it('requires the signature secret when creating an integration', () => {
    const request = withValueAt(
      loadSample('genesys-integration.json'),
      'outboundNotificationWebhookSignatureSecretToken',
      REMOVE,
    );

    expectErrorAt(
      validateGenesysIntegrationRequest(request),
      'outboundNotificationWebhookSignatureSecretToken',
    );
  });
});

describe(validateGenesysRateLimitErrorBody.name, () => {
  const sut = validateGenesysRateLimitErrorBody;

  it.each<SampleCorruption>([
    { name: 'another HTTP status', sample: 'genesys-error-429.json', path: 'status', value: 500 },
    { name: 'no error code', sample: 'genesys-error-429.json', path: 'code', value: REMOVE },
  ])('rejects $name, naming $path', (corruption) => {
    expectErrorAt(sut(corruptedSample(corruption)), corruption.path);
  });
});

describe(validateGenesysErrorBody.name, () => {
  it('accepts any Genesys error status', () => {
    expect(
      validateGenesysErrorBody(withValueAt(loadSample('genesys-error-429.json'), 'status', 400)).ok,
    ).toBe(true);
  });
});
