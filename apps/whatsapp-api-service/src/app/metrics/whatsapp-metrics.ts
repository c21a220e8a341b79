import type { BreakerState } from '@switchboard/backend-util-resilience';
import type { DeliveryFailure } from '@switchboard/shared-contracts';
import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';

/** The Graph calls the service makes. */
export type GraphCallKind = 'message' | 'media_upload' | 'typing';

/** What became of one HTTP request to the Graph API. */
export type GraphRequestOutcome =
  | 'accepted'
  | 'unauthorized'
  | 'rate_limited'
  | 'pair_rate_limited'
  | 'rejected'
  | 'server_error'
  | 'timeout'
  | 'network_error';

/** Why a call waited before going to WhatsApp. */
export type WhatsAppWaitReason = 'number_rate' | 'number_paused' | 'recipient_pacing' | 'circuit_open';

/** `inline`: waited in-process; `deferred`: handed back to the queue with RetryLaterError. */
export type WhatsAppWaitMode = 'inline' | 'deferred';

const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The service's own Prometheus figures, next to the queue metrics of util-messaging. */
export class WhatsAppMetrics {
  private readonly requests: Counter<string>;
  private readonly latency: Histogram<string>;
  private readonly waits: Counter<string>;
  private readonly breakerState: Gauge<string>;
  private readonly authFailures: Counter<string>;
  private readonly outcomes: Counter<string>;
  private readonly media: Counter<string>;
  private readonly skippedParts: Counter<string>;
  private readonly typing: Counter<string>;

  constructor(registry: Registry = register) {
    const counter = (name: string, help: string, labelNames: string[]) =>
      getOrCreate(registry, name, () => new Counter({ name, help, labelNames, registers: [registry] }));
    this.requests = counter(
      'switchboard_whatsapp_requests_total',
      'HTTP requests to the Graph API by kind (message, media_upload, typing), outcome and WhatsApp error code',
      ['kind', 'outcome', 'code'],
    );
    this.latency = getOrCreate(
      registry,
      'switchboard_whatsapp_request_duration_seconds',
      () =>
        new Histogram({
          name: 'switchboard_whatsapp_request_duration_seconds',
          help: 'Time from sending a request to the Graph API to its full answer (or the failure), by kind and outcome',
          labelNames: ['kind', 'outcome'],
          buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
          registers: [registry],
        }),
    );
    this.waits = counter(
      'switchboard_whatsapp_waits_total',
      'Calls that waited before going to WhatsApp, by reason and mode (inline: in-process; deferred: back to the queue)',
      ['reason', 'mode'],
    );
    this.breakerState = getOrCreate(
      registry,
      'switchboard_whatsapp_circuit_breaker_state',
      () =>
        new Gauge({
          name: 'switchboard_whatsapp_circuit_breaker_state',
          help: 'Circuit breaker state per tenant toward WhatsApp: 0 closed, 1 half-open, 2 open',
          labelNames: ['tenant'],
          registers: [registry],
        }),
    );
    this.authFailures = counter(
      'switchboard_whatsapp_auth_failures_total',
      'Messages that failed because WhatsApp refused a renewed access token too (alert: the credentials need an administrator), by tenant',
      ['tenant'],
    );
    this.outcomes = counter(
      'switchboard_whatsapp_delivery_outcomes_total',
      'Delivery outcomes published for agents’ messages, by outcome (sent, failed) and Genesys reason',
      ['outcome', 'reason'],
    );
    this.media = counter(
      'switchboard_whatsapp_media_total',
      'Media ids used for sends, by source (uploaded, cached, reuploaded)',
      ['source'],
    );
    this.skippedParts = counter(
      'switchboard_whatsapp_parts_already_sent_total',
      'Parts not sent again on a retry or redelivery because WhatsApp had already accepted them',
      [],
    );
    this.typing = counter(
      'switchboard_whatsapp_typing_indicators_total',
      'Typing indicators, by result (shown, dropped) and reason; best effort, never dead-lettered',
      ['result', 'reason'],
    );
  }

  recordRequest(
    kind: GraphCallKind,
    outcome: GraphRequestOutcome,
    code: number | undefined,
    seconds: number,
  ): void {
    this.requests.inc({ kind, outcome, code: code === undefined ? 'none' : String(code) });
    this.latency.observe({ kind, outcome }, seconds);
  }

  recordWait(reason: WhatsAppWaitReason, mode: WhatsAppWaitMode): void {
    this.waits.inc({ reason, mode });
  }

  recordBreakerState(tenantId: string, state: BreakerState): void {
    this.breakerState.set({ tenant: tenantId }, BREAKER_STATE_VALUE[state]);
  }

  recordAuthFailure(tenantId: string): void {
    this.authFailures.inc({ tenant: tenantId });
  }

  recordOutcome(outcome: 'sent' | 'failed', reason?: DeliveryFailure['reason']): void {
    this.outcomes.inc({ outcome, reason: reason ?? 'none' });
  }

  recordMedia(source: 'uploaded' | 'cached' | 'reuploaded'): void {
    this.media.inc({ source });
  }

  recordPartsAlreadySent(count: number): void {
    if (count > 0) this.skippedParts.inc(count);
  }

  recordTyping(result: 'shown' | 'dropped', reason = 'none'): void {
    this.typing.inc({ result, reason });
  }
}
