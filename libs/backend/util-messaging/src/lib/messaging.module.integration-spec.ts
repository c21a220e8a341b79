import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import { QUEUES, ROUTING_KEYS } from '@switchboard/shared-contracts';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { createTestVhost, type TestVhost } from '@switchboard/backend-testing-infra';
import { buildTestEnvelope } from '../testing/test-envelope';
import { RecordingLogger, deferred } from '../testing/test-helpers';
import { ConsumerRegistry } from './consumer.registry';
import { DeadLetterService } from './dead-letter.service';
import { MessagePublisher } from './message.publisher';
import { MessagingConnection } from './messaging.connection';
import { MessagingModule, type MessagingModuleOptions } from './messaging.module';
import { buildMessagingTopology, deadLetterQueueName, declareMessagingTopology } from './messaging.topology';

describe(MessagingModule.name, () => {
  let vhost: TestVhost;
  const logger = new RecordingLogger();

  async function bootstrap(imported: DynamicModule): Promise<INestApplicationContext> {
    @Module({ imports: [imported] })
    class TestAppModule {}
    return NestFactory.createApplicationContext(TestAppModule, { logger: false });
  }

  beforeAll(async () => {
    vhost = await createTestVhost('module');
  });

  afterAll(async () => {
    await vhost?.remove();
  });

  it('reports RabbitMQ in readiness and queue depths in the metrics when observability is loaded', async () => {
    @Module({
      imports: [
        ObservabilityModule.forRoot({ serviceName: 'messaging-test', destination: new PassThrough() }),
        MessagingModule.forRoot({ url: vhost.url, connectionName: 'test-module-observed', logger }),
      ],
    })
    class ObservedAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ObservedAppModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      await app.get(MessagePublisher).publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope());
      const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
      expect(ready.body.info.rabbitmq.status).toBe('up');
      const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(metrics.text).toContain(`queue_depth{queue="${QUEUES.GENESYS_CORRELATION}"} 1`);
      expect(metrics.text).toContain(
        `queue_depth{queue="${deadLetterQueueName(QUEUES.GENESYS_CORRELATION)}"} 0`,
      );
    } finally {
      await app
        .get(MessagingConnection)
        .withChannel((channel) => channel.purgeQueue(QUEUES.GENESYS_CORRELATION));
      await app.close();
    }
  });

  it('declares the topology at start, publishes and consumes, and closes everything at shutdown', async () => {
    const app = await bootstrap(
      MessagingModule.forRoot({
        url: vhost.url,
        connectionName: 'test-module',
        logger,
        publishTimeoutMs: 2_000,
      }),
    );
    const connection = app.get(MessagingConnection);
    expect(connection.isConnected()).toBe(true);
    expect(await app.get(DeadLetterService).count(QUEUES.GENESYS_CORRELATION)).toBe(0);

    const received = deferred<string>();
    let finished = false;
    await app.get(ConsumerRegistry).start({
      queue: QUEUES.GENESYS_CORRELATION,
      handler: async (envelope) => {
        received.resolve(envelope.id);
        await new Promise((resolve) => setTimeout(resolve, 200));
        finished = true;
      },
    });
    const envelope = buildTestEnvelope();
    await app.get(MessagePublisher).publish(ROUTING_KEYS.GENESYS_CORRELATION, envelope);
    expect(await received.promise).toBe(envelope.id);

    await app.close();

    expect(finished).toBe(true);
    expect(connection.isConnected()).toBe(false);
  });

  it('lets every service declare the topology again (idempotent)', async () => {
    const app = await bootstrap(
      MessagingModule.forRoot({ url: vhost.url, connectionName: 'test-module-again', logger }),
    );
    const connection = app.get(MessagingConnection);

    await connection.withChannel((channel) => declareMessagingTopology(channel));
    const topology = buildMessagingTopology();
    const counts = await connection.withChannel(async (channel) => {
      const found: number[] = [];
      for (const queue of topology.queues) found.push((await channel.checkQueue(queue.name)).messageCount);
      return found;
    });
    await app.close();

    expect(counts).toEqual(topology.queues.map(() => 0));
  });

  it('takes its options from a factory with forRootAsync', async () => {
    const options: MessagingModuleOptions = { url: vhost.url, connectionName: 'test-module-async', logger };
    const app = await bootstrap(MessagingModule.forRootAsync({ useFactory: async () => options }));

    const counts = await app
      .get(MessagingConnection)
      .withChannel((channel) => channel.checkQueue(deadLetterQueueName(QUEUES.GENESYS_CORRELATION)));
    await app.close();

    expect(counts.messageCount).toBe(0);
  });

  it('fails to start, and stops reconnecting, when the broker is unreachable', async () => {
    const unreachableLogger = new RecordingLogger();
    const connectAttempts = () =>
      unreachableLogger.lines.filter((line) => line.startsWith('cannot connect')).length;
    const started = Date.now();

    await expect(
      bootstrap(
        MessagingModule.forRoot({
          url: 'amqp://guest:guest@127.0.0.1:1',
          connectionName: 'test-module-unreachable',
          logger: unreachableLogger,
          connectTimeoutMs: 300,
          reconnectDelaySeconds: 0.05,
        }),
      ),
    ).rejects.toThrow(/not connected to RabbitMQ within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    const attemptsAtFailure = connectAttempts();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(attemptsAtFailure).toBeGreaterThan(1);
    expect(connectAttempts()).toBe(attemptsAtFailure);
  });
});
