import { QueueMetrics } from '@switchboard/backend-util-observability';
import { WORK_QUEUES } from '@switchboard/shared-contracts';
import { Gauge, Registry, register as defaultRegistry } from 'prom-client';
import type { ConsumerObserver } from './consumer.observer';
import { deadLetterQueueName } from './messaging.topology';
import type { MessagingConnection } from './messaging.connection';

/** Feeds consumer outcomes into the Prometheus queue metrics (per queue and tenant). */
export function prometheusConsumerObserver(metrics = new QueueMetrics()): ConsumerObserver {
  return {
    onSucceeded: (event) => metrics.record('succeeded', event),
    onRetried: (event) => metrics.record('retried', event),
    onDeadLettered: (event) => metrics.record('dead_lettered', event),
    onHeldBack: (event) => metrics.record('held_back', event),
  };
}

/**
 * `queue_depth{queue}`: messages waiting in every work queue and its DLQ, read from the broker
 * when Prometheus scrapes (a passive declare per queue; failures leave the series out).
 */
export function registerQueueDepthGauge(
  connection: MessagingConnection,
  registry: Registry = defaultRegistry,
): void {
  if (registry.getSingleMetric('queue_depth')) return;
  const queues = WORK_QUEUES.flatMap((definition) =>
    definition.deadLetter ? [definition.queue, deadLetterQueueName(definition.queue)] : [definition.queue],
  );
  new Gauge({
    name: 'queue_depth',
    help: 'Messages ready in each work queue and dead-letter queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      if (!connection.isConnected()) return;
      await connection
        .withChannel(async (channel) => {
          for (const queue of queues) {
            const { messageCount } = await channel.checkQueue(queue);
            this.set({ queue }, messageCount);
          }
        }, 2000)
        .catch(() => undefined);
    },
  });
}
