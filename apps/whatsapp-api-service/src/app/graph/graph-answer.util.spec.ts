import {
  classifyGraphAnswer,
  describeGraphError,
  readSendAnswer,
  readUploadAnswer,
  retryAfterMs,
  type GraphAnswer,
} from './graph-answer.util';

const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}): GraphAnswer => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const graphError = (status: number, code: number, message = 'error', details?: string) =>
  answer(status, {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: 'AbCdEf',
    },
  });

describe(classifyGraphAnswer.name, () => {
  it.each([
    ['200', answer(200, { messaging_product: 'whatsapp', messages: [{ id: 'wamid.A' }] }), 'ok'],
    ['401 without a body', answer(401, ''), 'unauthorized'],
    ['code 190 on 401', graphError(401, 190, 'Error validating access token'), 'unauthorized'],
    ['code 0 on 400', graphError(400, 0, 'AuthException'), 'unauthorized'],
    ['130429 throughput', graphError(429, 130429, 'Rate limit hit'), 'unavailable'],
    ['131000 unknown error', graphError(500, 131000), 'unavailable'],
    ['131016 service unavailable', graphError(503, 131016), 'unavailable'],
    ['131057 maintenance', graphError(503, 131057), 'unavailable'],
    ['500 without a Graph body', answer(500, 'Internal Server Error'), 'unavailable'],
    ['502 without a body', answer(502, ''), 'unavailable'],
    ['408', answer(408, ''), 'unavailable'],
    ['4 app rate limit', graphError(429, 4), 'rate-limited'],
    ['80007 WABA rate limit', graphError(400, 80007), 'rate-limited'],
    ['429 without a code', answer(429, 'Too Many Requests'), 'rate-limited'],
    ['131056 pair rate limit', graphError(429, 131056), 'pair-rate-limited'],
    ['131047 window closed', graphError(400, 131047), 'rejected'],
    ['131053 media upload error', graphError(400, 131053), 'rejected'],
    ['131008 parameter missing', graphError(400, 131008), 'rejected'],
    ['131026 undeliverable', graphError(400, 131026), 'rejected'],
    ['an unknown code, even on 500', graphError(500, 987654), 'rejected'],
    ['404 without a code', answer(404, 'Not Found'), 'rejected'],
  ])('classifies %s', (_label, graphAnswer, kind) => {
    expect(classifyGraphAnswer(graphAnswer).kind).toBe(kind);
  });

  it('keys on the code, not on the HTTP status', () => {
    expect(classifyGraphAnswer(graphError(400, 131000)).kind).toBe('unavailable');
    expect(classifyGraphAnswer(graphError(500, 131047)).kind).toBe('rejected');
  });

  it('reads the code, category, message and details of the Graph error body', () => {
    const verdict = classifyGraphAnswer(
      graphError(400, 131009, '(#131009) Parameter value is not valid', "Parameter 'to' is invalid"),
    );

    expect(verdict).toEqual({
      kind: 'rejected',
      details: {
        status: 400,
        code: 131009,
        category: 'invalid-request',
        message: "(#131009) Parameter value is not valid: Parameter 'to' is invalid",
        fbtraceId: 'AbCdEf',
      },
    });
  });

  it('keeps a non-Graph body short in the details', () => {
    const verdict = classifyGraphAnswer(answer(502, `<html>${'x'.repeat(1000)}</html>`));

    expect(verdict.kind).toBe('unavailable');
    expect(verdict.kind !== 'ok' && verdict.details.message.length).toBeLessThanOrEqual(301);
  });
});

describe(describeGraphError.name, () => {
  it('names the status and the code', () => {
    expect(describeGraphError({ status: 400, code: 131047, message: 'Re-engagement message' })).toBe(
      'HTTP 400, code 131047: Re-engagement message',
    );
    expect(describeGraphError({ message: 'no answer' })).toBe('no answer');
  });
});

describe(retryAfterMs.name, () => {
  it('reads seconds and HTTP dates, with a floor and a default', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(answer(429, '', { 'retry-after': '5' }), 60_000, now)).toBe(5_000);
    expect(retryAfterMs(answer(429, '', { 'retry-after': '0' }), 60_000, now)).toBe(1_000);
    expect(
      retryAfterMs(answer(429, '', { 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), 60_000, now),
    ).toBe(30_000);
    expect(retryAfterMs(answer(429, ''), 60_000, now)).toBe(60_000);
    expect(retryAfterMs(answer(429, '', { 'retry-after': 'soon' }), 60_000, now)).toBe(60_000);
  });
});

describe(readSendAnswer.name, () => {
  it('stores messages[0].id (spec A3)', () => {
    const body = JSON.stringify({
      messaging_product: 'whatsapp',
      contacts: [{ input: '15551234567', wa_id: '15551234567' }],
      messages: [{ id: 'wamid.HBgL', message_status: 'held_for_quality_assessment' }],
    });

    expect(readSendAnswer(body)).toEqual({ wamid: 'wamid.HBgL' });
  });

  it('says what is wrong with an answer without a wamid', () => {
    expect(readSendAnswer('{"messaging_product":"whatsapp","messages":[]}')).toEqual({
      unreadable: expect.stringMatching(/^no wamid in WhatsApp's answer/),
    });
    expect(readSendAnswer('not json')).toEqual({ unreadable: expect.stringContaining('not json') });
  });
});

describe(readUploadAnswer.name, () => {
  it('reads the media id', () => {
    expect(readUploadAnswer('{"id":"4142352417329150"}')).toEqual({ mediaId: '4142352417329150' });
    expect(readUploadAnswer('{}')).toEqual({ unreadable: expect.stringMatching(/^no media id/) });
  });
});
