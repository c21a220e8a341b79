import { validateGenesysOutboundWebhook } from '@switchboard/shared-contracts';
import { outboundSample } from '../../testing/samples.util';
import { MessageFailure } from '../pipeline/message-failure.error';
import {
  TEMPLATES_UNSUPPORTED,
  planOutboundMessage,
  type OutboundMessageWebhook,
} from './outbound-content.planner';

function webhook(overrides: Record<string, unknown>): OutboundMessageWebhook {
  const validated = validateGenesysOutboundWebhook({
    ...outboundSample('genesys-outbound-text'),
    ...overrides,
  });
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
  return validated.value as OutboundMessageWebhook;
}

function failureOf(run: () => unknown): MessageFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof MessageFailure) return error;
    throw error;
  }
  throw new Error('expected a MessageFailure');
}

const attachment = (fields: Record<string, unknown>) => ({ contentType: 'Attachment', attachment: fields });

describe(planOutboundMessage.name, () => {
  it('keeps the text of a text message', () => {
    expect(planOutboundMessage(webhook({}))).toEqual({
      text: 'Hello Jane, this is Alex from support.',
      attachments: [],
      quickReplies: [],
    });
  });

  it('lists the attachments of the spec sample in order with what Genesys declared', () => {
    const validated = validateGenesysOutboundWebhook(outboundSample('genesys-outbound-attachment'));
    if (!validated.ok) throw new Error('sample invalid');

    expect(planOutboundMessage(validated.value as OutboundMessageWebhook)).toEqual({
      text: 'Here is your receipt',
      attachments: [
        {
          index: 0,
          mediaType: 'File',
          url: 'https://api-downloads.mypurecloud.com/api/v2/downloads/FAKEDOWNLOADID',
          declaredMimeType: 'application/pdf',
          filename: 'receipt-1001.pdf',
          contentSizeBytes: 20480,
        },
      ],
      quickReplies: [],
    });
  });

  it('numbers attachments by their position among attachments and keeps their own captions', () => {
    const plan = planOutboundMessage(
      webhook({
        text: undefined,
        content: [
          attachment({ mediaType: 'Image', url: 'https://files.example.com/a.png', text: 'The box' }),
          attachment({ mediaType: 'Link', url: 'https://example.com/help', text: 'Help page' }),
          attachment({ mediaType: 'Video', url: 'https://files.example.com/b.mp4', text: '  ' }),
        ],
      }),
    );

    expect(plan.attachments.map(({ index, mediaType, caption }) => ({ index, mediaType, caption }))).toEqual([
      { index: 0, mediaType: 'Image', caption: 'The box' },
      { index: 1, mediaType: 'Video', caption: undefined },
    ]);
    expect(plan.text).toBe('Help page: https://example.com/help');
  });

  it('collects quick replies of a Structured message with their payloads', () => {
    const plan = planOutboundMessage(
      webhook({
        type: 'Structured',
        text: 'Was this helpful?',
        content: [
          { contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'yes', action: 'Message' } },
          { contentType: 'QuickReply', quickReply: { text: 'No', payload: 'no', action: 'Message' } },
        ],
      }),
    );

    expect(plan).toEqual({
      text: 'Was this helpful?',
      attachments: [],
      quickReplies: [
        { text: 'Yes', payload: 'yes' },
        { text: 'No', payload: 'no' },
      ],
    });
  });

  it('writes a button answer into the text', () => {
    const plan = planOutboundMessage(
      webhook({
        text: undefined,
        content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Confirmed', payload: 'ok' } }],
      }),
    );

    expect(plan.text).toBe('Confirmed');
  });

  it('fails a notification template as UnsupportedMessage', () => {
    const failure = failureOf(() =>
      planOutboundMessage(
        webhook({
          content: [
            { contentType: 'Notification', template: { body: { text: 'Your order {{1}} shipped' } } },
          ],
        }),
      ),
    );

    expect(failure).toMatchObject({ reason: 'UnsupportedMessage', message: TEMPLATES_UNSUPPORTED });
  });

  it('fails content it does not know as UnsupportedMessage, naming its type', () => {
    const failure = failureOf(() =>
      planOutboundMessage(webhook({ content: [{ contentType: 'Carousel', cards: [] }] })),
    );

    expect(failure.reason).toBe('UnsupportedMessage');
    expect(failure.message).toContain('Carousel');
  });

  it('fails a message with nothing to show', () => {
    const failure = failureOf(() => planOutboundMessage(webhook({ text: '   ', content: [] })));

    expect(failure.reason).toBe('UnsupportedMessage');
  });
});
