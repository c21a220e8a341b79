import { PermanentError, RetryLaterError, RetryableError } from './messaging.errors';
import { DEFAULT_RETRY_POLICY, decideFailureOutcome, resolveRetryPolicy } from './retry-policy.util';

describe(decideFailureOutcome.name, () => {
  const policy = resolveRetryPolicy({
    maxAttempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    maxRetryLater: 2,
  });
  const maxJitter = () => 0.999_999;

  it('retries a retryable failure with attempt + 1 and an exponential delay', () => {
    expect(
      decideFailureOutcome(new RetryableError('503'), { attempt: 0, retryLaterCount: 0 }, policy, maxJitter),
    ).toEqual({
      action: 'retry',
      attempt: 1,
      delayMs: 100,
      retryLaterCount: 0,
      reason: 'RetryableError: 503',
    });
    expect(
      decideFailureOutcome(new Error('x'), { attempt: 1, retryLaterCount: 0 }, policy, maxJitter),
    ).toMatchObject({
      action: 'retry',
      attempt: 2,
      delayMs: 200,
    });
  });

  it('dead-letters after maxAttempts handler runs, saying how many', () => {
    expect(decideFailureOutcome(new Error('boom'), { attempt: 2, retryLaterCount: 0 }, policy)).toEqual({
      action: 'dead-letter',
      reason: 'Error: boom (gave up after 3 attempts)',
    });
  });

  it('dead-letters a permanent failure on the first attempt', () => {
    expect(
      decideFailureOutcome(new PermanentError('400'), { attempt: 0, retryLaterCount: 0 }, policy),
    ).toEqual({
      action: 'dead-letter',
      reason: 'PermanentError: 400',
    });
  });

  it('delays a RetryLaterError by the requested time without consuming an attempt', () => {
    expect(
      decideFailureOutcome(new RetryLaterError(60_000, '429'), { attempt: 2, retryLaterCount: 0 }, policy),
    ).toEqual({
      action: 'retry',
      attempt: 2,
      delayMs: 60_000,
      retryLaterCount: 1,
      reason: 'RetryLaterError: 429',
    });
  });

  it('dead-letters a RetryLaterError only past the safety cap', () => {
    expect(
      decideFailureOutcome(new RetryLaterError(1_000, '429'), { attempt: 0, retryLaterCount: 1 }, policy)
        .action,
    ).toBe('retry');
    expect(
      decideFailureOutcome(new RetryLaterError(1_000, '429'), { attempt: 0, retryLaterCount: 2 }, policy),
    ).toEqual({
      action: 'dead-letter',
      reason: 'RetryLaterError: 429 (deferred 2 times, the safety cap)',
    });
  });
});

describe(resolveRetryPolicy.name, () => {
  it('defaults to 5 attempts from 1 s to 32 s', () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 32_000 });
  });

  it('refuses settings that cannot work', () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryPolicy({ baseDelayMs: 5_000, maxDelayMs: 1_000 })).toThrow(/maxDelayMs/);
    expect(() => resolveRetryPolicy({ maxRetryLater: Number.NaN })).toThrow(/maxRetryLater/);
  });
});
