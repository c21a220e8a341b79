import { TestMetricRegistry } from '@switchboard/backend-testing-platform';
import { WEBHOOK_METRICS, WebhookMetrics } from '../app/webhook/webhook.metrics';

/** WebhookMetrics on a registry of the test's own, and a reader of its values. */
export function createTestMetrics(): {
  metrics: WebhookMetrics;
  value: (name: string, labels: object) => Promise<number>;
} {
  const registry = new TestMetricRegistry();
  const metrics = new WebhookMetrics(
    registry.counter(WEBHOOK_METRICS.REQUESTS, 'outcome'),
    registry.histogram(WEBHOOK_METRICS.ACK_DURATION, 'outcome'),
    registry.counter(WEBHOOK_METRICS.PUBLISHED, 'kind'),
    registry.counter(WEBHOOK_METRICS.INVALID_PUBLISHED, 'kind'),
    registry.counter(WEBHOOK_METRICS.DEDUPE_FAILURES, 'operation'),
  );
  return { metrics, value: (name, labels) => registry.value(name, labels) };
}
