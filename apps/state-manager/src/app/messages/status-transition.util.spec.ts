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
});
