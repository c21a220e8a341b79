import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';
import type { GenesysCallKind } from '../genesys/genesys-endpoints.util';
import type { BreakerState } from '@switchboard/backend-util-resilience';

/** What became of one HTTP request to Genesys. */
export type GenesysRequestOutcome =
  'accepted' | 'unauthorized' | 'rate_limited' | 'rejected' | 'server_error' | 'timeout' | 'network_error';

/** Why a call waited before going to Genesys. */
export type GenesysWaitReason = 'tenant_rate' | 'integration_paused' | 'circuit_open';

/** `inline`: waited in-process; `deferred`: handed back to the queue with RetryLaterError. */
export type GenesysWaitMode = 'inline' | 'deferred';

/** Where a published correlation came from. */
export type CorrelationSource = 'genesys_answer' | 'accepted_record';

const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The service's own Prometheus figures, next to the queue metrics of util-messaging. */
export class GenesysMetrics {
  private readonly requests: Counter<string>;
  private readonly latency: Histogram<string>;
  private readonly rateLimited: Counter<string>;
  private readonly authFailures: Counter<string>;
  private readonly waits: Counter<string>;
  private readonly breakerState: Gauge<string>;
  private readonly correlations: Counter<string>;

  constructor(registry: Registry = register) {
    this.requests = getOrCreate(
      registry,
      'switchboard_genesys_requests_total',
      () =>
        new Counter({
          name: 'switchboard_genesys_requests_total',
          help: 'HTTP requests to the Genesys Open Messaging API by kind (message, receipt, typing), outcome and status code',
          labelNames: ['kind', 'outcome', 'status_code'],
          registers: [registry],
        }),
    );
    this.latency = getOrCreate(
      registry,
      'switchboard_genesys_request_duration_seconds',
      () =>
        new Histogram({
          name: 'switchboard_genesys_request_duration_seconds',
          help: 'Time from sending a request to Genesys to its full answer (or the failure), by kind and outcome',
          labelNames: ['kind', 'outcome'],
          buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers: [registry],
        }),
    );
    this.rateLimited = getOrCreate(
      registry,
      'switchboard_genesys_rate_limited_total',
      () =>
        new Counter({
          name: 'switchboard_genesys_rate_limited_total',
          help: 'Answers 429 from Genesys, by tenant',
          labelNames: ['tenant'],
          registers: [registry],
        }),
    );
    this.authFailures = getOrCreate(
      registry,
      'switchboard_genesys_auth_failures_total',
      () =>
        new Counter({
          name: 'switchboard_genesys_auth_failures_total',
          help: 'Deliveries dead-lettered because Genesys answered 401 to a renewed token too, by tenant',
          labelNames: ['tenant'],
          registers: [registry],
        }),
    );
    this.waits = getOrCreate(
      registry,
      'switchboard_genesys_waits_total',
      () =>
        new Counter({
          name: 'switchboard_genesys_waits_total',
          help: 'Calls that waited before going to Genesys, by reason and mode (inline: in-process; deferred: back to the queue)',
          labelNames: ['reason', 'mode'],
          registers: [registry],
        }),
    );
    this.breakerState = getOrCreate(
      registry,
      'switchboard_genesys_circuit_breaker_state',
      () =>
        new Gauge({
          name: 'switchboard_genesys_circuit_breaker_state',
          help: 'Circuit breaker state per Genesys region: 0 closed, 1 half-open, 2 open',
          labelNames: ['region'],
          registers: [registry],
        }),
    );
    this.correlations = getOrCreate(
      registry,
      'switchboard_genesys_correlations_published_total',
      () =>
        new Counter({
          name: 'switchboard_genesys_correlations_published_total',
          help: 'Correlations (WhatsApp message ↔ Genesys message and conversation) published, by source',
          labelNames: ['source'],
          registers: [registry],
        }),
    );
  }

  recordRequest(
    kind: GenesysCallKind,
    outcome: GenesysRequestOutcome,
    statusCode: number | undefined,
    seconds: number,
  ): void {
    this.requests.inc({ kind, outcome, status_code: statusCode === undefined ? 'none' : String(statusCode) });
    this.latency.observe({ kind, outcome }, seconds);
  }

  recordRateLimited(tenantId: string): void {
    this.rateLimited.inc({ tenant: tenantId });
  }

  recordAuthFailure(tenantId: string): void {
    this.authFailures.inc({ tenant: tenantId });
  }

  recordWait(reason: GenesysWaitReason, mode: GenesysWaitMode): void {
    this.waits.inc({ reason, mode });
  }

  recordBreakerState(region: string, state: BreakerState): void {
    this.breakerState.set({ region }, BREAKER_STATE_VALUE[state]);
  }

  recordCorrelation(source: CorrelationSource): void {
    this.correlations.inc({ source });
  }
}
