import type { INestApplication } from '@nestjs/common';
import { waitForRedis } from '@switchboard/backend-data-access-persistence';
import {
  createTestVhost,
  TEST_REDIS_URL,
  uniqueKeyPrefix,
  type TestVhost,
} from '@switchboard/backend-testing-infra';
import { LogCapture } from '@switchboard/backend-testing-platform';
import { createHttpService } from '@switchboard/backend-util-observability';
import { signGenesysWebhook } from '@switchboard/backend-util-signatures';
import {
  EXCHANGES,
  ROUTING_KEYS,
  type Envelope,
  type GenesysOutboundEvent,
} from '@switchboard/shared-contracts';
import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { loadGenesysWebhookConfig, type GenesysWebhookConfig } from '../app/config/genesys-webhook.config';
import { genesysWebhookServiceHttpOptions } from '../app/genesys-webhook-service.bootstrap';
import { GENESYS_WEBHOOK_PATH } from '../app/webhook/webhook.constants';
import { FakeTenantService } from './fake-tenant-service.util';

export interface TestIntegration {
  readonly integrationId: string;
  readonly tenantId: string;
  readonly secret: string;
}

export interface PostOptions {
  /** The X-Hub-Signature-256 header; the body's valid signature unless given (null: none). */
  readonly signature?: string | null;
  readonly contentType?: string;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface ReceivedEvent {
  readonly envelope: Envelope<GenesysOutboundEvent>;
  readonly headers: Record<string, unknown>;
  readonly message: GetMessage;
}

export interface HarnessOptions {
  /** Environment of the service, over the harness's (e.g. a proxied RABBITMQ_URL or REDIS_URL). */
  readonly env?: (vhost: TestVhost) => Record<string, string>;
  /** Wait for Redis before answering (false when a test starts the service without it). */
  readonly waitForRedis?: boolean;
}

/**
 * genesys-webhook-service as `main.ts` builds it, on 127.0.0.1:0, against the real RabbitMQ (a
 * vhost of its own, topology declared by the real MessagingModule), the real Redis (a key prefix
 * of its own) and a fake tenant-service and auth-service. Captures every log line so that a
 * suite can search them, and keeps a queue of its own bound to `genesys.outbound.raw`.
 */
export class WebhookServiceHarness {
  private constructor(
    readonly app: INestApplication,
    readonly config: GenesysWebhookConfig,
    readonly baseUrl: string,
    readonly vhost: TestVhost,
    readonly tenants: FakeTenantService,
    readonly logs: LogCapture,
    readonly rawQueue: string,
    private readonly broker: ChannelModel,
    private readonly channel: Channel,
    private readonly redis: Redis,
  ) {}

  static async start(label: string, options: HarnessOptions = {}): Promise<WebhookServiceHarness> {
    const vhost = await createTestVhost(label);
    const tenants = await FakeTenantService.start();
    const config = loadGenesysWebhookConfig({
      NODE_ENV: 'test',
      RABBITMQ_URL: vhost.url,
      RABBITMQ_PUBLISH_TIMEOUT_MS: '1500',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: uniqueKeyPrefix(label),
      SERVICE_CLIENT_SECRET: randomBytes(24).toString('base64url'),
      TENANT_SERVICE_URL: tenants.baseUrl,
      AUTH_SERVICE_URL: tenants.baseUrl,
      TENANT_SERVICE_TIMEOUT_MS: '1000',
      WEBHOOK_SECRET_REFRESH_MIN_SECONDS: '0',
      ...options.env?.(vhost),
    });
    const logs = new LogCapture();
    register.clear();
    const app = await createHttpService(
      genesysWebhookServiceHttpOptions(config, { logDestination: logs.stream, logLevel: 'debug' }),
    );
    await app.listen(0, '127.0.0.1');
    if (options.waitForRedis !== false) await waitForRedis(app.get(Redis));
    const { port } = app.getHttpServer().address() as AddressInfo;
    const broker = await amqp.connect(vhost.url);
    const channel = await broker.createChannel();
    // A suite may delete the vhost under the service: the test's own connection then just ends.
    broker.on('error', () => undefined);
    channel.on('error', () => undefined);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, EXCHANGES.PIPELINE, ROUTING_KEYS.GENESYS_OUTBOUND_RAW);
    // The test's own view of the service's keys (same database and prefix).
    const redis = new Redis(TEST_REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX });
    return new WebhookServiceHarness(
      app,
      config,
      `http://127.0.0.1:${port}`,
      vhost,
      tenants,
      logs,
      queue,
      broker,
      channel,
      redis,
    );
  }

  /** A Genesys integration tenant-service knows, with a fresh tenant and secret. */
  integration(overrides: Partial<TestIntegration> = {}): TestIntegration {
    const integration: TestIntegration = {
      integrationId: randomUUID(),
      tenantId: randomUUID(),
      secret: randomBytes(24).toString('base64url'),
      ...overrides,
    };
    this.tenants.integrations.set(integration.integrationId, {
      tenantId: integration.tenantId,
      secret: integration.secret,
    });
    return integration;
  }

  webhookUrl(integrationId: string): string {
    return `${this.baseUrl}/${GENESYS_WEBHOOK_PATH}/${encodeURIComponent(integrationId)}`;
  }

  /** The secrets whose values must never appear in a log line. */
  get secrets(): string[] {
    return [
      this.config.SERVICE_CLIENT_SECRET,
      this.tenants.serviceToken,
      ...[...this.tenants.integrations.values()].map((record) => record.secret),
    ];
  }

  /** POSTs `body` (an object is sent as JSON) as Genesys would, signed with the integration's secret. */
  async post(
    integration: Pick<TestIntegration, 'integrationId' | 'secret'>,
    body: Buffer | string | object,
    options: PostOptions = {},
  ): Promise<TestResponse> {
    const bytes = Buffer.isBuffer(body)
      ? body
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
    const signature =
      options.signature === undefined ? signGenesysWebhook(bytes, integration.secret) : options.signature;
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    const response = await fetch(this.webhookUrl(integration.integrationId), {
      method: 'POST',
      headers,
      body: new Uint8Array(bytes),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async request(method: string, path: string): Promise<TestResponse> {
    const response = await fetch(`${this.baseUrl}${path}`, { method });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** Takes every envelope waiting on the harness's queue (acknowledged), in order. */
  async drain(): Promise<ReceivedEvent[]> {
    const received: ReceivedEvent[] = [];
    for (;;) {
      const message = await this.channel.get(this.rawQueue, { noAck: true });
      if (!message) return received;
      received.push({
        envelope: JSON.parse(message.content.toString('utf8')) as Envelope<GenesysOutboundEvent>,
        headers: message.properties.headers ?? {},
        message,
      });
    }
  }

  async messageCount(): Promise<number> {
    return (await this.channel.checkQueue(this.rawQueue)).messageCount;
  }

  /** The service's dedupe claim of a message (under its key prefix), or null. */
  claim(integration: TestIntegration, dedupeId: string): Promise<string | null> {
    return this.redis.get(`genesys-webhook:${integration.tenantId}:${integration.integrationId}:${dedupeId}`);
  }

  async stop(): Promise<void> {
    await this.broker.close().catch(() => undefined);
    await this.app.close();
    await this.tenants.close();
    await this.vhost.remove().catch(() => undefined);
    const plain = new Redis(TEST_REDIS_URL);
    const keys = await plain.keys(`${this.config.REDIS_KEY_PREFIX}*`);
    if (keys.length > 0) await plain.del(...keys);
    plain.disconnect();
    this.redis.disconnect();
  }
}
