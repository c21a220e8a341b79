import type { INestApplication } from '@nestjs/common';
import { createTestVhost, type TestVhost } from '@switchboard/backend-testing-infra';
import { LogCapture } from '@switchboard/backend-testing-platform';
import { createHttpService } from '@switchboard/backend-util-observability';
import { signMetaWebhook } from '@switchboard/backend-util-signatures';
import { EXCHANGES, type Envelope, type RoutingKey } from '@switchboard/shared-contracts';
import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { loadWhatsAppWebhookConfig, type WhatsAppWebhookConfig } from '../app/config/whatsapp-webhook.config';
import { whatsAppWebhookServiceHttpOptions } from '../app/whatsapp-webhook-service.bootstrap';
import { FakeTenantService } from './fake-tenant-service.util';

export const WEBHOOK_PATH = '/webhooks/whatsapp';

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

export interface ReceivedMessage {
  readonly envelope: Envelope;
  readonly headers: Record<string, unknown>;
  readonly message: GetMessage;
}

/**
 * whatsapp-webhook-service as `main.ts` builds it, on 127.0.0.1:0, against the real RabbitMQ (a
 * vhost of its own, topology declared by the real MessagingModule) and a fake tenant-service
 * and auth-service. Captures every log line so that a suite can search them.
 */
export class WebhookServiceHarness {
  private constructor(
    readonly app: INestApplication,
    readonly config: WhatsAppWebhookConfig,
    readonly baseUrl: string,
    readonly vhost: TestVhost,
    readonly tenants: FakeTenantService,
    readonly logs: LogCapture,
    private readonly broker: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<WebhookServiceHarness> {
    const vhost = await createTestVhost(label);
    const tenants = await FakeTenantService.start();
    const config = loadWhatsAppWebhookConfig({
      NODE_ENV: 'test',
      RABBITMQ_URL: vhost.url,
      RABBITMQ_PUBLISH_TIMEOUT_MS: '1500',
      META_APP_SECRET: randomBytes(24).toString('base64url'),
      WHATSAPP_VERIFY_TOKEN: randomBytes(24).toString('base64url'),
      SERVICE_CLIENT_SECRET: randomBytes(24).toString('base64url'),
      TENANT_SERVICE_URL: tenants.baseUrl,
      AUTH_SERVICE_URL: tenants.baseUrl,
      TENANT_LOOKUP_TIMEOUT_MS: '1000',
      ...env,
    });
    const logs = new LogCapture();
    register.clear();
    const app = await createHttpService(
      whatsAppWebhookServiceHttpOptions(config, { logDestination: logs.stream, logLevel: 'debug' }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const broker = await amqp.connect(vhost.url);
    const channel = await broker.createChannel();
    // A suite may delete the vhost under the service: the test's own connection then just ends.
    broker.on('error', () => undefined);
    channel.on('error', () => undefined);
    return new WebhookServiceHarness(
      app,
      config,
      `http://127.0.0.1:${port}`,
      vhost,
      tenants,
      logs,
      broker,
      channel,
    );
  }

  /** The secrets whose values must never appear in a log line. */
  get secrets(): string[] {
    return [
      this.config.META_APP_SECRET,
      this.config.WHATSAPP_VERIFY_TOKEN,
      this.config.SERVICE_CLIENT_SECRET,
    ];
  }

  /** A fresh queue of the test's own, bound to the pipeline exchange by `routingKey`. */
  async bindTestQueue(routingKey: RoutingKey): Promise<string> {
    const { queue } = await this.channel.assertQueue('', { exclusive: true, autoDelete: true });
    await this.channel.bindQueue(queue, EXCHANGES.PIPELINE, routingKey);
    return queue;
  }

  /** Takes every message waiting in `queue` (acknowledged), in order. */
  async drain(queue: string): Promise<ReceivedMessage[]> {
    const received: ReceivedMessage[] = [];
    for (;;) {
      const message = await this.channel.get(queue, { noAck: true });
      if (!message) return received;
      received.push({
        envelope: JSON.parse(message.content.toString('utf8')) as Envelope,
        headers: message.properties.headers ?? {},
        message,
      });
    }
  }

  async messageCount(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  async post(body: Buffer | string, options: PostOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
    const signature =
      options.signature === undefined
        ? signMetaWebhook(body, this.config.META_APP_SECRET)
        : options.signature;
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return this.request('POST', WEBHOOK_PATH, { headers, body });
  }

  async request(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Buffer | string } = {},
  ): Promise<TestResponse> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: init.headers,
      body: init.body === undefined ? undefined : new Uint8Array(Buffer.from(init.body)),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async stop(): Promise<void> {
    await this.broker.close().catch(() => undefined);
    await this.app.close();
    await this.tenants.close();
    await this.vhost.remove().catch(() => undefined);
  }
}
