import { HoldBackLedger, type HoldBackDecision } from './hold-back.ledger';

const tagOf = (decision: HoldBackDecision): string => {
  if (decision.admit) throw new Error('expected the message to be held back');
  return decision.tag;
};

describe(HoldBackLedger.name, () => {
  let clock: number;
  let sut: HoldBackLedger;

  beforeEach(() => {
    clock = 0;
    sut = new HoldBackLedger(60_000, () => clock, 'consumer-1');
  });

  it('lets a message in while its tenant has room and no earlier message of its key is held back', () => {
    expect(sut.onArrival('k', false)).toEqual({ admit: true });
    expect(sut.onArrival(undefined, false)).toEqual({ admit: true });
    expect(sut.keysHeldBack).toBe(0);
  });

  it('holds back a message whose tenant is full, and every later message of its key behind it', () => {
    const first = sut.onArrival('k', true);
    const second = sut.onArrival('k', false);
    const other = sut.onArrival('other', false);

    expect(first).toEqual({ admit: false, tag: 'consumer-1:0' });
    expect(second).toEqual({ admit: false, tag: 'consumer-1:1' });
    expect(other).toEqual({ admit: true });
  });

  it('lets held-back messages of a key in only in their order, sending the others round again', () => {
    const first = tagOf(sut.onArrival('k', true));
    const second = tagOf(sut.onArrival('k', true));
    const third = tagOf(sut.onArrival('k', true));

    // The tenant is still full when the first comes back: it goes round again, behind the others.
    expect(sut.onReturn('k', first, true)).toEqual({ admit: false, tag: first });
    expect(sut.onReturn('k', second, false)).toEqual({ admit: false, tag: second });
    expect(sut.onReturn('k', third, false)).toEqual({ admit: false, tag: third });
    expect(sut.onReturn('k', first, false)).toEqual({ admit: true });
    expect(sut.onReturn('k', third, false)).toEqual({ admit: false, tag: third });
    expect(sut.onReturn('k', second, false)).toEqual({ admit: true });
    expect(sut.onReturn('k', third, false)).toEqual({ admit: true });
    expect(sut.keysHeldBack).toBe(0);
    expect(sut.onArrival('k', false)).toEqual({ admit: true });
  });

  it('skips a number whose hold-back was not confirmed (the message went back to the queue)', () => {
    const first = tagOf(sut.onArrival('k', true));
    const second = tagOf(sut.onArrival('k', true));
    const third = tagOf(sut.onArrival('k', true));

    sut.onAbandoned('k', second);
    sut.onAbandoned('k', first);

    expect(sut.onReturn('k', third, false)).toEqual({ admit: true });
    expect(sut.keysHeldBack).toBe(0);
  });

  it('stops waiting for a number that does not come back within the stall time', () => {
    tagOf(sut.onArrival('k', true));
    const second = tagOf(sut.onArrival('k', true));

    expect(sut.onReturn('k', second, false)).toEqual({ admit: false, tag: second });
    clock = 60_001;
    expect(sut.onReturn('k', second, false)).toEqual({ admit: true });
    expect(sut.keysHeldBack).toBe(0);
  });

  it("lets another consumer's held-back message in by its tenant's room alone", () => {
    expect(sut.onReturn('k', 'consumer-0:7', false)).toEqual({ admit: true });
    expect(sut.onReturn('k', 'consumer-0:7', true)).toEqual({ admit: false, tag: 'consumer-0:7' });
  });

  it('holds back unkeyed messages by their tenant room alone', () => {
    const tag = tagOf(sut.onArrival(undefined, true));

    expect(sut.onReturn(undefined, tag, true)).toEqual({ admit: false, tag });
    expect(sut.onReturn(undefined, tag, false)).toEqual({ admit: true });
  });
});
