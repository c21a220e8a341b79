import { Counter, Histogram, Registry, register as defaultRegistry } from 'prom-client';

export type QueueOutcome = 'succeeded' | 'retried' | 'dead_lettered' | 'held_back';

export interface QueueMetricsEvent {
  readonly queue: string;
  readonly tenantId?: string;
  readonly durationMs?: number;
}

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Prometheus counters and timings of message handling, per queue and per tenant. */
export class QueueMetrics {
  private readonly messages: Counter<string>;
  private readonly handlerDuration: Histogram<string>;
  private readonly published: Counter<string>;

  constructor(registry: Registry = defaultRegistry) {
    this.messages = getOrCreate(
      registry,
      'queue_messages_total',
      () =>
        new Counter({
          name: 'queue_messages_total',
          help: 'Messages handled, by queue, tenant and outcome',
          labelNames: ['queue', 'tenant', 'outcome'],
          registers: [registry],
        }),
    );
    this.handlerDuration = getOrCreate(
      registry,
      'queue_handler_duration_seconds',
      () =>
        new Histogram({
          name: 'queue_handler_duration_seconds',
          help: 'Time spent handling one message, by queue',
          labelNames: ['queue'],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [registry],
        }),
    );
    this.published = getOrCreate(
      registry,
      'queue_published_total',
      () =>
        new Counter({
          name: 'queue_published_total',
          help: 'Messages published with a broker confirmation, by routing key and result',
          labelNames: ['routing_key', 'result'],
          registers: [registry],
        }),
    );
  }

  record(outcome: QueueOutcome, event: QueueMetricsEvent): void {
    this.messages.inc({ queue: event.queue, tenant: event.tenantId ?? 'unknown', outcome });
    if (event.durationMs !== undefined) {
      this.handlerDuration.observe({ queue: event.queue }, event.durationMs / 1000);
    }
  }

  recordPublish(routingKey: string, confirmed: boolean): void {
    this.published.inc({ routing_key: routingKey, result: confirmed ? 'confirmed' : 'failed' });
  }
}
