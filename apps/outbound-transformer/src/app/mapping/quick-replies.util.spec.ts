import { validateWhatsAppSendMessageRequest } from '@switchboard/shared-contracts';
import { LIST_BUTTON_LABEL, renderQuickReplies, type QuickReplyOption } from './quick-replies.util';

const options = (...labels: string[]): QuickReplyOption[] =>
  labels.map((label, index) => ({ text: label, payload: `opt_${index}` }));

function isValidSend(rendering: ReturnType<typeof renderQuickReplies>): boolean {
  if (rendering.type !== 'interactive') return false;
  return validateWhatsAppSendMessageRequest({
    messaging_product: 'whatsapp',
    to: '15551234567',
    type: 'interactive',
    interactive: rendering.interactive,
  }).ok;
}

describe(renderQuickReplies.name, () => {
  it('offers up to 3 short options as reply buttons, the payload as id', () => {
    const sut = renderQuickReplies('Was this helpful?', options('Yes', 'No', 'Talk to an agent'));

    expect(sut).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Was this helpful?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'opt_0', title: 'Yes' } },
            { type: 'reply', reply: { id: 'opt_1', title: 'No' } },
            { type: 'reply', reply: { id: 'opt_2', title: 'Talk to an agent' } },
          ],
        },
      },
    });
    expect(isValidSend(sut)).toBe(true);
  });

  it('uses the label as id when Genesys sent no payload', () => {
    const sut = renderQuickReplies('Pick one', [{ text: 'Blue', payload: '' }]);

    expect(sut).toMatchObject({
      interactive: { action: { buttons: [{ reply: { id: 'Blue', title: 'Blue' } }] } },
    });
  });

  it('offers 4 to 10 options as a list menu', () => {
    const labels = Array.from({ length: 10 }, (_, index) => `Topic number ${index + 1}`);

    const sut = renderQuickReplies('What is it about?', options(...labels));

    expect(sut).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'What is it about?' },
        action: { button: LIST_BUTTON_LABEL, sections: [{ rows: expect.any(Array) }] },
      },
    });
    expect(isValidSend(sut)).toBe(true);
  });

  it('offers 3 options whose labels are too long for a button as a list', () => {
    const sut = renderQuickReplies('Choose', options('A label of 21 chars..', 'B', 'C'));

    expect(sut).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
  });

  it('writes more than 10 options out as numbered text', () => {
    const labels = Array.from({ length: 11 }, (_, index) => `Option ${index + 1}`);

    const sut = renderQuickReplies('Choose one:', options(...labels));

    expect(sut).toEqual({
      type: 'text',
      text: `Choose one:\n\n${labels.map((label, index) => `${index + 1}. ${label}`).join('\n')}`,
    });
  });

  it('falls back to text when a label is too long even for a list row', () => {
    const sut = renderQuickReplies('Choose', options('A label much longer than 24 characters', 'B'));

    expect(sut).toEqual({ type: 'text', text: 'Choose\n\n1. A label much longer than 24 characters\n2. B' });
  });

  it('falls back to text when two options share an id or the question is too long', () => {
    expect(
      renderQuickReplies('Choose', [
        { text: 'A', payload: 'same' },
        { text: 'B', payload: 'same' },
      ]).type,
    ).toBe('text');
    expect(renderQuickReplies('q'.repeat(1025), options('A')).type).toBe('text');
  });
});
