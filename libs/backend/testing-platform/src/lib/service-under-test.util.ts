import type { INestApplication } from '@nestjs/common';
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
  type MessagingLogger,
} from '@switchboard/backend-util-messaging';
import { createHttpService, type HttpServiceOptions } from '@switchboard/backend-util-observability';
import type { QueueName, RoutingKey } from '@switchboard/shared-contracts';
import Redis from 'ioredis';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { register } from 'prom-client';
import { LogCapture } from './log-capture.util';
import {
  deadLetterReader,
  openPipelineTap,
  type PipelineTap,
  type QueueReader,
  type TestDeadLetter,
} from './queue-reader.util';

const QUIET: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The variables pointing a service at the test's infrastructure: NODE_ENV, RABBITMQ_URL (the fresh
 * vhost), REDIS_URL and REDIS_KEY_PREFIX, and with `platformBaseUrl` AUTH_SERVICE_URL,
 * TENANT_SERVICE_URL and STATE_MANAGER_URL.
 */
export type ServiceUnderTestEnv = Readonly<Record<string, string>>;

export interface ServiceUnderTestOptions<TConfig> {
  /** Names the vhost and the Redis key prefix. */
  readonly label: string;
  /** Where a fake of auth-service, tenant-service and state-manager listens, if the service calls them. */
  readonly platformBaseUrl?: string;
  /** The service's configuration from `env` (spread it before the service's own variables). */
  readonly config: (env: ServiceUnderTestEnv) => TConfig;
  /** The service as its bootstrap builds it, logging to `logDestination`. */
  readonly httpOptions: (config: TConfig, logDestination: Writable) => HttpServiceOptions;
}

/**
 * A queue service as `main.ts` builds it, on 127.0.0.1:0, against a fresh RabbitMQ vhost and a fresh
 * Redis key prefix, with its logs captured; plus the test's own connection to the vhost (taps, dead
 * letters, publishing test input). `stop()` removes the vhost and the service's Redis keys.
 */
export class ServiceUnderTest<TConfig = unknown> {
  private constructor(
    readonly app: INestApplication,
    readonly config: TConfig,
    readonly baseUrl: string,
    readonly vhost: TestVhost,
    readonly redisKeyPrefix: string,
    readonly logs: LogCapture,
    readonly connection: MessagingConnection,
    private readonly confirmed: ConfirmedPublisher,
    readonly publisher: MessagePublisher,
  ) {}

  static async start<TConfig>(options: ServiceUnderTestOptions<TConfig>): Promise<ServiceUnderTest<TConfig>> {
    const vhost = await createTestVhost(options.label);
    const redisKeyPrefix = uniqueKeyPrefix(options.label);
    const logs = new LogCapture();
    // One test process starts several apps: prom-client's default registry is global.
    register.clear();
    const platform = options.platformBaseUrl;
    const config = options.config({
      NODE_ENV: 'test',
      RABBITMQ_URL: vhost.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      ...(platform && {
        AUTH_SERVICE_URL: platform,
        TENANT_SERVICE_URL: platform,
        STATE_MANAGER_URL: platform,
      }),
    });
    const app = await createHttpService(options.httpOptions(config, logs.stream));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const connection = new MessagingConnection({
      url: vhost.url,
      connectionName: 'test-harness',
      logger: QUIET,
    });
    const confirmed = new ConfirmedPublisher(connection);
    return new ServiceUnderTest(
      app,
      config,
      `http://127.0.0.1:${port}`,
      vhost,
      redisKeyPrefix,
      logs,
      connection,
      confirmed,
      new MessagePublisher(confirmed),
    );
  }

  /** A fresh queue receiving every message published with `routingKey`. */
  tap<T = unknown>(routingKey: RoutingKey): Promise<PipelineTap<T>> {
    return openPipelineTap<T>(this.connection, routingKey);
  }

  deadLetters<T = unknown>(queue: QueueName): QueueReader<TestDeadLetter<T>> {
    return deadLetterReader<T>(this.connection, queue);
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
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A separate Redis client on the service's key prefix. */
  redis(): Redis {
    return new Redis(TEST_REDIS_URL, { keyPrefix: this.redisKeyPrefix });
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.confirmed.close();
    await this.connection.close();
    await this.vhost.remove();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${this.redisKeyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
}

/** What every harness around a ServiceUnderTest offers its tests; harnesses add the service's own input and queues. */
export abstract class ServiceHarness<TConfig = unknown> {
  protected constructor(protected readonly service: ServiceUnderTest<TConfig>) {}

  get logs(): LogCapture {
    return this.service.logs;
  }

  /** Publishes test input onto the pipeline exchange. */
  get publisher(): MessagePublisher {
    return this.service.publisher;
  }

  /** A fresh queue receiving every message published with `routingKey`. */
  tap<T = unknown>(routingKey: RoutingKey): Promise<PipelineTap<T>> {
    return this.service.tap<T>(routingKey);
  }

  /** The value of one Prometheus sample of the service's /metrics, 0 when absent. */
  metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    return this.service.metric(name, labels);
  }

  /** Polls a metric until it reaches `value` (fails after `timeoutMs`). */
  waitForMetric(
    name: string,
    labels: Record<string, string>,
    value: number,
    timeoutMs = 15_000,
  ): Promise<void> {
    return this.service.waitForMetric(name, labels, value, timeoutMs);
  }

  /** A separate Redis client on the service's key prefix. */
  redis(): Redis {
    return this.service.redis();
  }
}
