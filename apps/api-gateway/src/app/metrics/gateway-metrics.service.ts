import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';

/** Outcome of one forwarded request, as seen by the gateway. */
export type UpstreamOutcome =
  'response' | 'unavailable' | 'timeout' | 'bad-gateway' | 'circuit-open' | 'too-large' | 'client-aborted';

export type BreakerStateName = 'closed' | 'half-open' | 'open';

const BREAKER_STATE_VALUE: Record<BreakerStateName, number> = { closed: 0, 'half-open': 1, open: 2 };

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * The gateway's own figures, next to the HTTP metrics of ObservabilityModule: requests and
 * latency per upstream service, breaker state, rate-limit refusals and API key lookups.
 */
@Injectable()
export class GatewayMetrics {
  private readonly requests: Counter<string>;
  private readonly latency: Histogram<string>;
  private readonly breakerState: Gauge<string>;
  private readonly breakerTransitions: Counter<string>;
  private readonly rateLimited: Counter<string>;
  private readonly rateLimitStoreFallbacks: Counter<string>;
  private readonly apiKeyLookups: Counter<string>;

  constructor(registry: Registry = register) {
    this.requests = getOrCreate(
      registry,
      'gateway_upstream_requests_total',
      () =>
        new Counter({
          name: 'gateway_upstream_requests_total',
          help: 'Requests forwarded per upstream service, by method, outcome and status code',
          labelNames: ['upstream', 'method', 'outcome', 'status_code'],
          registers: [registry],
        }),
    );
    this.latency = getOrCreate(
      registry,
      'gateway_upstream_response_seconds',
      () =>
        new Histogram({
          name: 'gateway_upstream_response_seconds',
          help: 'Time from forwarding a request to the upstream response headers (or the failure)',
          labelNames: ['upstream', 'outcome'],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers: [registry],
        }),
    );
    this.breakerState = getOrCreate(
      registry,
      'gateway_circuit_breaker_state',
      () =>
        new Gauge({
          name: 'gateway_circuit_breaker_state',
          help: 'Circuit breaker state per upstream service: 0 closed, 1 half-open, 2 open',
          labelNames: ['upstream'],
          registers: [registry],
        }),
    );
    this.breakerTransitions = getOrCreate(
      registry,
      'gateway_circuit_breaker_transitions_total',
      () =>
        new Counter({
          name: 'gateway_circuit_breaker_transitions_total',
          help: 'Circuit breaker state changes per upstream service',
          labelNames: ['upstream', 'state'],
          registers: [registry],
        }),
    );
    this.rateLimited = getOrCreate(
      registry,
      'gateway_rate_limited_total',
      () =>
        new Counter({
          name: 'gateway_rate_limited_total',
          help: 'Requests refused with 429, by limit (ip or tenant)',
          labelNames: ['limit'],
          registers: [registry],
        }),
    );
    this.rateLimitStoreFallbacks = getOrCreate(
      registry,
      'gateway_rate_limit_insurance_total',
      () =>
        new Counter({
          name: 'gateway_rate_limit_insurance_total',
          help: 'Rate-limit decisions taken by the in-memory insurance limiter because Redis failed',
          labelNames: ['limit'],
          registers: [registry],
        }),
    );
    this.apiKeyLookups = getOrCreate(
      registry,
      'gateway_api_key_lookups_total',
      () =>
        new Counter({
          name: 'gateway_api_key_lookups_total',
          help: 'API key checks, by source (cache or tenant-service) and result',
          labelNames: ['source', 'result'],
          registers: [registry],
        }),
    );
  }

  recordUpstream(
    upstream: string,
    method: string,
    outcome: UpstreamOutcome,
    statusCode: number,
    seconds?: number,
  ): void {
    this.requests.inc({ upstream, method, outcome, status_code: String(statusCode) });
    if (seconds !== undefined) this.latency.observe({ upstream, outcome }, seconds);
  }

  recordBreakerState(upstream: string, state: BreakerStateName, transition: boolean): void {
    this.breakerState.set({ upstream }, BREAKER_STATE_VALUE[state]);
    if (transition) this.breakerTransitions.inc({ upstream, state });
  }

  recordRateLimited(limit: 'ip' | 'tenant'): void {
    this.rateLimited.inc({ limit });
  }

  recordInsuranceDecision(limit: 'ip' | 'tenant'): void {
    this.rateLimitStoreFallbacks.inc({ limit });
  }

  recordApiKeyLookup(source: 'cache' | 'tenant-service', result: 'valid' | 'invalid' | 'error'): void {
    this.apiKeyLookups.inc({ source, result });
  }
}
