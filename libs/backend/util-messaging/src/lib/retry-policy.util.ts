import { computeBackoffDelay } from './backoff.util';
import { classifyError, describeError } from './messaging.errors';

export interface RetryPolicy {
  /** Handler runs before a retryable failure is dead-lettered (the first delivery counts). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Safety cap on RetryLaterError deferrals of one message. They consume no attempt, so without
   * a cap a partner that always answers 429 would keep a message cycling for ever.
   */
  readonly maxRetryLater: number;
}

/** Retries toward Genesys in docs/architecture.md: 5 attempts, 1 s → 32 s with jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 32_000,
  maxRetryLater: 100,
};

export interface DeliveryState {
  /** Retries already made (Envelope.attempt): 0 on the first delivery. */
  readonly attempt: number;
  /** RetryLaterError deferrals already made. */
  readonly retryLaterCount: number;
}

export type FailureOutcome =
  | {
      readonly action: 'retry';
      readonly delayMs: number;
      /** Envelope.attempt of the retried message. */
      readonly attempt: number;
      readonly retryLaterCount: number;
      readonly reason: string;
    }
  | { readonly action: 'dead-letter'; readonly reason: string };

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  const positive = (name: keyof RetryPolicy, min: number) => {
    if (!Number.isFinite(policy[name]) || policy[name] < min) {
      throw new RangeError(`retry policy ${name} must be a number >= ${min}, got ${policy[name]}`);
    }
  };
  positive('maxAttempts', 1);
  positive('baseDelayMs', 0);
  positive('maxDelayMs', policy.baseDelayMs);
  positive('maxRetryLater', 0);
  return policy;
}

/** What to do with a message whose handler threw `error`. */
export function decideFailureOutcome(
  error: unknown,
  state: DeliveryState,
  policy: RetryPolicy,
  random?: () => number,
): FailureOutcome {
  const classified = classifyError(error);
  const reason = describeError(classified.error);
  switch (classified.kind) {
    case 'permanent':
      return { action: 'dead-letter', reason };
    case 'retry-later':
      if (state.retryLaterCount >= policy.maxRetryLater) {
        return {
          action: 'dead-letter',
          reason: `${reason} (deferred ${state.retryLaterCount} times, the safety cap)`,
        };
      }
      return {
        action: 'retry',
        delayMs: classified.delayMs,
        attempt: state.attempt,
        retryLaterCount: state.retryLaterCount + 1,
        reason,
      };
    case 'retryable': {
      const attemptsMade = state.attempt + 1;
      if (attemptsMade >= policy.maxAttempts) {
        return { action: 'dead-letter', reason: `${reason} (gave up after ${attemptsMade} attempts)` };
      }
      return {
        action: 'retry',
        delayMs: computeBackoffDelay(attemptsMade, policy, random),
        attempt: attemptsMade,
        retryLaterCount: state.retryLaterCount,
        reason,
      };
    }
  }
}
