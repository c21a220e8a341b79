// CPU per correlation in state-manager and PostgreSQL: the built state-manager consumes
// `genesys.correlation` messages from a fresh vhost into a fresh schema and Redis prefix.
// Each customer's first message creates its mapping, the following ones touch it. Prints
// correlations/s and the CPU seconds state-manager, its PostgreSQL backends and all of
// PostgreSQL used. Needs the build: `npx nx build state-manager`.
//   npm run bench:state-manager -- [customers=500] [messages per customer=10] [concurrency=service default]
import { freePort, ServiceProcess, sleep } from '@switchboard/backend-testing-platform';
import {
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  createTestVhost,
  dropSchema,
  uniqueKeyPrefix,
  uniqueSchemaName,
} from '@switchboard/backend-testing-infra';
import {
  ConfirmedPublisher,
  MessagePublisher,
  MessagingConnection,
} from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  createEnvelope,
  type GenesysCorrelation,
} from '@switchboard/shared-contracts';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { cpuSecondsOf, infrastructureProcesses } from '../common/bench-report.util';

const [customers = 500, perCustomer = 10, concurrency] = process.argv.slice(2).map(Number);
const PUBLISHERS = 32;
const quiet = { log: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

/** Local TCP ports of the sockets a process holds open (its PostgreSQL connections among them). */
function localPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1]) inodes.add(match[1]);
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[9] && inodes.has(fields[9])) ports.add(parseInt(fields[1]?.split(':')[1] ?? '', 16));
    }
  }
  return ports;
}

function correlationsFor(phoneNumberId: string, integrationId: string): GenesysCorrelation[][] {
  const start = Date.now() - perCustomer * 1000;
  const conversations = Array.from({ length: customers }, (_, c) => ({
    waId: `49${String(1_000_000_000 + c)}`,
    conversationId: randomUUID(),
  }));
  // Round by round: every customer's first message comes before anyone's second.
  return Array.from({ length: perCustomer }, (_, round) =>
    conversations.map(({ waId, conversationId }) => {
      const at = new Date(start + round * 1000).toISOString();
      return {
        integrationId,
        phoneNumberId,
        customerWaId: waId,
        customerName: `Customer ${waId}`,
        whatsappMessageId: `wamid.bench.${randomUUID()}`,
        genesysMessageId: randomUUID(),
        conversationId,
        messageTime: at,
        acceptedAt: at,
      };
    }),
  );
}

async function main(): Promise<void> {
  const total = customers * perCustomer;
  const schema = uniqueSchemaName('bench_state_manager');
  const keyPrefix = uniqueKeyPrefix('bench-state-manager');
  const vhost = await createTestVhost('bench-state-manager');
  const connection = new MessagingConnection({ url: vhost.url, connectionName: 'bench', logger: quiet });
  const database = new Client({ connectionString: TEST_DATABASE_URL });
  const service = new ServiceProcess(
    {
      name: 'state-manager',
      bundle: 'state-manager',
      port: await freePort(),
      env: {
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        MIGRATE_ON_START: 'true',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: keyPrefix,
        RABBITMQ_URL: vhost.url,
        AUTH_SERVICE_URL: 'http://127.0.0.1:1',
        ...(concurrency ? { CORRELATION_CONCURRENCY: String(concurrency) } : {}),
      },
    },
    path.join(os.tmpdir(), `bench-state-manager-${process.pid}`),
  );
  try {
    // state-manager declares the messaging topology as it starts.
    await service.start();
    await database.connect();
    await database.query(`SELECT set_config('app.platform_scope', 'on', false)`);
    const tracked = async () =>
      Number(
        (await database.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".tracked_messages`))
          .rows[0]?.n,
      );
    const confirmed = new ConfirmedPublisher(connection);
    const publisher = new MessagePublisher(confirmed);
    const tenantId = randomUUID();
    const publishAll = async (batch: readonly GenesysCorrelation[]) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: PUBLISHERS }, async () => {
          while (next < batch.length) {
            const payload = batch[next++] as GenesysCorrelation;
            const type = PIPELINE_MESSAGE_TYPES.GENESYS_CORRELATION;
            await publisher.publish(
              ROUTING_KEYS.GENESYS_CORRELATION,
              createEnvelope({ tenantId, type, payload }),
            );
          }
        }),
      );
    };

    // Warm-up on other customers: opens the pools and compiles the hot path.
    const warmUp = correlationsFor('100000000000000', randomUUID()).flat().slice(0, 500);
    await publishAll(warmUp);
    while ((await tracked()) < warmUp.length) await sleep(100);

    const pid = service.pid as number;
    const ports = localPorts(pid);
    const backends = (
      await database.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])`,
        [[...ports]],
      )
    ).rows.map((row) => row.pid);
    // Every postgres process of this machine (backends, WAL writer, checkpointer...).
    const allPostgres = infrastructureProcesses().get('postgresql') ?? [];
    const rounds = correlationsFor('200000000000000', randomUUID());
    const before = {
      service: cpuSecondsOf([pid]),
      backends: cpuSecondsOf(backends),
      postgres: cpuSecondsOf(allPostgres),
    };
    const started = performance.now();
    await Promise.all([
      (async () => {
        for (const round of rounds) await publishAll(round);
      })(),
      (async () => {
        while ((await tracked()) < warmUp.length + total) await sleep(100);
      })(),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const used = {
      service: cpuSecondsOf([pid]) - before.service,
      backends: cpuSecondsOf(backends) - before.backends,
      postgres: cpuSecondsOf(allPostgres) - before.postgres,
    };
    await confirmed.close();

    const perCorrelation = (cpu: number) => `${((cpu * 1e6) / total).toFixed(0)} µs/correlation`;
    console.log(
      `${total} correlations (${customers} customers x ${perCustomer}), consumer concurrency ${concurrency ?? 'default'}`,
    );
    console.log(`throughput ${(total / seconds).toFixed(0)} correlations/s over ${seconds.toFixed(1)} s`);
    console.log(`state-manager CPU ${used.service.toFixed(2)} s (${perCorrelation(used.service)})`);
    console.log(
      `its PostgreSQL backends (${backends.length}) CPU ${used.backends.toFixed(2)} s (${perCorrelation(used.backends)})`,
    );
    console.log(
      `all PostgreSQL processes CPU ${used.postgres.toFixed(2)} s (${perCorrelation(used.postgres)}; includes other users of this server)`,
    );
  } finally {
    await service.stop();
    await database.end().catch(() => undefined);
    await connection.close();
    await vhost.remove();
    await dropSchema(schema);
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
