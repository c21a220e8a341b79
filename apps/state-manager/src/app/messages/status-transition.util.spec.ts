import type { TrackedMessageStatus, WhatsAppMessageStatusValue } from '@switchboard/shared-contracts';
import { decideStatusTransition } from './status-transition.util';

const sut = decideStatusTransition;

describe(decideStatusTransition.name, () => {
  it.each<[TrackedMessageStatus, WhatsAppMessageStatusValue]>([
    ['accepted', 'delivered'],
    ['sent', 'delivered'],
    ['accepted', 'read'],
    ['sent', 'read'],
    ['sent', 'played'],
  ])('answers Delivered when %s first reaches %s', (current, incoming) => {
    expect(sut(current, incoming)).toEqual({ applied: true, receipt: 'Delivered' });
  });

  it.each<[TrackedMessageStatus, WhatsAppMessageStatusValue]>([
    ['accepted', 'sent'],
    ['delivered', 'read'],
    ['delivered', 'played'],
    ['read', 'played'],
  ])('applies %s → %s without a receipt (Genesys already heard or need not)', (current, incoming) => {
    expect(sut(current, incoming)).toEqual({ applied: true, receipt: null });
  });

  it.each<TrackedMessageStatus>(['accepted', 'sent', 'delivered', 'read', 'played'])(
    'answers Failed when a %s message fails',
    (current) => {
      expect(sut(current, 'failed')).toEqual({ applied: true, receipt: 'Failed' });
    },
  );

  it.each<[TrackedMessageStatus, WhatsAppMessageStatusValue]>([
    ['delivered', 'delivered'],
    ['delivered', 'sent'],
    ['read', 'delivered'],
    ['read', 'sent'],
    ['played', 'read'],
    ['failed', 'failed'],
    ['failed', 'delivered'],
    ['failed', 'played'],
  ])('ignores %s → %s: the message has passed it', (current, incoming) => {
    expect(sut(current, incoming)).toEqual({ applied: false, receipt: null });
  });

  const at = '2026-11-26T10:00:00.000Z';
  const history = (...statuses: TrackedMessageStatus[]) => statuses.map((status) => ({ status, at }));

  it('answers the receipt again when the status that decided it comes back (its first answer may be lost)', () => {
    expect(sut('delivered', 'delivered', history('accepted', 'delivered'))).toEqual({
      applied: false,
      receipt: 'Delivered',
    });
    expect(sut('read', 'read', history('accepted', 'sent', 'read'))).toEqual({
      applied: false,
      receipt: 'Delivered',
    });
    expect(sut('failed', 'failed', history('accepted', 'failed'))).toEqual({
      applied: false,
      receipt: 'Failed',
    });
  });

  it('answers no receipt again for a repeated status that decided none', () => {
    expect(sut('read', 'read', history('accepted', 'delivered', 'read'))).toEqual({
      applied: false,
      receipt: null,
    });
    expect(sut('read', 'sent', history('accepted', 'sent', 'delivered', 'read'))).toEqual({
      applied: false,
      receipt: null,
    });
  });
});
