import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { GenesysOutboundEventKind } from '@switchboard/shared-contracts';
import type { Counter, Histogram } from 'prom-client';
import type { RefusedBodyOutcome } from '@switchboard/backend-util-observability';

export const WEBHOOK_METRICS = {
  REQUESTS: 'switchboard_genesys_webhook_requests_total',
  ACK_DURATION: 'switchboard_genesys_webhook_ack_duration_seconds',
  PUBLISHED: 'switchboard_genesys_webhook_published_total',
  INVALID_PUBLISHED: 'switchboard_genesys_webhook_invalid_published_total',
  DEDUPE_FAILURES: 'switchboard_genesys_webhook_dedupe_failures_total',
} as const;

/** What became of one webhook POST. */
export type WebhookOutcome =
  | 'ok'
  | 'duplicate'
  | 'echo'
  | 'unusable'
  | 'bad_signature'
  | 'unknown_integration'
  | 'bad_json'
  | 'in_progress'
  | 'unavailable'
  | 'error'
  | RefusedBodyOutcome;

/** The Redis operation of a claim that failed (Redis down or slow). */
export type DedupeOperation = 'claim' | 'complete' | 'release';

export const WEBHOOK_METRIC_PROVIDERS = [
  makeCounterProvider({
    name: WEBHOOK_METRICS.REQUESTS,
    help: 'Genesys webhook POSTs by outcome (ok, duplicate, echo, unusable, bad_signature, unknown_integration, bad_json, in_progress, unavailable, ...)',
    labelNames: ['outcome'],
  }),
  makeHistogramProvider({
    name: WEBHOOK_METRICS.ACK_DURATION,
    help: 'Time from a Genesys webhook POST being read to its answer (publish confirmed), by outcome',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  makeCounterProvider({
    name: WEBHOOK_METRICS.PUBLISHED,
    help: 'Genesys webhooks published to genesys.outbound.raw (confirmed), by kind',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: WEBHOOK_METRICS.INVALID_PUBLISHED,
    help: 'Published Genesys webhooks that fail the outbound webhook contract (the outbound-transformer dead-letters them with the reason), by kind',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: WEBHOOK_METRICS.DEDUPE_FAILURES,
    help: 'Dedupe claims that Redis could not serve (the webhook is published anyway), by operation',
    labelNames: ['operation'],
  }),
];

/** The service's own Prometheus series. */
@Injectable()
export class WebhookMetrics {
  constructor(
    @InjectMetric(WEBHOOK_METRICS.REQUESTS) private readonly requests: Counter<string>,
    @InjectMetric(WEBHOOK_METRICS.ACK_DURATION) private readonly ackDuration: Histogram<string>,
    @InjectMetric(WEBHOOK_METRICS.PUBLISHED) private readonly publishedEvents: Counter<string>,
    @InjectMetric(WEBHOOK_METRICS.INVALID_PUBLISHED) private readonly invalidPublished: Counter<string>,
    @InjectMetric(WEBHOOK_METRICS.DEDUPE_FAILURES) private readonly dedupeFailures: Counter<string>,
  ) {}

  /** Starts the ack timer; the returned function records the POST's outcome and duration. */
  startWebhook(): (outcome: WebhookOutcome) => void {
    const stopTimer = this.ackDuration.startTimer();
    return (outcome) => {
      stopTimer({ outcome });
      this.requests.inc({ outcome });
    };
  }

  /** A POST the body parser refused before the route ran (no ack timing: nothing was processed). */
  refusedBody(outcome: RefusedBodyOutcome): void {
    this.requests.inc({ outcome });
  }

  published(kind: GenesysOutboundEventKind, valid: boolean): void {
    this.publishedEvents.inc({ kind });
    if (!valid) this.invalidPublished.inc({ kind });
  }

  dedupeFailed(operation: DedupeOperation): void {
    this.dedupeFailures.inc({ operation });
  }
}
