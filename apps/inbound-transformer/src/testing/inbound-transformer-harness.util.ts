import type { INestApplication } from '@nestjs/common';
import { startLocalS3Server, type LocalS3Server } from '@switchboard/backend-data-access-object-storage';
import {
  TEST_REDIS_URL,
  createTestVhost,
  uniqueKeyPrefix,
  type TestVhost,
} from '@switchboard/backend-testing-infra';
import {
  ConfirmedPublisher,
  MessagePublisher,
  MessagingConnection,
  deadLetterQueueName,
  type MessagingLogger,
} from '@switchboard/backend-util-messaging';
import { createHttpService } from '@switchboard/backend-util-observability';
import {
  EXCHANGES,
  MESSAGE_HEADERS,
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  ROUTING_KEYS,
  createEnvelope,
  type Envelope,
  type RoutingKey,
  type WhatsAppInboundEvent,
} from '@switchboard/shared-contracts';
import Redis from 'ioredis';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { register } from 'prom-client';
import {
  loadInboundTransformerConfig,
  type InboundTransformerConfig,
} from '../app/config/inbound-transformer.config';
import { inboundTransformerHttpOptions } from '../app/inbound-transformer.bootstrap';
import type { FakePlatform } from './fake-platform.util';
import type { SampleItem } from './samples.util';
import type { WhatsAppSimulator } from './whatsapp-simulator.util';

const QUIET: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export interface DeadLetter {
  readonly envelope: Envelope;
  readonly reason: string;
}

/** A queue of our own bound to a routing key of the pipeline exchange: what the service published. */
export class Tap {
  constructor(
    private readonly connection: MessagingConnection,
    readonly queue: string,
  ) {}

  async take(): Promise<Envelope | undefined> {
    const message = await this.connection.withChannel((channel) => channel.get(this.queue, { noAck: true }));
    return message ? (JSON.parse(message.content.toString()) as Envelope) : undefined;
  }

  /** The next `count` envelopes, in the order they were published (fails after `timeoutMs`). */
  async next(count = 1, timeoutMs = 15_000): Promise<Envelope[]> {
    const taken: Envelope[] = [];
    const deadline = Date.now() + timeoutMs;
    while (taken.length < count) {
      const envelope = await this.take();
      if (envelope) {
        taken.push(envelope);
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.queue}: got ${taken.length} of ${count} envelopes within ${timeoutMs} ms`);
      }
      await delay(50);
    }
    return taken;
  }

  async count(): Promise<number> {
    return this.connection.withChannel(
      async (channel) => (await channel.checkQueue(this.queue)).messageCount,
    );
  }
}

/**
 * inbound-transformer as `main.ts` builds it, on 127.0.0.1:0, against a fresh RabbitMQ vhost, a
 * fresh Redis key prefix, s3rver, the real WhatsApp simulator and a fake of the three platform
 * services. Test input goes onto `whatsapp.inbound.raw` like whatsapp-webhook-service's.
 */
export class InboundTransformerHarness {
  private constructor(
    readonly app: INestApplication,
    readonly config: InboundTransformerConfig,
    readonly baseUrl: string,
    readonly vhost: TestVhost,
    readonly s3: LocalS3Server,
    private readonly connection: MessagingConnection,
    private readonly confirmed: ConfirmedPublisher,
    readonly publisher: MessagePublisher,
    readonly logs: { text: string },
  ) {}

  static async start(
    label: string,
    simulator: WhatsAppSimulator,
    platform: FakePlatform,
    env: Record<string, string> = {},
  ): Promise<InboundTransformerHarness> {
    const vhost = await createTestVhost(label);
    const s3 = await startLocalS3Server();
    const config = loadInboundTransformerConfig({
      NODE_ENV: 'test',
      RABBITMQ_URL: vhost.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: uniqueKeyPrefix(label),
      AUTH_SERVICE_URL: platform.baseUrl,
      TENANT_SERVICE_URL: platform.baseUrl,
      STATE_MANAGER_URL: platform.baseUrl,
      WHATSAPP_GRAPH_BASE_URL: simulator.baseUrl,
      ALLOW_INSECURE_CLOUD_URLS: 'true',
      S3_ENDPOINT: s3.endpoint,
      CONSUMER_CONCURRENCY: '4',
      CONSUMER_PREFETCH: '40',
      CONSUMER_MAX_HELD_PER_TENANT: '40',
      ...env,
    });
    const logs = { text: '' };
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => (logs.text += chunk.toString()));
    register.clear();
    const app = await createHttpService(
      inboundTransformerHttpOptions(config, { logDestination: logStream, logLevel: 'info' }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const connection = new MessagingConnection({
      url: vhost.url,
      connectionName: 'test-harness',
      logger: QUIET,
    });
    const confirmed = new ConfirmedPublisher(connection);
    return new InboundTransformerHarness(
      app,
      config,
      `http://127.0.0.1:${port}`,
      vhost,
      s3,
      connection,
      confirmed,
      new MessagePublisher(confirmed),
      logs,
    );
  }

  /** A fresh queue receiving every message published with `routingKey`. */
  async tap(routingKey: RoutingKey): Promise<Tap> {
    const queue = `test.tap.${routingKey}.${Math.random().toString(36).slice(2, 8)}`;
    await this.connection.withChannel(async (channel) => {
      await channel.assertQueue(queue, { durable: false, autoDelete: false });
      await channel.bindQueue(queue, EXCHANGES.PIPELINE, routingKey);
    });
    return new Tap(this.connection, queue);
  }

  /** Publishes a webhook item the way whatsapp-webhook-service does. */
  async deliver(tenantId: string, event: SampleItem): Promise<Envelope<WhatsAppInboundEvent>> {
    const envelope = inboundEnvelope(tenantId, event);
    await this.publisher.publish(ROUTING_KEYS.WHATSAPP_INBOUND_RAW, envelope);
    return envelope;
  }

  /** Dead letters of the inbound queue, with their reasons (taken off the queue). */
  async deadLetters(count = 1, timeoutMs = 15_000): Promise<DeadLetter[]> {
    const taken: DeadLetter[] = [];
    const deadline = Date.now() + timeoutMs;
    while (taken.length < count) {
      const message = await this.connection.withChannel((channel) =>
        channel.get(deadLetterQueueName(QUEUES.INBOUND_RAW), { noAck: true }),
      );
      if (message) {
        taken.push({
          envelope: JSON.parse(message.content.toString()) as Envelope,
          reason: String(message.properties.headers?.[MESSAGE_HEADERS.DEAD_LETTER_REASON] ?? ''),
        });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`got ${taken.length} of ${count} dead letters in ${timeoutMs} ms`);
      await delay(50);
    }
    return taken;
  }

  /** The value of one Prometheus sample of the service's /metrics, 0 when absent. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`${this.baseUrl}/metrics`)).text();
    const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) &&
          wanted.every((label) => candidate.includes(label)),
      );
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  /** A separate Redis client on the service's key prefix. */
  redis(): Redis {
    return new Redis(TEST_REDIS_URL, { keyPrefix: this.config.REDIS_KEY_PREFIX });
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.confirmed.close();
    await this.connection.close();
    await this.vhost.remove();
    await this.s3.close();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${this.config.REDIS_KEY_PREFIX}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
}

const ENVELOPE_TYPES = {
  message: PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE,
  status: PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS,
  error: PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR,
} as const;

export function inboundEnvelope(tenantId: string, event: SampleItem): Envelope<WhatsAppInboundEvent> {
  return createEnvelope({
    tenantId,
    type: ENVELOPE_TYPES[event.kind],
    payload: {
      kind: event.kind,
      phoneNumberId: event.phoneNumberId,
      displayPhoneNumber: event.displayPhoneNumber,
      wabaId: event.wabaId,
      ...(event.customerWaId ? { customerWaId: event.customerWaId } : {}),
      ...(event.contact ? { contact: event.contact } : {}),
      receivedAt: new Date().toISOString(),
      batchIndex: 0,
      item: event.item,
    },
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
