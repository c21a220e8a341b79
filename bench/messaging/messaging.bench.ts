// Throughput and latency of the messaging library on the local RabbitMQ: confirmed publishes
// into a work queue, a consumer acking after its (empty) handler. Prints its figures.
//   npm run bench:messaging -- [messages=5000] [concurrency=16] [publishers=32]
import { createEnvelope, QUEUES, ROUTING_KEYS } from '@switchboard/shared-contracts';
import { createTestVhost } from '@switchboard/backend-testing-infra';
import {
  ConfirmedPublisher,
  declareMessagingTopology,
  MessagePublisher,
  MessagingConnection,
  WorkQueueConsumer,
} from '@switchboard/backend-util-messaging';
import { performance } from 'node:perf_hooks';
import { ms, percentile } from '../common/bench-report.util';

const [messages = 5000, concurrency = 16, publishers = 32] = process.argv.slice(2).map(Number);
const quiet = { log: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

async function main(): Promise<void> {
  const vhost = await createTestVhost('bench');
  const connection = new MessagingConnection({ url: vhost.url, connectionName: 'bench', logger: quiet });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    await connection.withChannel((channel) => declareMessagingTopology(channel));
    const confirmed = new ConfirmedPublisher(connection);
    const publisher = new MessagePublisher(confirmed);
    const sentAt = new Map<string, number>();
    const endToEnd: number[] = [];
    let done!: () => void;
    const allConsumed = new Promise<void>((resolve) => (done = resolve));
    const consumer = new WorkQueueConsumer(connection, confirmed, {
      queue: QUEUES.GENESYS_DELIVERY,
      concurrency,
      logger: quiet,
      handler: async (envelope) => {
        endToEnd.push(performance.now() - (sentAt.get(envelope.id) ?? performance.now()));
        if (endToEnd.length === messages) done();
      },
    });
    await consumer.start();

    const confirmLatency: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: publishers }, async () => {
        while (next < messages) {
          next += 1;
          const envelope = createEnvelope({
            tenantId: 'bench',
            type: 'bench',
            payload: { n: next, text: 'x'.repeat(200) },
          });
          const t0 = performance.now();
          sentAt.set(envelope.id, t0);
          await publisher.publish(ROUTING_KEYS.GENESYS_DELIVERY, envelope);
          confirmLatency.push(performance.now() - t0);
        }
      }),
    );
    const published = performance.now();
    await allConsumed;
    const finished = performance.now();
    await consumer.stop();
    await confirmed.close();

    const fmt = (n: number) => n.toFixed(1);
    console.log(
      `messages ${messages}, consumer concurrency ${concurrency}, concurrent publishers ${publishers}`,
    );
    console.log(
      `publish (confirmed): ${fmt(messages / ((published - started) / 1000))} msg/s, ` +
        `confirm p50 ${ms(percentile(confirmLatency, 50))}, p99 ${ms(percentile(confirmLatency, 99))}`,
    );
    console.log(
      `end to end: ${fmt(messages / ((finished - started) / 1000))} msg/s, ` +
        `latency p50 ${ms(percentile(endToEnd, 50))}, p99 ${ms(percentile(endToEnd, 99))}`,
    );
    console.log(`peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (publisher and consumer in one process)`);
  } finally {
    clearInterval(sampler);
    await connection.close();
    await vhost.remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
