import CircuitBreaker from 'opossum';
import type { BreakerStateName } from '../metrics/gateway-metrics.service';
import { CircuitOpenError, UpstreamFailure } from './upstream-failure.error';

export interface BreakerOptions {
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

export type BreakerStateListener = (service: string, state: BreakerStateName, transition: boolean) => void;

type Work = () => Promise<unknown>;

/** One upstream service's breaker: opossum's windowed error rate plus a consecutive-failure trip. */
class ServiceBreaker {
  private readonly breaker: CircuitBreaker<[Work], unknown>;
  private consecutive = 0;
  private openedAt = 0;

  constructor(
    readonly service: string,
    private readonly options: BreakerOptions,
    onState: BreakerStateListener,
  ) {
    this.breaker = new CircuitBreaker<[Work], unknown>((work: Work) => work(), {
      name: service,
      timeout: false, // the proxy times requests itself and aborts them
      errorThresholdPercentage: options.errorThresholdPercent,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.windowMs,
      rollingCountBuckets: 10,
      resetTimeout: options.resetTimeoutMs,
      // Only the upstream's failures count; a client's mistakes (too large, aborted) do not.
      errorFilter: (error: unknown) => !(error instanceof UpstreamFailure),
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
    });
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      onState(service, 'open', true);
    });
    this.breaker.on('halfOpen', () => onState(service, 'half-open', true));
    this.breaker.on('close', () => {
      this.consecutive = 0;
      onState(service, 'closed', true);
    });
    onState(service, 'closed', false);
  }

  get state(): BreakerStateName {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  retryAfterSeconds(): number {
    if (this.state !== 'open') return 1;
    const remaining = this.openedAt + this.options.resetTimeoutMs - Date.now();
    return Math.max(1, Math.ceil(remaining / 1000));
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = (await this.breaker.fire(work)) as T;
      this.consecutive = 0;
      return result;
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        throw new CircuitOpenError(this.service, this.retryAfterSeconds());
      }
      if (error instanceof UpstreamFailure) {
        this.consecutive += 1;
        if (this.consecutive >= this.options.consecutiveFailures && this.breaker.closed) this.breaker.open();
      }
      throw error;
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

/** A circuit breaker per upstream service, created on first use. */
export class UpstreamBreakers {
  private readonly breakers = new Map<string, ServiceBreaker>();

  constructor(
    private readonly options: BreakerOptions,
    private readonly onState: BreakerStateListener = () => undefined,
  ) {}

  /** Runs `work` through `service`'s breaker; rejects at once with {@link CircuitOpenError} while open. */
  run<T>(service: string, work: () => Promise<T>): Promise<T> {
    return this.breakerOf(service).run(work);
  }

  state(service: string): BreakerStateName {
    return this.breakers.get(service)?.state ?? 'closed';
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerOf(service: string): ServiceBreaker {
    let breaker = this.breakers.get(service);
    if (!breaker) {
      breaker = new ServiceBreaker(service, this.options, this.onState);
      this.breakers.set(service, breaker);
    }
    return breaker;
  }
}
