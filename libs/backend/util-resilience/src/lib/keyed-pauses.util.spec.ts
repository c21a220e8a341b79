import { KeyedPauses } from './keyed-pauses.util';

describe(KeyedPauses.name, () => {
  let now: number;
  let sut: KeyedPauses;

  beforeEach(() => {
    now = 1_000_000;
    sut = new KeyedPauses(10, () => now);
  });

  it('says how long a paused key still waits, and forgets it once the pause is over', () => {
    sut.pause('number-a', 5_000);
    now += 2_000;

    expect(sut.remainingMs('number-a')).toBe(3_000);
    now += 3_000;
    expect(sut.remainingMs('number-a')).toBe(0);
  });

  it('keeps the later end when paused twice', () => {
    sut.pause('number-a', 10_000);
    sut.pause('number-a', 1_000);

    expect(sut.remainingMs('number-a')).toBe(10_000);
  });

  it('does not pause other keys', () => {
    sut.pause('number-a', 10_000);

    expect(sut.remainingMs('number-b')).toBe(0);
  });
});
