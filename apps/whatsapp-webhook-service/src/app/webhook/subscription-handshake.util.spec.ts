import { answerHandshake, constantTimeEquals } from './subscription-handshake.util';

const VERIFY_TOKEN = 'the-verify-token-of-the-app';

describe(answerHandshake.name, () => {
  const valid = { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' };

  it('echoes the challenge when the mode is subscribe and the token matches', () => {
    expect(answerHandshake(valid, VERIFY_TOKEN)).toEqual({ accepted: true, challenge: '1158201444' });
  });

  it.each([
    ['a missing mode', { ...valid, 'hub.mode': undefined }],
    ['another mode', { ...valid, 'hub.mode': 'unsubscribe' }],
    ['a repeated mode', { ...valid, 'hub.mode': ['subscribe', 'subscribe'] }],
  ])('refuses %s with 403', (_label, query) => {
    expect(answerHandshake(query, VERIFY_TOKEN)).toEqual({
      accepted: false,
      status: 403,
      reason: 'hub.mode must be subscribe',
    });
  });

  it.each([
    ['a missing token', undefined],
    ['a wrong token', 'not-the-token'],
    ['a prefix of the token', VERIFY_TOKEN.slice(0, -1)],
    ['the token with more after it', `${VERIFY_TOKEN}x`],
    ['an empty token', ''],
    ['a repeated token', [VERIFY_TOKEN, VERIFY_TOKEN]],
  ])('refuses %s with 403', (_label, token) => {
    expect(answerHandshake({ ...valid, 'hub.verify_token': token }, VERIFY_TOKEN)).toEqual({
      accepted: false,
      status: 403,
      reason: 'hub.verify_token does not match',
    });
  });

  it('checks the token before the challenge, so that a stranger learns nothing about it', () => {
    const result = answerHandshake(
      { ...valid, 'hub.verify_token': 'wrong', 'hub.challenge': 'x' },
      VERIFY_TOKEN,
    );

    expect(result).toMatchObject({ accepted: false, status: 403 });
  });

  it.each([
    ['markup', '<script>alert(1)</script>'],
    ['a number with letters', '123abc'],
    ['an empty challenge', ''],
    ['a missing challenge', undefined],
    ['a negative number', '-12'],
    ['a repeated challenge', ['1', '2']],
    ['an endless number', '9'.repeat(65)],
  ])('never reflects %s: 400', (_label, challenge) => {
    expect(answerHandshake({ ...valid, 'hub.challenge': challenge }, VERIFY_TOKEN)).toEqual({
      accepted: false,
      status: 400,
      reason: 'hub.challenge must be digits',
    });
  });
});

describe(constantTimeEquals.name, () => {
  it('tells equal strings from different ones of any length', () => {
    expect(constantTimeEquals('abc', 'abc')).toBe(true);
    expect(constantTimeEquals('abd', 'abc')).toBe(false);
    expect(constantTimeEquals('ab', 'abc')).toBe(false);
    expect(constantTimeEquals('abcd', 'abc')).toBe(false);
  });

  it('never accepts when nothing is expected', () => {
    expect(constantTimeEquals('', '')).toBe(false);
  });
});
