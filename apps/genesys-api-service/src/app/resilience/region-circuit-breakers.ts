import CircuitBreaker from 'opossum';
import { GenesysCircuitOpenError } from '../genesys/genesys.errors';

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

export type BreakerStateListener = (region: string, state: BreakerState) => void;

export interface RegionCircuitBreakersOptions {
  readonly settings: CircuitBreakerSettings;
  /** Which errors count as failures; the others (a 4xx, a 429) say nothing about the region's health. */
  readonly isFailure: (error: unknown) => boolean;
  readonly onStateChange?: BreakerStateListener;
  readonly now?: () => number;
}

/** A refusal never asks for less than this, so that a half-open probe in flight cannot cause a tight loop. */
const MIN_REFUSAL_DELAY_MS = 1_000;

type Work = () => Promise<unknown>;

/** One region's breaker: opossum's windowed error rate plus a trip on consecutive failures. */
class RegionBreaker {
  private readonly breaker: CircuitBreaker<[Work], unknown>;
  private consecutiveFailures = 0;
  private openedAt = 0;

  constructor(
    readonly region: string,
    private readonly options: RegionCircuitBreakersOptions,
  ) {
    const { settings } = options;
    const now = options.now ?? Date.now;
    this.breaker = new CircuitBreaker<[Work], unknown>((work: Work) => work(), {
      name: `genesys-${region}`,
      timeout: false, // each request has its own timeout and is aborted by it
      errorThresholdPercentage: settings.errorThresholdPercent,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.windowMs,
      rollingCountBuckets: 10,
      resetTimeout: settings.resetTimeoutMs,
      errorFilter: (error: unknown) => !options.isFailure(error),
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
    });
    const notify = (state: BreakerState) => options.onStateChange?.(region, state);
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
        throw new GenesysCircuitOpenError(this.region, this.refusalDelayMs());
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
 * A circuit breaker per Genesys region, created on first use: when a region fails, calls to it
 * are refused at once with GenesysCircuitOpenError (a RetryLaterError: the message waits without
 * burning an attempt) until a probe call succeeds.
 */
export class RegionCircuitBreakers {
  private readonly breakers = new Map<string, RegionBreaker>();

  constructor(private readonly options: RegionCircuitBreakersOptions) {}

  run<T>(region: string, work: () => Promise<T>): Promise<T> {
    return this.breakerOf(region).run(work);
  }

  state(region: string): BreakerState {
    return this.breakers.get(region)?.state ?? 'closed';
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerOf(region: string): RegionBreaker {
    let breaker = this.breakers.get(region);
    if (!breaker) {
      breaker = new RegionBreaker(region, this.options);
      this.breakers.set(region, breaker);
    }
    return breaker;
  }
}
