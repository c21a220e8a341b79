import { QueueMetrics } from '@switchboard/backend-util-observability';
import { QUEUES } from '@switchboard/shared-contracts';
import { Registry } from 'prom-client';
import { prometheusConsumerObserver } from './messaging.metrics';

describe(prometheusConsumerObserver.name, () => {
  it('counts each outcome per queue and tenant and times the handler', async () => {
    const registry = new Registry();
    const sut = prometheusConsumerObserver(new QueueMetrics(registry));
    const base = { queue: QUEUES.INBOUND_RAW, tenantId: 'tenant-a', durationMs: 12 };
    sut.onSucceeded?.(base);
    sut.onSucceeded?.(base);
    sut.onRetried?.({ ...base, attempt: 0, delayMs: 1000, reason: 'boom' });
    sut.onDeadLettered?.({ ...base, tenantId: undefined, reason: 'bad' });
    sut.onHeldBack?.({ queue: QUEUES.INBOUND_RAW, tenantId: 'tenant-b' });
    const text = await registry.metrics();
    expect(text).toContain(
      `queue_messages_total{queue="${QUEUES.INBOUND_RAW}",tenant="tenant-a",outcome="succeeded"} 2`,
    );
    expect(text).toContain(
      `queue_messages_total{queue="${QUEUES.INBOUND_RAW}",tenant="tenant-a",outcome="retried"} 1`,
    );
    expect(text).toContain(
      `queue_messages_total{queue="${QUEUES.INBOUND_RAW}",tenant="unknown",outcome="dead_lettered"} 1`,
    );
    expect(text).toContain(
      `queue_messages_total{queue="${QUEUES.INBOUND_RAW}",tenant="tenant-b",outcome="held_back"} 1`,
    );
    expect(text).toContain(`queue_handler_duration_seconds_count{queue="${QUEUES.INBOUND_RAW}"} 4`);
  });
});
