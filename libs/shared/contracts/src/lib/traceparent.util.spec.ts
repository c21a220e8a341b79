import { TRACEPARENT_PATTERN } from './envelope';
import { childTraceparent, createTraceparent, parseTraceparent } from './traceparent.util';

describe(createTraceparent.name, () => {
  const sut = createTraceparent;

  it('starts a sampled version-00 trace with a 16-byte trace id and an 8-byte span id in hex', () => {
    const traceparent = sut();

    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(traceparent)).toBeDefined();
  });

  it('starts a different trace each time', () => {
    const traceIds = new Set(Array.from({ length: 50 }, () => parseTraceparent(sut())?.traceId));

    expect(traceIds.size).toBe(50);
  });
});

describe(childTraceparent.name, () => {
  const sut = childTraceparent;
  const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('keeps the trace id and flags and makes a new span id', () => {
    const child = parseTraceparent(sut(parent));

    expect(child).toEqual({
      version: '00',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: expect.stringMatching(/^[0-9a-f]{16}$/),
      flags: '01',
    });
    expect(child?.parentId).not.toBe('00f067aa0ba902b7');
  });

  it('keeps an unsampled flag', () => {
    expect(sut('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')).toMatch(/-00$/);
  });

  it('starts a new trace when the parent is invalid', () => {
    const child = sut('not-a-traceparent');

    expect(child).toMatch(TRACEPARENT_PATTERN);
    expect(child).not.toContain('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});

describe(parseTraceparent.name, () => {
  const sut = parseTraceparent;

  it('splits a valid traceparent', () => {
    expect(sut('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      version: '00',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: '01',
    });
  });

  it.each([
    ['upper-case hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['the forbidden version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero span id', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`],
    ['a short trace id', '00-4bf92f35-00f067aa0ba902b7-01'],
    ['an empty string', ''],
  ])('refuses %s', (_label, value) => {
    expect(sut(value)).toBeUndefined();
  });
});
