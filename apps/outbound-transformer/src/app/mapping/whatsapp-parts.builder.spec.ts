import { MEDIA_BUCKETS } from '@switchboard/backend-data-access-object-storage';
import type { OutboundMediaKind, StoredOutboundMedia } from '@switchboard/shared-contracts';
import { MessageFailure } from '../pipeline/message-failure.error';
import type { MessagePlan } from './outbound-content.planner';
import { buildSendParts, type FetchedAttachment } from './whatsapp-parts.builder';

const TO = '15551234567';
const BASE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

const MIME: Record<OutboundMediaKind, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg',
  document: 'application/pdf',
  sticker: 'image/webp',
};

function media(kind: OutboundMediaKind, index: number, filename?: string): StoredOutboundMedia {
  return {
    kind,
    bucket: MEDIA_BUCKETS.OUTBOUND,
    key: `tenant-a/gm-1/${index}`,
    mimeType: MIME[kind],
    sizeBytes: 1000 + index,
    sha256: 'a'.repeat(64),
    ...(filename !== undefined && { filename }),
  };
}

function fetched(...kinds: OutboundMediaKind[]): FetchedAttachment[] {
  return kinds.map((kind, index) => ({
    media: media(kind, index, kind === 'document' ? 'receipt.pdf' : undefined),
  }));
}

function plan(text: string, overrides: Partial<MessagePlan> = {}): MessagePlan {
  return { text, attachments: [], quickReplies: [], ...overrides };
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

describe(buildSendParts.name, () => {
  it('sends a text as one text message', () => {
    expect(buildSendParts({ to: TO, plan: plan('Hello Jane'), attachments: [] })).toEqual([
      { request: { ...BASE, type: 'text', text: { body: 'Hello Jane' } } },
    ]);
  });

  it('splits a text over 4,096 characters into text messages in order', () => {
    const first = 'a'.repeat(3000);
    const second = 'b'.repeat(3000);

    const parts = buildSendParts({ to: TO, plan: plan(`${first}\n\n${second}`), attachments: [] });

    expect(parts.map((part) => part.request)).toEqual([
      { ...BASE, type: 'text', text: { body: first } },
      { ...BASE, type: 'text', text: { body: second } },
    ]);
  });

  it.each(['image', 'video', 'document'] as const)(
    'puts the text as the caption of a %s, with the stored media and no id',
    (kind) => {
      const parts = buildSendParts({ to: TO, plan: plan('Here it is'), attachments: fetched(kind) });

      expect(parts).toHaveLength(1);
      expect(parts[0]!.request).toEqual({
        ...BASE,
        type: kind,
        [kind]: { caption: 'Here it is', ...(kind === 'document' && { filename: 'receipt.pdf' }) },
      });
      expect(parts[0]!.media).toEqual(media(kind, 0, kind === 'document' ? 'receipt.pdf' : undefined));
    },
  );

  it.each(['audio', 'sticker'] as const)('sends the text before a %s, which takes no caption', (kind) => {
    const parts = buildSendParts({ to: TO, plan: plan('Listen to this'), attachments: fetched(kind) });

    expect(parts.map((part) => part.request)).toEqual([
      { ...BASE, type: 'text', text: { body: 'Listen to this' } },
      { ...BASE, type: kind, [kind]: {} },
    ]);
    expect(parts[1]!.media?.kind).toBe(kind);
  });

  it('captions the first captionable attachment, not an earlier audio', () => {
    const parts = buildSendParts({
      to: TO,
      plan: plan('Both files'),
      attachments: fetched('audio', 'image', 'video'),
    });

    expect(parts.map((part) => part.request)).toEqual([
      { ...BASE, type: 'audio', audio: {} },
      { ...BASE, type: 'image', image: { caption: 'Both files' } },
      { ...BASE, type: 'video', video: {} },
    ]);
  });

  it('sends a text too long for a caption as a text message first', () => {
    const text = 'x'.repeat(1025);

    const parts = buildSendParts({ to: TO, plan: plan(text), attachments: fetched('image') });

    expect(parts.map((part) => part.request)).toEqual([
      { ...BASE, type: 'text', text: { body: text } },
      { ...BASE, type: 'image', image: {} },
    ]);
  });

  it("keeps an attachment's own caption and captions the next one with the text", () => {
    const attachments = fetched('image', 'image');
    const parts = buildSendParts({
      to: TO,
      plan: plan('The message'),
      attachments: [{ ...attachments[0]!, caption: 'First photo' }, attachments[1]!],
    });

    expect(parts.map((part) => part.request)).toEqual([
      { ...BASE, type: 'image', image: { caption: 'First photo' } },
      { ...BASE, type: 'image', image: { caption: 'The message' } },
    ]);
  });

  it('sends an attachment without any text as media alone', () => {
    const parts = buildSendParts({ to: TO, plan: plan(''), attachments: fetched('document') });

    expect(parts.map((part) => part.request)).toEqual([
      { ...BASE, type: 'document', document: { filename: 'receipt.pdf' } },
    ]);
  });

  it('sends quick replies as reply buttons with the text as the question', () => {
    const parts = buildSendParts({
      to: TO,
      plan: plan('Was this helpful?', { quickReplies: [{ text: 'Yes', payload: 'yes' }] }),
      attachments: [],
    });

    expect(parts.map((part) => part.request)).toEqual([
      {
        ...BASE,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Was this helpful?' },
          action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
        },
      },
    ]);
  });

  it('sends many quick replies as a list and too many as numbered text', () => {
    const options = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ text: `Option ${index + 1}`, payload: `o${index}` }));

    const list = buildSendParts({
      to: TO,
      plan: plan('Pick', { quickReplies: options(5) }),
      attachments: [],
    });
    const text = buildSendParts({
      to: TO,
      plan: plan('Pick', { quickReplies: options(11) }),
      attachments: [],
    });

    expect(list[0]!.request).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
    expect(text).toHaveLength(1);
    expect(text[0]!.request).toMatchObject({
      type: 'text',
      text: { body: expect.stringMatching(/^Pick\n\n1\. Option 1\n/) },
    });
  });

  it('asks a long question as text first, then offers the buttons', () => {
    const question = 'q'.repeat(1500);

    const parts = buildSendParts({
      to: TO,
      plan: plan(question, { quickReplies: [{ text: 'Yes', payload: 'yes' }] }),
      attachments: [],
    });

    expect(parts.map((part) => part.request['type'])).toEqual(['text', 'interactive']);
    expect(parts[0]!.request).toMatchObject({ text: { body: question } });
    expect(parts[1]!.request).toMatchObject({ interactive: { body: { text: 'Please choose an option.' } } });
  });

  it('quotes the customer’s message on the first send only', () => {
    const parts = buildSendParts({
      to: TO,
      plan: plan('x'.repeat(2000)),
      attachments: fetched('audio'),
      quotedWhatsAppMessageId: 'wamid.CUSTOMER1',
    });

    expect(parts[0]!.request['context']).toEqual({ message_id: 'wamid.CUSTOMER1' });
    expect(parts[1]!.request['context']).toBeUndefined();
  });

  it('fails a message that would need more than 20 sends', () => {
    const failure = failureOf(() =>
      buildSendParts({ to: TO, plan: plan('word '.repeat(20_000)), attachments: [] }),
    );

    expect(failure.reason).toBe('InvalidMessageStructure');
    expect(failure.message).toMatch(/at most 20/);
  });
});
