import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { WhatsAppInboundEventKind } from '@switchboard/shared-contracts';
import type { Counter, Histogram } from 'prom-client';
import type { RefusedBodyOutcome } from '@switchboard/backend-util-observability';
import type { UnroutableReason } from './tenant-routes.service';

export const WEBHOOK_METRICS = {
  REQUESTS: 'switchboard_whatsapp_webhook_requests_total',
  ACK_DURATION: 'switchboard_whatsapp_webhook_ack_duration_seconds',
  ITEMS_PUBLISHED: 'switchboard_whatsapp_webhook_items_published_total',
  UNROUTABLE: 'switchboard_whatsapp_webhook_unroutable_total',
  IGNORED_CHANGES: 'switchboard_whatsapp_webhook_ignored_changes_total',
  VERIFICATIONS: 'switchboard_whatsapp_webhook_verifications_total',
} as const;

/** What became of one webhook POST. */
export type WebhookOutcome =
  'ok' | 'bad_signature' | 'bad_json' | 'not_whatsapp' | 'unavailable' | 'error' | RefusedBodyOutcome;

export const WEBHOOK_METRIC_PROVIDERS = [
  makeCounterProvider({
    name: WEBHOOK_METRICS.REQUESTS,
    help: 'WhatsApp webhook POSTs by outcome (ok, bad_signature, bad_json, not_whatsapp, unavailable, too_large, ...)',
    labelNames: ['outcome'],
  }),
  makeHistogramProvider({
    name: WEBHOOK_METRICS.ACK_DURATION,
    help: 'Time from a webhook POST being read to its answer (publishes confirmed), by outcome',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  makeCounterProvider({
    name: WEBHOOK_METRICS.ITEMS_PUBLISHED,
    help: 'WhatsApp items published to whatsapp.inbound.raw (confirmed), by kind',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: WEBHOOK_METRICS.UNROUTABLE,
    help: 'WhatsApp items parked on whatsapp.inbound.unroutable (confirmed), by reason',
    labelNames: ['reason'],
  }),
  makeCounterProvider({
    name: WEBHOOK_METRICS.IGNORED_CHANGES,
    help: 'Webhook changes of a field other than messages, ignored, by field',
    labelNames: ['field'],
  }),
  makeCounterProvider({
    name: WEBHOOK_METRICS.VERIFICATIONS,
    help: 'GET verification handshakes by outcome (accepted, refused)',
    labelNames: ['outcome'],
  }),
];

// Field names come from Meta (the body is signed), but a label must stay a small, safe set.
const FIELD_LABEL = /^[a-z0-9_]{1,64}$/;

/** The service's own Prometheus series. */
@Injectable()
export class WebhookMetrics {
  constructor(
    @InjectMetric(WEBHOOK_METRICS.REQUESTS) private readonly requests: Counter<string>,
    @InjectMetric(WEBHOOK_METRICS.ACK_DURATION) private readonly ackDuration: Histogram<string>,
    @InjectMetric(WEBHOOK_METRICS.ITEMS_PUBLISHED) private readonly itemsPublished: Counter<string>,
    @InjectMetric(WEBHOOK_METRICS.UNROUTABLE) private readonly unroutable: Counter<string>,
    @InjectMetric(WEBHOOK_METRICS.IGNORED_CHANGES) private readonly ignoredChanges: Counter<string>,
    @InjectMetric(WEBHOOK_METRICS.VERIFICATIONS) private readonly verifications: Counter<string>,
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

  published(kind: WhatsAppInboundEventKind): void {
    this.itemsPublished.inc({ kind });
  }

  parked(reason: UnroutableReason): void {
    this.unroutable.inc({ reason });
  }

  ignoredChange(field: string): void {
    this.ignoredChanges.inc({ field: FIELD_LABEL.test(field) ? field : 'other' });
  }

  verification(accepted: boolean): void {
    this.verifications.inc({ outcome: accepted ? 'accepted' : 'refused' });
  }
}
