import { ThrottledWarning } from './throttled-warning.util';

describe(ThrottledWarning.name, () => {
  let now: number;
  let lines: string[];
  let sut: ThrottledWarning;

  beforeEach(() => {
    now = 1_000_000;
    lines = [];
    sut = new ThrottledWarning({ warn: (line: string) => lines.push(line) }, 30_000, () => now);
  });

  it('logs the first failure with its reason', () => {
    sut.warn('cache read failed', new Error('connection refused'));

    expect(lines).toEqual(['cache read failed: connection refused']);
  });

  it('stays silent within the interval, then reports how many it left out', () => {
    sut.warn('cache read failed', new Error('a'));
    now += 1000;
    sut.warn('cache read failed', new Error('b'));
    sut.warn('cache read failed', new Error('c'));
    now += 30_000;
    sut.warn('cache read failed', new Error('d'));

    expect(lines).toEqual(['cache read failed: a', 'cache read failed: d (2 more since the last report)']);
  });

  it('throttles each kind of failure on its own', () => {
    sut.warn('cache write failed', new Error('a'));
    sut.warn('cache read failed', new Error('b'));
    sut.warn('cache read failed', new Error('c'));

    expect(lines).toEqual(['cache write failed: a', 'cache read failed: b']);
  });
});
