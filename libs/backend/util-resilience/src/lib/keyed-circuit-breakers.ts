import { RetryLaterError } from '@switchboard/backend-util-messaging';
import CircuitBreaker from 'opossum';

export interface CircuitBreakerSettings {
  /** Opens after this many failures in a row, whatever the volume. */
  readonly consecutiveFailures: number;
  /** ...or when more than this share of the calls in the window failed... */
  readonly errorThresholdPercent: number;
  /** ...once the window holds at least this many calls. */
  readonly volumeThreshold: number;
  readonly windowMs: number;
  /** Open → half-open (one probe call) after this long. */
  readonly resetTimeoutMs: number;
}

export type BreakerState = 'closed' | 'half-open' | 'open';

export type BreakerStateListener = (key: string, state: BreakerState) => void;

/** A call refused because the breaker of `key` is open: come back after `delayMs` without burning an attempt. */
export class CircuitOpenError extends RetryLaterError {
  constructor(
    readonly key: string,
    delayMs: number,
    reason = `circuit breaker ${key} is open; next try in ${Math.ceil(delayMs / 1000)} s`,
  ) {
    super(delayMs, reason);
    this.name = 'CircuitOpenError';
  }
}

export interface KeyedCircuitBreakersOptions {
  readonly settings: CircuitBreakerSettings;
  /** Which errors count as failures; the others (a 4xx, a 429) say nothing about the key's health. */
  readonly isFailure: (error: unknown) => boolean;
  readonly onStateChange?: BreakerStateListener;
  /** What a refused call rejects with (a RetryLaterError, so that no attempt is spent). Default CircuitOpenError. */
  readonly refusal?: (key: string, delayMs: number) => RetryLaterError;
  /** Prefix of the breakers' names (opossum's `name`). */
  readonly name?: string;
  readonly now?: () => number;
}

/** A refusal never asks for less than this, so that a half-open probe in flight cannot cause a tight loop. */
const MIN_REFUSAL_DELAY_MS = 1_000;

type Work = () => Promise<unknown>;

/** One key's breaker: opossum's windowed error rate plus a trip on consecutive failures. */
class KeyBreaker {
  private readonly breaker: CircuitBreaker<[Work], unknown>;
  private consecutiveFailures = 0;
  private openedAt = 0;

  constructor(
    readonly key: string,
    private readonly options: KeyedCircuitBreakersOptions,
  ) {
    const { settings } = options;
    const now = options.now ?? Date.now;
    this.breaker = new CircuitBreaker<[Work], unknown>((work: Work) => work(), {
      name: `${options.name ?? 'breaker'}-${key}`,
      timeout: false, // each call has its own timeout and is aborted by it
      errorThresholdPercentage: settings.errorThresholdPercent,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.windowMs,
      rollingCountBuckets: 10,
      resetTimeout: settings.resetTimeoutMs,
      errorFilter: (error: unknown) => !options.isFailure(error),
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
    });
    const notify = (state: BreakerState) => options.onStateChange?.(key, state);
    this.breaker.on('open', () => {
      this.openedAt = now();
      notify('open');
    });
    this.breaker.on('halfOpen', () => notify('half-open'));
    this.breaker.on('close', () => {
      this.consecutiveFailures = 0;
      notify('closed');
    });
    notify('closed');
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = (await this.breaker.fire(work)) as T;
      this.consecutiveFailures = 0;
      return result;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') {
        const delayMs = this.refusalDelayMs();
        throw this.options.refusal?.(this.key, delayMs) ?? new CircuitOpenError(this.key, delayMs);
      }
      if (this.options.isFailure(error)) {
        this.consecutiveFailures += 1;
        if (this.consecutiveFailures >= this.options.settings.consecutiveFailures && this.breaker.closed) {
          this.breaker.open();
        }
      } else {
        this.consecutiveFailures = 0;
      }
      throw error;
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  /** Until the breaker half-opens (or a short while when a probe is already in flight). */
  private refusalDelayMs(): number {
    const now = (this.options.now ?? Date.now)();
    const remaining = this.openedAt + this.options.settings.resetTimeoutMs - now;
    return Math.max(MIN_REFUSAL_DELAY_MS, remaining);
  }
}

/**
 * A circuit breaker per key (a Genesys region, a tenant), created on first use: when a key's
 * calls keep failing, its calls are refused at once with a RetryLaterError (the message waits
 * without burning an attempt) until a probe call succeeds. Other keys are not affected.
 */
export class KeyedCircuitBreakers {
  private readonly breakers = new Map<string, KeyBreaker>();

  constructor(private readonly options: KeyedCircuitBreakersOptions) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.breakerOf(key).run(work);
  }

  state(key: string): BreakerState {
    return this.breakers.get(key)?.state ?? 'closed';
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerOf(key: string): KeyBreaker {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new KeyBreaker(key, this.options);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}
