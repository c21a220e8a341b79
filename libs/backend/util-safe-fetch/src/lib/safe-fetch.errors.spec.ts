import {
  SAFE_FETCH_REFUSAL_REASONS,
  SafeFetchRefusedError,
  genesysReasonForSafeFetchRefusal,
} from './safe-fetch.errors';

describe(genesysReasonForSafeFetchRefusal.name, () => {
  it.each([
    ['too_large', 'InvalidMediaContentLength'],
    ['empty_body', 'InvalidMediaContentLength'],
    ['mime_mismatch', 'MediaTypeNotAllowed'],
    ['type_not_allowed', 'MediaTypeNotAllowed'],
    ['private_address', 'GeneralError'],
    ['scheme', 'GeneralError'],
    ['timeout', 'GeneralError'],
    ['http_status', 'GeneralError'],
  ] as const)('maps %s to %s', (reason, code) => {
    expect(genesysReasonForSafeFetchRefusal(reason)).toBe(code);
  });

  it('has a Genesys reason for every refusal reason', () => {
    for (const reason of SAFE_FETCH_REFUSAL_REASONS) {
      expect(typeof genesysReasonForSafeFetchRefusal(reason)).toBe('string');
    }
  });
});

describe(SafeFetchRefusedError.name, () => {
  it('is not retryable unless told so', () => {
    const sut = new SafeFetchRefusedError('private_address', 'nope', { detail: 'x is 10.0.0.1' });

    expect(sut).toMatchObject({ name: 'SafeFetchRefusedError', retryable: false, detail: 'x is 10.0.0.1' });
    expect(sut).toBeInstanceOf(Error);
  });
});
