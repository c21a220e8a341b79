import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import {
  MEDIA_BUCKETS,
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
import { MessagePublisher, deadLetterQueueName } from '@switchboard/backend-util-messaging';
import { createHttpService } from '@switchboard/backend-util-observability';
import {
  EXCHANGES,
  MESSAGE_HEADERS,
  QUEUES,
  ROUTING_KEYS,
  type Envelope,
  type StoredOutboundMedia,
  type WhatsAppDelivery,
  type WhatsAppDeliveryOutcome,
} from '@switchboard/shared-contracts';
import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import Redis from 'ioredis';
import { register } from 'prom-client';
import { AppModule } from '../app/app.module';
import { SERVICE_NAME, loadWhatsAppApiServiceConfig } from '../app/config/whatsapp-api-service.config';
import { deliveryEnvelope, type Customer } from './deliveries.fixture';
import { startFakePlatform, type FakePlatform } from './fake-platform.util';
import { WhatsAppSimulator } from './whatsapp-simulator.util';

const SERVICE_SECRET = 'integration-test-service-secret';
const OUTCOME_TEST_QUEUE = 'test.whatsapp-delivery-outcomes';

export interface TestTenant {
  readonly tenantId: string;
  readonly phoneNumberId: string;
  readonly integrationId: string;
  /** A customer of the tenant's number (a fresh wa_id per call). */
  customer(): Customer;
}

export interface DeadLetter {
  readonly envelope: Envelope<WhatsAppDelivery>;
  readonly reason: string;
  readonly attempt: number;
}

/**
 * whatsapp-api-service as main.ts starts it, against a fresh RabbitMQ vhost and Redis prefix,
 * the real WhatsApp simulator (child process), a local S3 server and in-test fakes of
 * auth-service, tenant-service and state-manager; with a test queue bound to
 * `whatsapp.delivery.outcome` and access to the DLQ.
 */
export class WhatsAppApiServiceHarness {
  readonly logs: string[] = [];
  /** Outcomes taken from the queue while looking for another message's. */
  private readonly setAside: Envelope<WhatsAppDeliveryOutcome>[] = [];
  private app: INestApplication | undefined;
  private connection: ChannelModel | undefined;
  private channel: Channel | undefined;
  private redis: Redis | undefined;
  private baseUrl = '';
  private tenants = 0;

  private constructor(
    readonly simulator: WhatsAppSimulator,
    readonly platform: FakePlatform,
    readonly storage: ObjectStorage,
    private readonly s3: LocalS3Server,
    private readonly vhost: TestVhost,
    private readonly keyPrefix: string,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<WhatsAppApiServiceHarness> {
    const simulator = await WhatsAppSimulator.start();
    let minted = 0;
    const platform = await startFakePlatform({
      serviceName: SERVICE_NAME,
      serviceSecret: SERVICE_SECRET,
      mintToken: async (phoneNumberId) => {
        minted += 1;
        const token = `token-${phoneNumberId}-${minted}`;
        await simulator.registerToken(phoneNumberId, token);
        return token;
      },
    });
    const s3 = await startLocalS3Server();
    const storage = new ObjectStorage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      accessKeyId: DEV_S3_CREDENTIAL,
      secretAccessKey: DEV_S3_CREDENTIAL,
      forcePathStyle: true,
    });
    const vhost = await createTestVhost(label);
    const harness = new WhatsAppApiServiceHarness(
      simulator,
      platform,
      storage,
      s3,
      vhost,
      uniqueKeyPrefix(`whatsapp-api-${label}`),
    );
    await harness.startApp(env);
    return harness;
  }

  /** A tenant with its own number at the simulator, tenant-service and the token broker. */
  async addTenant(throughputTier?: number): Promise<TestTenant> {
    this.tenants += 1;
    const tenantNumber = String(this.tenants).padStart(3, '0');
    const tenantId = randomUUID();
    const phoneNumberId = `109876543${String(Date.now() % 1000).padStart(3, '0')}${tenantNumber}`;
    const integrationId = randomUUID();
    await this.simulator.addNumber(phoneNumberId);
    this.platform.add({ tenantId, phoneNumberId, integrationId, throughputTier });
    let customers = 0;
    return {
      tenantId,
      phoneNumberId,
      integrationId,
      customer: () => {
        customers += 1;
        return {
          integrationId,
          phoneNumberId,
          customerWaId: `1555${tenantNumber}${String(customers).padStart(4, '0')}`,
        };
      },
    };
  }

  /** An attachment stored as outbound-transformer stores it (`media-outbound/<tenant>/…`). */
  async storeMedia(tenantId: string, bytes: Buffer, mimeType: string): Promise<StoredOutboundMedia> {
    const key = `${tenantId}/${randomUUID()}/0`;
    await this.storage.put({ bucket: MEDIA_BUCKETS.OUTBOUND, key, body: bytes, contentType: mimeType });
    return {
      kind: 'image',
      bucket: MEDIA_BUCKETS.OUTBOUND,
      key,
      mimeType,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      filename: 'photo.png',
    };
  }

  /** Publishes a delivery on `whatsapp.delivery` as outbound-transformer does. */
  async deliver(tenantId: string, payload: WhatsAppDelivery): Promise<Envelope<WhatsAppDelivery>> {
    const envelope = deliveryEnvelope(tenantId, payload);
    await this.requireApp().get(MessagePublisher).publish(ROUTING_KEYS.WHATSAPP_DELIVERY, envelope);
    return envelope;
  }

  /** The next envelope published on `whatsapp.delivery.outcome`. */
  async nextOutcome(timeoutMs = 15_000): Promise<Envelope<WhatsAppDeliveryOutcome>> {
    const message = await this.take(OUTCOME_TEST_QUEUE, timeoutMs, 'a delivery outcome');
    return JSON.parse(message.content.toString('utf8')) as Envelope<WhatsAppDeliveryOutcome>;
  }

  /** The next outcome of one Genesys message (outcomes of other messages are put aside and kept). */
  async outcomeOf(genesysMessageId: string, timeoutMs = 15_000): Promise<Envelope<WhatsAppDeliveryOutcome>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.setAside.findIndex(
        (outcome) => outcome.payload.genesysMessageId === genesysMessageId,
      );
      if (index >= 0) return this.setAside.splice(index, 1)[0] as Envelope<WhatsAppDeliveryOutcome>;
      const outcome = await this.nextOutcome(Math.max(1, deadline - Date.now()));
      this.setAside.push(outcome);
    }
  }

  /** Outcomes of one Genesys message published so far (taken from the queue and kept aside). */
  async publishedOutcomesOf(genesysMessageId: string): Promise<number> {
    for (;;) {
      const message = await this.requireChannel().get(OUTCOME_TEST_QUEUE, { noAck: true });
      if (!message) break;
      this.setAside.push(JSON.parse(message.content.toString('utf8')) as Envelope<WhatsAppDeliveryOutcome>);
    }
    return this.setAside.filter((outcome) => outcome.payload.genesysMessageId === genesysMessageId).length;
  }

  /** Outcomes published and not yet taken. */
  async pendingOutcomes(): Promise<number> {
    const { messageCount } = await this.requireChannel().checkQueue(OUTCOME_TEST_QUEUE);
    return messageCount + this.setAside.length;
  }

  /** The next dead letter of the delivery queue, with its reason. */
  async nextDeadLetter(timeoutMs = 15_000): Promise<DeadLetter> {
    const message = await this.take(
      deadLetterQueueName(QUEUES.WHATSAPP_DELIVERY),
      timeoutMs,
      'a dead letter',
    );
    const headers = message.properties.headers ?? {};
    return {
      envelope: JSON.parse(message.content.toString('utf8')) as Envelope<WhatsAppDelivery>,
      reason: String(headers[MESSAGE_HEADERS.DEAD_LETTER_REASON]),
      attempt: Number(headers[MESSAGE_HEADERS.ATTEMPT]),
    };
  }

  async deadLetterCount(): Promise<number> {
    const { messageCount } = await this.requireChannel().checkQueue(
      deadLetterQueueName(QUEUES.WHATSAPP_DELIVERY),
    );
    return messageCount;
  }

  /** The service's Redis keys matching `pattern` (after its prefix). */
  async redisKeys(pattern: string): Promise<string[]> {
    const keys = await this.requireRedis().keys(`${this.keyPrefix}${pattern}`);
    return keys.map((key) => key.slice(this.keyPrefix.length));
  }

  /** Writes a "part sent" record as an earlier run (killed before its ack) would have. */
  async recordSentPart(
    tenantId: string,
    genesysMessageId: string,
    index: number,
    wamid: string,
  ): Promise<void> {
    await this.requireRedis().set(
      `${this.keyPrefix}sent:${tenantId}:${genesysMessageId}:${index}`,
      JSON.stringify({ wamid, sentAt: new Date().toISOString() }),
      'EX',
      3600,
    );
  }

  /** The value of one Prometheus series of the service (0 when absent). */
  async metric(name: string, labels: Record<string, string>): Promise<number> {
    const text = await (await fetch(`${this.baseUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) &&
          Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
      );
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.connection?.close().catch(() => undefined);
    await this.vhost.remove();
    await this.simulator.stop();
    await this.platform.close();
    this.storage.close();
    await this.s3.close();
    const redis = this.redis;
    if (redis) {
      const keys = await redis.keys(`${this.keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  }

  private async startApp(env: Record<string, string>): Promise<void> {
    const config = loadWhatsAppApiServiceConfig({
      NODE_ENV: 'test',
      RABBITMQ_URL: this.vhost.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: this.keyPrefix,
      AUTH_SERVICE_URL: this.platform.baseUrl,
      TENANT_SERVICE_URL: this.platform.baseUrl,
      STATE_MANAGER_URL: this.platform.baseUrl,
      SERVICE_CLIENT_SECRET: SERVICE_SECRET,
      WHATSAPP_GRAPH_BASE_URL: this.simulator.baseUrl,
      ALLOW_INSECURE_CLOUD_URLS: 'true',
      S3_ENDPOINT: this.s3.endpoint,
      WHATSAPP_MAX_ATTEMPTS: '3',
      WHATSAPP_RETRY_BASE_DELAY_MS: '50',
      WHATSAPP_RETRY_MAX_DELAY_MS: '200',
      WHATSAPP_RATE_LIMIT_PER_SECOND: '1000',
      CONSUMER_CONCURRENCY: '16',
      CONSUMER_PREFETCH: '64',
      ...env,
    });
    const destination = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    // One test process starts several apps: prom-client's default registry is global.
    register.clear();
    const app = await createHttpService({
      rootModule: AppModule.forRoot(config, { logDestination: destination, logLevel: 'info' }),
      port: 0,
    });
    await app.listen(0, '127.0.0.1');
    this.app = app;
    this.baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    this.redis = new Redis(TEST_REDIS_URL);
    this.connection = await amqplib.connect(this.vhost.url);
    this.channel = await this.connection.createChannel();
    await this.channel.assertQueue(OUTCOME_TEST_QUEUE, { exclusive: true });
    await this.channel.bindQueue(
      OUTCOME_TEST_QUEUE,
      EXCHANGES.PIPELINE,
      ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME,
    );
  }

  private async take(queue: string, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.requireChannel().get(queue, { noAck: true });
      if (message) return message;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${queue}`);
      await sleep(25);
    }
  }

  private requireApp(): INestApplication {
    if (!this.app) throw new Error('the service is not started');
    return this.app;
  }

  private requireChannel(): Channel {
    if (!this.channel) throw new Error('the service is not started');
    return this.channel;
  }

  private requireRedis(): Redis {
    if (!this.redis) throw new Error('the service is not started');
    return this.redis;
  }
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
