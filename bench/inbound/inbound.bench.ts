// The inbound path under load: signed WhatsApp webhooks POSTed at fixed rates to the running
// whatsapp-webhook-service, through RabbitMQ, the inbound-transformer and genesys-api-service,
// to the Genesys simulator. Prints, per rate: sustained end-to-end msg/s, webhook ack p50/p99,
// webhook-to-Genesys p50/p99, peak queue depths and CPU per process; then each service's peak
// memory. Everything runs on this machine.
//   npm run bench:inbound -- [rates=250,500,1000] [seconds per rate=10] [customers=500]
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signMetaWebhook } from '@switchboard/backend-util-signatures';
import { BrokerInspector, sleep, startPlatform, type Platform } from '@switchboard/backend-testing-platform';
import { QUEUES } from '@switchboard/shared-contracts';
import { Agent, request } from 'undici';
import {
  QueueDepthSampler,
  cpuSnapshot,
  cpuUsageLine,
  ms,
  percentile,
  printPeakMemory,
} from '../common/bench-report.util';

const [ratesArg = '250,500,1000', secondsArg = '10', customersArg = '500'] = process.argv.slice(2);
const RATES = ratesArg.split(',').map(Number);
const SECONDS = Number(secondsArg);
const CUSTOMERS = Number(customersArg);

interface Sent {
  readonly wamid: string;
  readonly sentAtMs: number;
  ackMs?: number;
  status?: number;
}

function webhookBody(platform: Platform, wamid: string, customer: string, text: string): string {
  const tenant = platform.tenants[0];
  if (!tenant) throw new Error('no tenant');
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: tenant.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: tenant.displayNumber, phone_number_id: tenant.phoneNumberId },
              contacts: [{ profile: { name: `Customer ${customer}` }, wa_id: customer }],
              messages: [
                {
                  from: customer,
                  id: wamid,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

async function runRate(platform: Platform, agent: Agent, rate: number): Promise<Sent[]> {
  const total = rate * SECONDS;
  const sent: Sent[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const wamid = `wamid.bench.${randomUUID()}`;
    const customer = `1555${String(i % CUSTOMERS).padStart(7, '0')}`;
    const body = webhookBody(platform, wamid, customer, `bench message ${i}`);
    const entry: Sent = { wamid, sentAtMs: Date.now() };
    sent.push(entry);
    const t0 = performance.now();
    inFlight.push(
      request(platform.webhookUrl, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signMetaWebhook(body, platform.secrets.metaAppSecret),
        },
        body,
      })
        .then(async (response) => {
          await response.body.dump();
          entry.status = response.statusCode;
          entry.ackMs = performance.now() - t0;
        })
        .catch(() => {
          entry.status = 0;
        }),
    );
  }
  await Promise.all(inFlight);
  return sent;
}

/** Collects what Genesys accepted, asking the simulator only for records after the last seen. */
class ArrivalLog {
  readonly received = new Map<string, number>();
  lastSeq = 0;

  constructor(private readonly platform: Platform) {}

  async poll(): Promise<void> {
    const records = await this.platform.genesys.inbound({ kind: 'message', afterSeq: String(this.lastSeq) });
    for (const record of records) {
      this.lastSeq = Math.max(this.lastSeq, record.seq);
      if (record.accepted && record.providerMessageId) {
        this.received.set(record.providerMessageId, Date.parse(record.receivedAt));
      }
    }
  }
}

async function main(): Promise<void> {
  process.stdout.write(`starting the platform (built bundles under dist/apps)...\n`);
  const platform = await startPlatform({
    label: 'bench-inbound',
    env: {
      'genesys-api-service': {
        GENESYS_RATE_LIMIT_PER_MINUTE: '1000000',
        GENESYS_RATE_LIMIT_BURST: '100000',
        GENESYS_MAX_CONCURRENT_PER_TENANT: '64',
      },
      'genesys-simulator': { MAX_RECORDED_ITEMS: '100000', MAX_CONVERSATIONS: '100000' },
    },
  });
  const agent = new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const arrivals = new ArrivalLog(platform);
  const broker = new BrokerInspector(platform.vhost.url);
  const watchedQueues = [QUEUES.INBOUND_RAW, QUEUES.GENESYS_DELIVERY, QUEUES.GENESYS_CORRELATION];
  try {
    for (const rate of RATES) {
      const cpuBefore = cpuSnapshot(platform);
      const depths = new QueueDepthSampler(broker, watchedQueues);
      const runStarted = Date.now();
      const sent = await runRate(platform, agent, rate);
      const acked = sent.filter((entry) => entry.status === 200);
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        await arrivals.poll();
        if (acked.every((entry) => arrivals.received.has(entry.wamid))) break;
        await sleep(500);
      }
      depths.stop();
      const wallSeconds = (Date.now() - runStarted) / 1000;
      const cpuAfter = cpuSnapshot(platform);
      const received = new Map(
        acked
          .filter((e) => arrivals.received.has(e.wamid))
          .map((e) => [e.wamid, arrivals.received.get(e.wamid) as number]),
      );
      const latencies = acked
        .filter((e) => received.has(e.wamid))
        .map((e) => (received.get(e.wamid) as number) - e.sentAtMs);
      const firstSent = Math.min(...sent.map((e) => e.sentAtMs));
      const lastArrival = Math.max(...[...received.values()]);
      const acks = acked.map((e) => e.ackMs as number);
      console.log(
        `\nrate ${rate} req/s for ${SECONDS} s: ${sent.length} webhooks, ${acked.length} answered 200, ${received.size} at Genesys` +
          `\n  sustained end to end: ${(received.size / ((lastArrival - firstSent) / 1000)).toFixed(0)} msg/s` +
          `\n  webhook ack:          p50 ${ms(percentile(acks, 50))}, p99 ${ms(percentile(acks, 99))}` +
          `\n  webhook → Genesys:    p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}` +
          `\n  peak queue depth:     ${depths.peaksLine()}` +
          `\n  ${cpuUsageLine(cpuBefore, cpuAfter, wallSeconds)}`,
      );
    }
    printPeakMemory(platform);
  } finally {
    await broker.close();
    await agent.close();
    await platform.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
