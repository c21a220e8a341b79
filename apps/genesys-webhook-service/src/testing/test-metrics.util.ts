import { Counter, Histogram, Registry } from 'prom-client';
import { WEBHOOK_METRICS, WebhookMetrics } from '../app/webhook/webhook.metrics';

/** WebhookMetrics on a registry of the test's own, and a reader of its values. */
export function createTestMetrics(): {
  metrics: WebhookMetrics;
  value: (name: string, labels: object) => Promise<number>;
} {
  const registry = new Registry();
  const counter = (name: string, label: string) =>
    new Counter({ name, help: name, labelNames: [label], registers: [registry] });
  const metrics = new WebhookMetrics(
    counter(WEBHOOK_METRICS.REQUESTS, 'outcome'),
    new Histogram({
      name: WEBHOOK_METRICS.ACK_DURATION,
      help: 'ack',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    counter(WEBHOOK_METRICS.PUBLISHED, 'kind'),
    counter(WEBHOOK_METRICS.INVALID_PUBLISHED, 'kind'),
    counter(WEBHOOK_METRICS.DEDUPE_FAILURES, 'operation'),
  );
  const value = async (name: string, labels: object) => {
    const metric = await registry.getSingleMetric(name)?.get();
    // A histogram's series are its buckets, sum and count: read the count.
    const sample = metric?.values.find(
      (candidate) =>
        [undefined, `${name}_count`].includes((candidate as { metricName?: string }).metricName) &&
        Object.entries(labels).every(([key, expected]) => candidate.labels[key] === expected),
    );
    return sample?.value ?? 0;
  };
  return { metrics, value };
}
