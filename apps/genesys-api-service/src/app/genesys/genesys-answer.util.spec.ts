import { classifyGenesysStatus, describeGenesysErrorBody, retryAfterMs } from './genesys-answer.util';

describe(classifyGenesysStatus.name, () => {
  it.each([
    [200, 'accepted'],
    [202, 'accepted'],
    [401, 'unauthorized'],
    [429, 'rate-limited'],
    [500, 'unavailable'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [504, 'unavailable'],
    [408, 'unavailable'],
    [400, 'rejected'],
    [403, 'rejected'],
    [404, 'rejected'],
    [413, 'rejected'],
    [302, 'rejected'],
  ])('%i → %s', (status, expected) => {
    expect(classifyGenesysStatus(status)).toBe(expected);
  });
});

describe(retryAfterMs.name, () => {
  const now = Date.parse('2026-01-01T00:00:00.000Z');

  it('reads seconds', () => {
    expect(retryAfterMs('42', 60_000, now)).toBe(42_000);
  });

  it('reads an HTTP date', () => {
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', 60_000, now)).toBe(30_000);
  });

  it('falls back to the default when the header is absent or unreadable', () => {
    expect(retryAfterMs(undefined, 60_000, now)).toBe(60_000);
    expect(retryAfterMs('soon', 60_000, now)).toBe(60_000);
  });

  it('never asks for less than a second', () => {
    expect(retryAfterMs('0', 60_000, now)).toBe(1_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', 60_000, now)).toBe(1_000);
  });
});

describe(describeGenesysErrorBody.name, () => {
  it('names the code, message and contextId of a Genesys error body', () => {
    const body = JSON.stringify({
      message: 'The integration was not found',
      code: 'not.found',
      status: 404,
      contextId: 'ctx-9',
    });

    expect(describeGenesysErrorBody(body)).toBe('not.found: The integration was not found (contextId ctx-9)');
  });

  it('keeps the start of any other body, on one line', () => {
    expect(describeGenesysErrorBody('<html>\n  Bad Gateway\n</html>')).toBe('<html> Bad Gateway </html>');
    expect(describeGenesysErrorBody('')).toBe('(empty body)');
  });

  it('shortens a long body', () => {
    expect(describeGenesysErrorBody('y'.repeat(5000))).toHaveLength(301);
  });
});
