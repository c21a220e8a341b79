import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import {
  TEST_REDIS_URL,
  createTestVhost,
  uniqueKeyPrefix,
  type TestVhost,
} from '@switchboard/backend-testing-infra';
import { MessagePublisher, deadLetterQueueName } from '@switchboard/backend-util-messaging';
import { createHttpService } from '@switchboard/backend-util-observability';
import {
  EXCHANGES,
  MESSAGE_HEADERS,
  QUEUES,
  ROUTING_KEYS,
  type Envelope,
  type GenesysCorrelation,
  type GenesysDelivery,
} from '@switchboard/shared-contracts';
import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import Redis from 'ioredis';
import { register } from 'prom-client';
import { AppModule } from '../app/app.module';
import { SERVICE_NAME, loadGenesysApiServiceConfig } from '../app/config/genesys-api-service.config';
import { deliveryEnvelope, type Customer } from './deliveries.fixture';
import { startFakePlatform, type FakeIntegration, type FakePlatform } from './fake-platform.util';
import { startGenesysSimulator, type GenesysSimulator } from './genesys-simulator-process.util';

const SERVICE_SECRET = 'integration-test-service-secret';
const CORRELATION_TEST_QUEUE = 'test.genesys-correlations';

export interface TestTenant {
  readonly tenantId: string;
  readonly integration: FakeIntegration;
  /** A customer of the tenant's number (a fresh wa_id per call). */
  customer(): Customer;
}

export interface DeadLetter {
  readonly envelope: Envelope<GenesysDelivery>;
  readonly reason: string;
  readonly attempt: number;
}

/**
 * genesys-api-service as main.ts starts it, against a fresh RabbitMQ vhost and Redis prefix,
 * the real Genesys simulator (child process) and in-test fakes of auth-service and
 * tenant-service; with a test queue bound to `genesys.correlation` and access to the DLQ.
 */
export class GenesysApiServiceHarness {
  readonly logs: string[] = [];
  private app: INestApplication | undefined;
  private connection: ChannelModel | undefined;
  private channel: Channel | undefined;
  private baseUrl = '';
  private tenants = 0;

  private constructor(
    readonly simulator: GenesysSimulator,
    readonly platform: FakePlatform,
    private readonly vhost: TestVhost,
    private readonly keyPrefix: string,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<GenesysApiServiceHarness> {
    const simulator = await startGenesysSimulator({});
    const platform = await startFakePlatform({
      genesysLoginBaseUrl: simulator.baseUrl,
      serviceName: SERVICE_NAME,
      serviceSecret: SERVICE_SECRET,
    });
    const vhost = await createTestVhost(label);
    const harness = new GenesysApiServiceHarness(
      simulator,
      platform,
      vhost,
      uniqueKeyPrefix(`genesys-api-${label}`),
    );
    await harness.startApp(env);
    return harness;
  }

  /** A tenant with its own Genesys organisation, OAuth client and integration at the simulator. */
  async addTenant(region: string): Promise<TestTenant> {
    this.tenants += 1;
    const tenantNumber = String(this.tenants).padStart(3, '0');
    const tenantId = randomUUID();
    const integration: FakeIntegration = {
      tenantId,
      integrationId: randomUUID(),
      phoneNumberId: `109876543210${tenantNumber}`,
      region,
      clientId: `client-${tenantId}`,
      clientSecret: `secret-of-${tenantId}`,
    };
    const organizationId = `org-${tenantId}`;
    await this.simulator.control('POST', '/control/oauth-clients', {
      clientId: integration.clientId,
      clientSecret: integration.clientSecret,
      organizationId,
    });
    await this.simulator.control('POST', '/control/integrations', {
      id: integration.integrationId,
      organizationId,
      name: `Integration of tenant ${tenantNumber}`,
      outboundNotificationWebhookUrl: 'http://127.0.0.1:9/webhooks/genesys',
      outboundNotificationWebhookSignatureSecretToken: 'integration-test-webhook-secret',
    });
    this.platform.add(integration);
    let customers = 0;
    return {
      tenantId,
      integration,
      customer: () => {
        customers += 1;
        return {
          integrationId: integration.integrationId,
          phoneNumberId: integration.phoneNumberId,
          customerWaId: `1555${tenantNumber}${String(customers).padStart(4, '0')}`,
        };
      },
    };
  }

  /** Publishes a delivery on `genesys.delivery` as inbound-transformer does. */
  async deliver(tenantId: string, payload: GenesysDelivery): Promise<Envelope<GenesysDelivery>> {
    const envelope = deliveryEnvelope(tenantId, payload);
    await this.requireApp().get(MessagePublisher).publish(ROUTING_KEYS.GENESYS_DELIVERY, envelope);
    return envelope;
  }

  /** The next envelope published on `genesys.correlation`. */
  async nextCorrelation(timeoutMs = 10_000): Promise<Envelope<GenesysCorrelation>> {
    const message = await this.take(CORRELATION_TEST_QUEUE, timeoutMs, 'a correlation');
    return JSON.parse(message.content.toString('utf8')) as Envelope<GenesysCorrelation>;
  }

  /** Correlations published and not yet taken. */
  async pendingCorrelations(): Promise<number> {
    const { messageCount } = await this.requireChannel().checkQueue(CORRELATION_TEST_QUEUE);
    return messageCount;
  }

  /** The next dead letter of the delivery queue, with its reason. */
  async nextDeadLetter(timeoutMs = 10_000): Promise<DeadLetter> {
    const message = await this.take(deadLetterQueueName(QUEUES.GENESYS_DELIVERY), timeoutMs, 'a dead letter');
    const headers = message.properties.headers ?? {};
    return {
      envelope: JSON.parse(message.content.toString('utf8')) as Envelope<GenesysDelivery>,
      reason: String(headers[MESSAGE_HEADERS.DEAD_LETTER_REASON]),
      attempt: Number(headers[MESSAGE_HEADERS.ATTEMPT]),
    };
  }

  async deadLetterCount(): Promise<number> {
    const { messageCount } = await this.requireChannel().checkQueue(
      deadLetterQueueName(QUEUES.GENESYS_DELIVERY),
    );
    return messageCount;
  }

  /** The value of one Prometheus series of the service (0 when absent). */
  async metric(name: string, labels: Record<string, string>): Promise<number> {
    const text = await (await fetch(`${this.baseUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          candidate.startsWith(`${name}{`) &&
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
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${this.keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }

  private async startApp(env: Record<string, string>): Promise<void> {
    const config = loadGenesysApiServiceConfig({
      NODE_ENV: 'test',
      RABBITMQ_URL: this.vhost.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: this.keyPrefix,
      AUTH_SERVICE_URL: this.platform.baseUrl,
      TENANT_SERVICE_URL: this.platform.baseUrl,
      SERVICE_CLIENT_SECRET: SERVICE_SECRET,
      GENESYS_API_BASE_URL: this.simulator.baseUrl,
      ALLOW_INSECURE_CLOUD_URLS: 'true',
      GENESYS_MAX_ATTEMPTS: '3',
      GENESYS_RETRY_BASE_DELAY_MS: '50',
      GENESYS_RETRY_MAX_DELAY_MS: '200',
      GENESYS_RATE_LIMIT_PER_MINUTE: '600000',
      GENESYS_RATE_LIMIT_BURST: '10000',
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
    this.connection = await amqplib.connect(this.vhost.url);
    this.channel = await this.connection.createChannel();
    await this.channel.assertQueue(CORRELATION_TEST_QUEUE, { exclusive: true });
    await this.channel.bindQueue(
      CORRELATION_TEST_QUEUE,
      EXCHANGES.PIPELINE,
      ROUTING_KEYS.GENESYS_CORRELATION,
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
