import type { TrackedMessageStatus, WhatsAppMessageStatusValue } from '@switchboard/shared-contracts';
import {
  decidePartStatusTransition,
  decideStatusTransition,
  type MessagePartState,
} from './status-transition.util';

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

describe(decidePartStatusTransition.name, () => {
  const sut = decidePartStatusTransition;
  const at = '2026-11-26T10:00:00.000Z';
  const part = (
    partIndex: number,
    partCount: number,
    statuses: TrackedMessageStatus[] = ['accepted'],
    failureDecided = false,
  ): MessagePartState => ({
    partIndex,
    partCount,
    status: statuses[statuses.length - 1] ?? 'accepted',
    statusHistory: statuses.map((status) => ({ status, at })),
    failureDecided,
  });

  it('decides a single send exactly as decideStatusTransition', () => {
    const cases: [TrackedMessageStatus[], WhatsAppMessageStatusValue][] = [
      [['accepted'], 'delivered'],
      [['accepted', 'sent'], 'read'],
      [['accepted', 'delivered'], 'delivered'],
      [['accepted', 'read'], 'failed'],
      [['accepted', 'failed'], 'failed'],
      [['accepted', 'failed'], 'played'],
    ];
    for (const [statuses, incoming] of cases) {
      const single = part(0, 1, statuses);
      expect(sut(single, [], incoming)).toEqual(
        decideStatusTransition(single.status, incoming, single.statusHistory),
      );
    }
  });

  it('answers Delivered only for the last part', () => {
    const others = [part(1, 3, ['accepted', 'sent'])];

    expect(sut(part(0, 3, ['accepted', 'sent']), others, 'delivered')).toEqual({
      applied: true,
      receipt: null,
    });
    expect(sut(part(1, 3), [part(0, 3)], 'read')).toEqual({ applied: true, receipt: null });
    expect(sut(part(2, 3, ['accepted', 'sent']), others, 'delivered')).toEqual({
      applied: true,
      receipt: 'Delivered',
    });
    expect(sut(part(2, 3), others, 'read')).toEqual({ applied: true, receipt: 'Delivered' });
  });

  it('answers no Delivered for the last part once any part has failed', () => {
    const failedSibling = part(0, 2, ['accepted', 'failed'], true);

    expect(sut(part(1, 2, ['accepted', 'sent']), [failedSibling], 'delivered')).toEqual({
      applied: true,
      receipt: null,
    });
    expect(sut(part(1, 2, ['accepted', 'delivered']), [failedSibling], 'delivered')).toEqual({
      applied: false,
      receipt: null,
    });
  });

  it('answers Delivered again when the status that decided it on the last part comes back', () => {
    const others = [part(0, 2, ['accepted', 'delivered'])];

    expect(sut(part(1, 2, ['accepted', 'delivered']), others, 'delivered')).toEqual({
      applied: false,
      receipt: 'Delivered',
    });
    expect(sut(part(1, 2, ['accepted', 'delivered', 'read']), others, 'read')).toEqual({
      applied: false,
      receipt: null,
    });
  });

  it.each([0, 1, 2])('answers Failed when part %i is the first part to fail', (failing) => {
    const others = [0, 1, 2]
      .filter((index) => index !== failing)
      .map((index) => part(index, 3, ['accepted', 'delivered']));

    expect(sut(part(failing, 3, ['accepted', 'sent']), others, 'failed')).toEqual({
      applied: true,
      receipt: 'Failed',
    });
  });

  it('applies a later failure of another part without a second Failed', () => {
    const decided = part(1, 3, ['accepted', 'failed'], true);

    expect(sut(part(0, 3, ['accepted', 'read']), [decided, part(2, 3)], 'failed')).toEqual({
      applied: true,
      receipt: null,
    });
    expect(sut(part(2, 3), [part(0, 3), decided], 'failed')).toEqual({ applied: true, receipt: null });
  });

  it('answers Failed again only for the failed status repeated on the part that decided it', () => {
    const decided = part(1, 2, ['accepted', 'failed'], true);
    const laterFailure = part(0, 2, ['accepted', 'failed'], false);

    expect(sut(decided, [laterFailure], 'failed')).toEqual({ applied: false, receipt: 'Failed' });
    expect(sut(laterFailure, [decided], 'failed')).toEqual({ applied: false, receipt: null });
    expect(sut(decided, [laterFailure], 'delivered')).toEqual({ applied: false, receipt: null });
  });

  it('answers Failed after a Delivered the last part already decided (as a single send does after read)', () => {
    const deliveredLast = part(1, 2, ['accepted', 'delivered']);

    expect(sut(part(0, 2, ['accepted', 'sent']), [deliveredLast], 'failed')).toEqual({
      applied: true,
      receipt: 'Failed',
    });
  });
});
