import {
  InvalidEnvelopeError,
  PermanentError,
  PublishNotConfirmedError,
  RetryLaterError,
  RetryableError,
  classifyError,
  describeError,
} from './messaging.errors';

describe(classifyError.name, () => {
  it('treats RetryableError as retryable', () => {
    expect(classifyError(new RetryableError('5xx')).kind).toBe('retryable');
  });

  it('treats unknown errors and thrown non-errors as retryable', () => {
    expect(classifyError(new TypeError('oops')).kind).toBe('retryable');
    const sut = classifyError('a string');
    expect(sut.kind).toBe('retryable');
    expect(sut.error.message).toBe('a string');
  });

  it('treats PermanentError and its subclasses as permanent', () => {
    expect(classifyError(new PermanentError('bad request')).kind).toBe('permanent');
    expect(classifyError(new InvalidEnvelopeError('no id')).kind).toBe('permanent');
  });

  it('treats RetryLaterError as a delay of the requested length', () => {
    expect(classifyError(new RetryLaterError(60_000, '429'))).toMatchObject({
      kind: 'retry-later',
      delayMs: 60_000,
    });
  });

  it('treats a publish that was not confirmed as retryable', () => {
    const error = new PublishNotConfirmedError('timeout', { exchange: 'x', routingKey: 'k' });
    expect(classifyError(error).kind).toBe('retryable');
  });
});

describe(RetryLaterError.name, () => {
  it('turns a negative or non-numeric delay into no delay rather than throwing', () => {
    expect(new RetryLaterError(Number.NaN, 'x').delayMs).toBe(0);
    expect(new RetryLaterError(-1, 'x').delayMs).toBe(0);
  });
});

describe(describeError.name, () => {
  it('names the error class and its message', () => {
    expect(describeError(new PermanentError('bad request'))).toBe('PermanentError: bad request');
    expect(describeError(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(describeError(new Error('boom'))).toBe('Error: boom');
  });

  it('names a custom subclass even when it does not set its name', () => {
    class GraphApiError extends Error {}
    expect(describeError(new GraphApiError('131047'))).toBe('GraphApiError: 131047');
  });
});

describe(PublishNotConfirmedError.name, () => {
  it('says why and where', () => {
    const sut = new PublishNotConfirmedError('unroutable', { exchange: '', routingKey: 'q' }, '312 NO_ROUTE');
    expect(sut.reason).toBe('unroutable');
    expect(sut.message).toBe('publish not confirmed (unroutable) to (default exchange) / q: 312 NO_ROUTE');
  });
});
