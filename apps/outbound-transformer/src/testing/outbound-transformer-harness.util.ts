import type { INestApplication } from '@nestjs/common';
import {
  ObjectStorage,
  startLocalS3Server,
  type LocalS3Server,
} from '@switchboard/backend-data-access-object-storage';
import {
  TEST_REDIS_URL,
  createTestVhost,
  uniqueKeyPrefix,
  type TestVhost,
} from '@switchboard/backend-testing-infra';
import { DEV_S3_CREDENTIAL } from '@switchboard/backend-util-config';
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
  type GenesysOutboundEvent,
  type RoutingKey,
} from '@switchboard/shared-contracts';
import Redis from 'ioredis';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { register } from 'prom-client';
import {
  loadOutboundTransformerConfig,
  type OutboundTransformerConfig,
} from '../app/config/outbound-transformer.config';
import { outboundTransformerHttpOptions } from '../app/outbound-transformer.bootstrap';
import type { AttachmentNetwork } from './attachment-network.util';
import type { FakePlatform } from './fake-platform.util';

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

const ENVELOPE_TYPES = {
  message: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
  receipt: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_RECEIPT,
  typing: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING,
} as const;

/** The envelope genesys-webhook-service publishes for a verified webhook body. */
export function outboundEnvelope(
  tenantId: string,
  kind: GenesysOutboundEvent['kind'],
  webhook: Record<string, unknown>,
  receivedAt = new Date().toISOString(),
): Envelope<GenesysOutboundEvent> {
  const channel = webhook['channel'] as { id: string; to: { id: string } };
  const conversationId = webhook['conversationId'];
  return createEnvelope({
    tenantId,
    type: ENVELOPE_TYPES[kind],
    payload: {
      kind,
      integrationId: channel.id,
      genesysMessageId: webhook['id'] as string,
      customerId: channel.to.id,
      ...(typeof conversationId === 'string' && { conversationId }),
      receivedAt,
      webhook,
    },
  });
}

/**
 * outbound-transformer as `main.ts` builds it, on 127.0.0.1:0, against a fresh RabbitMQ vhost, a
 * fresh Redis key prefix, s3rver, a fake of the platform services and a pretend Internet for
 * attachments. Test input goes onto `genesys.outbound.raw` like genesys-webhook-service's.
 */
export class OutboundTransformerHarness {
  private constructor(
    readonly app: INestApplication,
    readonly config: OutboundTransformerConfig,
    readonly baseUrl: string,
    readonly vhost: TestVhost,
    readonly s3: LocalS3Server,
    readonly storage: ObjectStorage,
    private readonly connection: MessagingConnection,
    private readonly confirmed: ConfirmedPublisher,
    readonly publisher: MessagePublisher,
    readonly logs: { text: string },
  ) {}

  static async start(
    label: string,
    platform: FakePlatform,
    network: AttachmentNetwork,
    env: Record<string, string> = {},
  ): Promise<OutboundTransformerHarness> {
    const vhost = await createTestVhost(label);
    const s3 = await startLocalS3Server();
    const config = loadOutboundTransformerConfig({
      NODE_ENV: 'test',
      RABBITMQ_URL: vhost.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: uniqueKeyPrefix(label),
      AUTH_SERVICE_URL: platform.baseUrl,
      TENANT_SERVICE_URL: platform.baseUrl,
      STATE_MANAGER_URL: platform.baseUrl,
      S3_ENDPOINT: s3.endpoint,
      MEDIA_ALLOW_HTTP_LOOPBACK: 'true',
      MEDIA_FETCH_TIMEOUT_MS: '5000',
      CONSUMER_CONCURRENCY: '4',
      CONSUMER_PREFETCH: '40',
      CONSUMER_MAX_HELD_PER_TENANT: '40',
      CONSUMER_MAX_ATTEMPTS: '3',
      MEDIA_FETCH_ATTEMPTS: '2',
      CONSUMER_RETRY_BASE_DELAY_MS: '50',
      CONSUMER_RETRY_MAX_DELAY_MS: '200',
      ...env,
    });
    const logs = { text: '' };
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => (logs.text += chunk.toString()));
    register.clear();
    const app = await createHttpService(
      outboundTransformerHttpOptions(config, {
        logDestination: logStream,
        logLevel: 'info',
        mediaNetwork: { resolver: network.resolver, connector: network.connector },
      }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const connection = new MessagingConnection({
      url: vhost.url,
      connectionName: 'test-harness',
      logger: QUIET,
    });
    const confirmed = new ConfirmedPublisher(connection);
    const storage = new ObjectStorage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      accessKeyId: DEV_S3_CREDENTIAL,
      secretAccessKey: DEV_S3_CREDENTIAL,
      forcePathStyle: true,
    });
    return new OutboundTransformerHarness(
      app,
      config,
      `http://127.0.0.1:${port}`,
      vhost,
      s3,
      storage,
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

  /** Publishes a webhook body the way genesys-webhook-service does. */
  async deliver(
    tenantId: string,
    kind: GenesysOutboundEvent['kind'],
    webhook: Record<string, unknown>,
    receivedAt?: string,
  ): Promise<Envelope<GenesysOutboundEvent>> {
    const envelope = outboundEnvelope(tenantId, kind, webhook, receivedAt);
    await this.publisher.publish(ROUTING_KEYS.GENESYS_OUTBOUND_RAW, envelope);
    return envelope;
  }

  /** Dead letters of the outbound queue, with their reasons (taken off the queue). */
  async deadLetters(count = 1, timeoutMs = 15_000): Promise<DeadLetter[]> {
    const taken: DeadLetter[] = [];
    const deadline = Date.now() + timeoutMs;
    while (taken.length < count) {
      const message = await this.connection.withChannel((channel) =>
        channel.get(deadLetterQueueName(QUEUES.OUTBOUND_RAW), { noAck: true }),
      );
      if (message) {
        taken.push({
          envelope: JSON.parse(message.content.toString()) as Envelope,
          reason: String(message.properties.headers?.[MESSAGE_HEADERS.DEAD_LETTER_REASON] ?? ''),
        });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`got ${taken.length} of ${count} dead letters in ${timeoutMs} ms`);
      }
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

  /** Polls a metric until it reaches `value` (fails after `timeoutMs`). */
  async waitForMetric(
    name: string,
    labels: Record<string, string>,
    value: number,
    timeoutMs = 15_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await this.metric(name, labels);
      if (current >= value) return;
      if (Date.now() > deadline) throw new Error(`${name} stayed at ${current}, expected ${value}`);
      await delay(50);
    }
  }

  /** A separate Redis client on the service's key prefix. */
  redis(): Redis {
    return new Redis(TEST_REDIS_URL, { keyPrefix: this.config.REDIS_KEY_PREFIX });
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.confirmed.close();
    await this.connection.close();
    this.storage.close();
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

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
