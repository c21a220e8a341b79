import { decideMapping } from './mapping-decision.util';

const at = (iso: string) => new Date(iso);
const sut = decideMapping;

describe(decideMapping.name, () => {
  const active = { conversationId: 'conv-a', lastInboundAt: at('2026-03-01T10:00:00Z') };

  it('activates the conversation of a customer without an active mapping', () => {
    expect(sut(null, { conversationId: 'conv-a', messageTime: at('2026-03-01T09:00:00Z') })).toBe('activate');
  });

  it('touches the active mapping when the conversation is the same, whatever the time', () => {
    expect(sut(active, { conversationId: 'conv-a', messageTime: at('2026-03-01T09:00:00Z') })).toBe('touch');
    expect(sut(active, { conversationId: 'conv-a', messageTime: at('2026-03-01T11:00:00Z') })).toBe('touch');
  });

  it('switches to a new conversation carried by a message not older than the last inbound one', () => {
    expect(sut(active, { conversationId: 'conv-b', messageTime: at('2026-03-01T10:00:01Z') })).toBe('switch');
    expect(sut(active, { conversationId: 'conv-b', messageTime: at('2026-03-01T10:00:00Z') })).toBe('switch');
  });

  it('keeps the active mapping when an older message of another conversation arrives late', () => {
    expect(sut(active, { conversationId: 'conv-old', messageTime: at('2026-03-01T09:59:59Z') })).toBe('keep');
  });

  it('switches when the active mapping has never seen an inbound time', () => {
    const unknownTime = { conversationId: 'conv-a', lastInboundAt: null };

    expect(sut(unknownTime, { conversationId: 'conv-b', messageTime: at('2020-01-01T00:00:00Z') })).toBe(
      'switch',
    );
  });
});
