// The outbound path under load: agents' replies POSTed by the Genesys simulator (signed, as
// Genesys does) to genesys-webhook-service at fixed rates, through RabbitMQ, the
// outbound-transformer and whatsapp-api-service, to the WhatsApp simulator. Prints, per rate:
// sustained end-to-end msg/s, reply → WhatsApp send p50/p99, peak queue depths and CPU per
// process (and PostgreSQL, Redis, RabbitMQ); then each service's peak memory. The WhatsApp rate
// limit is raised to 1,000 msg/s.
//   npm run bench:outbound -- [rates=250,500,1000] [seconds per rate=10] [customers=200]
import { performance } from 'node:perf_hooks';
import {
  BrokerInspector,
  at,
  customerWrites,
  sleep,
  startPlatform,
  type Platform,
} from '@switchboard/backend-testing-platform';
import { QUEUES } from '@switchboard/shared-contracts';
import {
  QueueDepthSampler,
  cpuSnapshot,
  cpuUsageLine,
  ms,
  percentile,
  printPeakMemory,
} from '../common/bench-report.util';

const [ratesArg = '250,500,1000', secondsArg = '10', customersArg = '200'] = process.argv.slice(2);
const RATES = ratesArg.split(',').map(Number);
const SECONDS = Number(secondsArg);
const CUSTOMERS = Number(customersArg);

interface Reply {
  readonly text: string;
  readonly sentAtMs: number;
  accepted?: boolean;
}

async function runRate(
  platform: Platform,
  customers: string[],
  rate: number,
  label: string,
): Promise<Reply[]> {
  const tenant = at(platform.tenants);
  const total = rate * SECONDS;
  const replies: Reply[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const reply: Reply = { text: `bench ${label} #${i}`, sentAtMs: Date.now() };
    replies.push(reply);
    inFlight.push(
      platform.genesys
        .sendAgentMessage(
          {
            integrationId: tenant.integrationId,
            customerId: at(customers, i % customers.length),
            text: reply.text,
          },
          false,
        )
        .then(() => {
          reply.accepted = true;
        })
        .catch(() => {
          reply.accepted = false;
        }),
    );
  }
  await Promise.all(inFlight);
  return replies;
}

/** What WhatsApp accepted, asking the simulator only for sends after the last one seen. */
class SendLog {
  readonly received = new Map<string, number>();
  lastSequence = 0;

  constructor(private readonly platform: Platform) {}

  async poll(): Promise<void> {
    const sends = await this.platform.whatsapp.sends({
      kind: 'message',
      afterSequence: String(this.lastSequence),
    });
    for (const send of sends) {
      this.lastSequence = Math.max(this.lastSequence, send.sequence);
      const body = (send.payload['text'] as { body?: string } | undefined)?.body;
      if (body) this.received.set(body, Date.parse(send.receivedAt));
    }
  }
}

/** BENCH_CONSUMER=concurrency/maxActivePerTenant overrides both outbound consumers (one tenant here). */
function consumerEnv(): Record<string, string> {
  const setting = process.env['BENCH_CONSUMER'];
  if (!setting) return {};
  const [concurrency = '64', perTenant = concurrency] = setting.split('/');
  return {
    CONSUMER_CONCURRENCY: concurrency,
    CONSUMER_PREFETCH: String(Math.max(256, Number(concurrency) * 4)),
    CONSUMER_MAX_ACTIVE_PER_TENANT: perTenant,
    CONSUMER_MAX_HELD_PER_TENANT: String(Math.max(256, Number(concurrency) * 4)),
  };
}

async function main(): Promise<void> {
  process.stdout.write('starting the platform (built bundles under dist/apps)...\n');
  const platform = await startPlatform({
    label: 'bench-outbound',
    // The number's WhatsApp throughput raised to 1,000 msg/s (the default tier is 80).
    tenants: [{ throughputTier: 1000 }],
    env: {
      'whatsapp-api-service': { WHATSAPP_RATE_LIMIT_PER_SECOND: '1000', ...consumerEnv() },
      'outbound-transformer': consumerEnv(),
      'whatsapp-simulator': { MAX_RECORDED_SENDS: '200000' },
      'genesys-simulator': { MAX_RECORDED_ITEMS: '200000', MAX_CONVERSATIONS: '100000' },
    },
  });
  const tenant = at(platform.tenants);
  const broker = new BrokerInspector(platform.vhost.url);
  const log = new SendLog(platform);
  const watchedQueues = [QUEUES.OUTBOUND_RAW, QUEUES.WHATSAPP_DELIVERY];
  try {
    process.stdout.write(`opening ${CUSTOMERS} conversations...\n`);
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => `1555${String(i).padStart(7, '0')}`);
    for (let i = 0; i < customers.length; i += 20) {
      await Promise.all(
        customers.slice(i, i + 20).map((customer) => customerWrites(platform, tenant, customer, 'hi')),
      );
    }
    for (const rate of RATES) {
      const cpuBefore = cpuSnapshot(platform);
      const depths = new QueueDepthSampler(broker, watchedQueues);
      const runStarted = Date.now();
      const replies = await runRate(platform, customers, rate, String(rate));
      const accepted = replies.filter((reply) => reply.accepted);
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        await log.poll();
        if (accepted.every((reply) => log.received.has(reply.text))) break;
        await sleep(500);
      }
      depths.stop();
      const wallSeconds = (Date.now() - runStarted) / 1000;
      const cpuAfter = cpuSnapshot(platform);
      const arrived = accepted.filter((reply) => log.received.has(reply.text));
      const latencies = arrived.map((reply) => (log.received.get(reply.text) as number) - reply.sentAtMs);
      const firstSent = Math.min(...replies.map((reply) => reply.sentAtMs));
      const lastArrival = Math.max(...arrived.map((reply) => log.received.get(reply.text) as number));
      console.log(
        `\nrate ${rate} replies/s for ${SECONDS} s: ${replies.length} replies, ${accepted.length} taken by the simulator, ${arrived.length} at WhatsApp` +
          `\n  sustained end to end: ${(arrived.length / ((lastArrival - firstSent) / 1000)).toFixed(0)} msg/s` +
          `\n  reply → WhatsApp:     p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}` +
          `\n  peak queue depth:     ${depths.peaksLine()}` +
          `\n  ${cpuUsageLine(cpuBefore, cpuAfter, wallSeconds)}`,
      );
    }
    printPeakMemory(platform);
  } finally {
    await broker.close();
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
