import { failureOf, scrub, type CloudCall, type CloudResponse } from './cloud-http.util';
import { CloudRequestError } from './cloud-request.error';

const CALL: CloudCall = {
  cloud: 'Genesys',
  step: 'login (client credentials)',
  url: new URL('https://login.mypurecloud.de/oauth/token'),
  init: {},
  timeoutMs: 1000,
  secrets: ['client-secret-value'],
};

function answer(status: number, headers: Record<string, string> = {}): CloudResponse {
  return { status, headers: new Headers(headers), json: undefined, text: '' };
}

describe(failureOf.name, () => {
  it.each([
    [400, 'refused'],
    [401, 'refused'],
    [404, 'refused'],
    [500, 'unavailable'],
    [503, 'unavailable'],
  ])('classifies HTTP %i as %s', (status, kind) => {
    expect(failureOf(CALL, answer(status), 'x').kind).toBe(kind);
  });

  it("passes a 429's Retry-After on (60 s when absent)", () => {
    expect(failureOf(CALL, answer(429, { 'retry-after': '12' }), undefined)).toMatchObject({
      kind: 'rate-limited',
      retryAfterSeconds: 12,
    });
    expect(failureOf(CALL, answer(429), undefined).retryAfterSeconds).toBe(60);
  });

  it("names the cloud and the step, and removes the call's secrets from the cloud's words", () => {
    const sut = failureOf(CALL, answer(401), 'invalid_client for client-secret-value');

    expect(sut).toBeInstanceOf(CloudRequestError);
    expect(sut.message).toBe(
      'Genesys login (client credentials) failed: HTTP 401: invalid_client for [redacted]',
    );
  });
});

describe(scrub.name, () => {
  it('bounds the length of what a cloud said', () => {
    expect(scrub('x'.repeat(1000), [])).toHaveLength(301);
  });
});
