import { QUEUES, ROUTING_KEYS, type Envelope } from '@switchboard/shared-contracts';
import { startMessagingTestHarness, type MessagingTestHarness } from '../testing/messaging-test-harness';
import { buildTestEnvelope } from '../testing/test-envelope';
import { deferred, waitFor } from '../testing/test-helpers';
import { ConfirmedPublisher } from './confirmed.publisher';
import { MessagingConnection } from './messaging.connection';
import { RetryLaterError, RetryableError } from './messaging.errors';
import { deadLetterQueueName } from './messaging.topology';
import { WorkQueueConsumer, type WorkQueueConsumerOptions } from './work-queue.consumer';

interface Keyed {
  readonly key: string;
  readonly seq: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const orderingKey = (envelope: Envelope<Keyed>) => envelope.payload.key;
const message = (key: string, seq: number) => buildTestEnvelope<Keyed>({ payload: { key, seq } });

describe(`${WorkQueueConsumer.name} on an ordered queue`, () => {
  let harness: MessagingTestHarness;
  const started: WorkQueueConsumer<Keyed>[] = [];

  async function consume(
    options: Omit<WorkQueueConsumerOptions<Keyed>, 'queue' | 'orderingKey'>,
    connection = harness.connection,
    publisher = harness.confirmed,
  ): Promise<WorkQueueConsumer<Keyed>> {
    const sut = new WorkQueueConsumer<Keyed>(connection, publisher, {
      queue: QUEUES.INBOUND_RAW,
      orderingKey,
      logger: harness.logger,
      ...options,
    });
    await sut.start();
    started.push(sut);
    return sut;
  }

  const publish = async (envelopes: Envelope<Keyed>[]) => {
    for (const envelope of envelopes)
      await harness.publisher.publish(ROUTING_KEYS.WHATSAPP_INBOUND_RAW, envelope);
  };

  beforeAll(async () => {
    harness = await startMessagingTestHarness('ordered');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((consumer) => consumer.stop()));
    await harness.withChannel((channel) => channel.purgeQueue(QUEUES.INBOUND_RAW));
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('refuses a consumer of an ordered queue without an ordering key, and a key on an unordered queue', () => {
    expect(
      () =>
        new WorkQueueConsumer(harness.connection, harness.confirmed, {
          queue: QUEUES.INBOUND_RAW,
          handler: async () => undefined,
        }),
    ).toThrow(/ordered: its consumer needs an orderingKey/);
    expect(
      () =>
        new WorkQueueConsumer(harness.connection, harness.confirmed, {
          queue: QUEUES.PORTAL_EVENTS,
          orderingKey: () => 'k',
          handler: async () => undefined,
        }),
    ).toThrow(/not ordered/);
  });

  it('handles one key in arrival order while other keys run beside it', async () => {
    const handled: string[] = [];
    const releaseA = deferred();
    let runningA = 0;
    let peakA = 0;
    await consume({
      concurrency: 8,
      prefetch: 32,
      handler: async ({ payload }) => {
        if (payload.key === 'a') {
          runningA += 1;
          peakA = Math.max(peakA, runningA);
          if (payload.seq === 0) await releaseA.promise;
          runningA -= 1;
        }
        handled.push(`${payload.key}${payload.seq}`);
      },
    });

    await publish([message('a', 0), message('a', 1), message('b', 0), message('a', 2), message('b', 1)]);
    await waitFor(() => (handled.includes('b1') ? true : undefined), 3_000, 'key b done while a0 waits');
    expect(handled).toEqual(['b0', 'b1']);
    releaseA.resolve();
    await waitFor(() => (handled.length === 5 ? true : undefined), 3_000, 'all handled');

    expect(handled.filter((id) => id.startsWith('a'))).toEqual(['a0', 'a1', 'a2']);
    expect(peakA).toBe(1);
  });

  it('leaves slots to other tenants when one tenant reaches its cap of running handlers', async () => {
    const release = deferred();
    const running = new Map<string, number>();
    const handled: string[] = [];
    await consume({
      concurrency: 4,
      prefetch: 16,
      maxActivePerTenant: 2,
      handler: async (envelope) => {
        running.set(envelope.tenantId, (running.get(envelope.tenantId) ?? 0) + 1);
        if (envelope.tenantId === 'slow-tenant') await release.promise;
        handled.push(`${envelope.tenantId}/${envelope.payload.seq}`);
        running.set(envelope.tenantId, (running.get(envelope.tenantId) ?? 0) - 1);
      },
    });

    const slow = Array.from({ length: 6 }, (_, seq) => ({
      ...message(`s${seq}`, seq),
      tenantId: 'slow-tenant',
    }));
    const fast = Array.from({ length: 3 }, (_, seq) => ({
      ...message(`f${seq}`, seq),
      tenantId: 'fast-tenant',
    }));
    await publish([...slow, ...fast]);
    await waitFor(() => (handled.length === 3 ? true : undefined), 3_000, 'the fast tenant done');

    expect(handled.sort()).toEqual(['fast-tenant/0', 'fast-tenant/1', 'fast-tenant/2']);
    expect(running.get('slow-tenant')).toBe(2);
    release.resolve();
    await waitFor(() => (handled.length === 9 ? true : undefined), 3_000, 'all done');
  });

  it("holds back a tenant's messages beyond its share so that another tenant's messages are not starved", async () => {
    const release = deferred();
    const handled: string[] = [];
    const observed = { heldBack: 0 };
    await consume({
      concurrency: 4,
      prefetch: 8,
      maxActivePerTenant: 2,
      maxHeldPerTenant: 3,
      holdBackDelayMs: 200,
      observer: { onHeldBack: () => (observed.heldBack += 1) },
      handler: async (envelope) => {
        if (envelope.tenantId === 'slow-tenant') await release.promise;
        handled.push(`${envelope.tenantId}/${envelope.payload.seq}`);
      },
    });

    // Without holding back, the slow tenant's 20 messages would fill the prefetch window of 8.
    await publish(
      Array.from({ length: 20 }, (_, seq) => ({ ...message(`s${seq}`, seq), tenantId: 'slow-tenant' })),
    );
    await publish(
      Array.from({ length: 5 }, (_, seq) => ({ ...message(`f${seq}`, seq), tenantId: 'fast-tenant' })),
    );
    await waitFor(() => (handled.length === 5 ? true : undefined), 5_000, 'the fast tenant done');

    expect([...handled].sort()).toEqual([0, 1, 2, 3, 4].map((seq) => `fast-tenant/${seq}`));
    // 5 of the 8 slots at most for the slow tenant (3 stay free for the others): 15 held back.
    expect(observed.heldBack).toBeGreaterThanOrEqual(15);
    release.resolve();
    await waitFor(() => (handled.length === 25 ? true : undefined), 10_000, 'the slow tenant done too');
    expect(new Set(handled).size).toBe(25);
  });

  it('keeps the order of a key whose messages were held back, while the key waits for a retry', async () => {
    const handled: number[] = [];
    let failuresLeft = 3;
    let heldBack = 0;
    await consume({
      concurrency: 2,
      prefetch: 4,
      maxHeldPerTenant: 2,
      holdBackDelayMs: 100,
      observer: { onHeldBack: () => (heldBack += 1) },
      retry: { baseDelayMs: 150, maxDelayMs: 150 },
      handler: async ({ payload }) => {
        if (payload.seq === 0 && failuresLeft > 0) {
          failuresLeft -= 1;
          throw new RetryableError('not yet');
        }
        handled.push(payload.seq);
      },
    });

    await publish(Array.from({ length: 12 }, (_, seq) => message('a', seq)));
    await waitFor(() => (handled.length === 12 ? true : undefined), 15_000, 'all of key a');

    expect(handled).toEqual(Array.from({ length: 12 }, (_, seq) => seq));
    expect(heldBack).toBeGreaterThanOrEqual(10);
  });

  it('retries a failing message in place so that later messages of its key cannot overtake it', async () => {
    const handled: string[] = [];
    const attempts: number[] = [];
    let failuresLeft = 2;
    await consume({
      concurrency: 4,
      prefetch: 16,
      retry: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 100 },
      handler: async ({ payload }, context) => {
        if (payload.key === 'a' && payload.seq === 0) {
          attempts.push(context.attempt);
          if (failuresLeft-- > 0) throw new RetryableError('Genesys answered 503');
        }
        if (payload.key === 'a' && payload.seq === 1 && failuresLeft === -99) throw new Error('unreachable');
        handled.push(`${payload.key}${payload.seq}`);
      },
    });

    await publish([message('a', 0), message('a', 1), message('b', 0), message('a', 2)]);
    await waitFor(() => (handled.length === 4 ? true : undefined), 5_000, 'all handled');

    expect(handled.filter((id) => id.startsWith('a'))).toEqual(['a0', 'a1', 'a2']);
    expect(handled.indexOf('b0')).toBeLessThan(handled.indexOf('a0'));
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('waits in place for a retry-later without spending attempts', async () => {
    const handled: string[] = [];
    const contexts: Array<{ attempt: number; retryLaterCount: number }> = [];
    let deferrals = 2;
    await consume({
      retry: { maxAttempts: 1 },
      handler: async ({ payload }, context) => {
        if (payload.seq === 0) {
          contexts.push({ attempt: context.attempt, retryLaterCount: context.retryLaterCount });
          if (deferrals-- > 0) throw new RetryLaterError(50, 'Genesys answered 429');
        }
        handled.push(`${payload.key}${payload.seq}`);
      },
    });

    await publish([message('a', 0), message('a', 1)]);
    await waitFor(() => (handled.length === 2 ? true : undefined), 5_000, 'both handled');

    expect(handled).toEqual(['a0', 'a1']);
    expect(contexts).toEqual([
      { attempt: 0, retryLaterCount: 0 },
      { attempt: 0, retryLaterCount: 1 },
      { attempt: 0, retryLaterCount: 2 },
    ]);
  });

  it('dead-letters a message whose in-place retries ran out, with its attempts, and goes on with its key', async () => {
    const handled: string[] = [];
    await consume({
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40 },
      handler: async ({ payload }) => {
        if (payload.seq === 0) throw new RetryableError('Genesys answered 500');
        handled.push(`${payload.key}${payload.seq}`);
      },
    });

    await publish([message('a', 0), message('a', 1)]);
    const dead = await waitFor(
      () => harness.take(deadLetterQueueName(QUEUES.INBOUND_RAW)),
      5_000,
      'dead letter',
    );
    await waitFor(() => (handled.length === 1 ? true : undefined), 3_000, 'a1 handled');

    expect(JSON.parse(dead.content.toString()).payload).toEqual({ key: 'a', seq: 0 });
    expect(dead.properties.headers?.['x-dead-letter-reason']).toBe(
      'RetryableError: Genesys answered 500 (gave up after 3 attempts)',
    );
    expect(dead.properties.headers?.['x-attempt']).toBe(2);
    expect(handled).toEqual(['a1']);
  });

  it('falls back to the delay queues when waiting in place would hold the message too long', async () => {
    const seen: number[] = [];
    await consume({
      maxInPlaceRetryMs: 10,
      handler: async (_envelope, context) => {
        seen.push(context.retryLaterCount);
        if (context.retryLaterCount === 0) throw new RetryLaterError(200, 'come back later');
      },
    });

    await publish([message('a', 0)]);
    await waitFor(() => (seen.length === 2 ? true : undefined), 5_000, 'the delayed retry');

    expect(seen).toEqual([0, 1]);
  });

  it('gives a message waiting in place back to the broker when it stops, for the next consumer', async () => {
    const firstConnection = harness.connect('ordered-first');
    const firstPublisher = new ConfirmedPublisher(firstConnection);
    const waiting = deferred();
    const first = await consume(
      {
        retry: { maxAttempts: 1 },
        drainTimeoutMs: 2_000,
        handler: async () => {
          waiting.resolve();
          throw new RetryLaterError(60_000, 'Genesys answered 429');
        },
      },
      firstConnection,
      firstPublisher,
    );
    await publish([message('a', 0)]);
    await waiting.promise;

    const stoppedAt = Date.now();
    await first.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    const redelivered = deferred<boolean>();
    await consume({ handler: async (_envelope, context) => redelivered.resolve(context.redelivered) });

    expect(await redelivered.promise).toBe(true);
    await firstPublisher.close();
  });

  it('drops a message waiting in place when its channel closes, and handles the redelivery once', async () => {
    const connection = new MessagingConnection({
      url: harness.vhost.url,
      connectionName: 'ordered-flaky',
      logger: harness.logger,
      reconnectDelaySeconds: 0.2,
    });
    const publisher = new ConfirmedPublisher(connection);
    const calls: boolean[] = [];
    const firstCall = deferred();
    await consume(
      {
        retry: { maxAttempts: 1 },
        handler: async (_envelope, context) => {
          calls.push(context.redelivered);
          if (!context.redelivered) {
            firstCall.resolve();
            throw new RetryLaterError(1_000, 'Genesys answered 429');
          }
        },
      },
      connection,
      publisher,
    );
    await publish([message('a', 0)]);
    await firstCall.promise;

    // The broker loses the connection: the message goes back to the queue.
    await (connection.manager.connection as unknown as { close(): Promise<void> }).close();
    await waitFor(() => (calls.length === 2 ? true : undefined), 5_000, 'the redelivery');
    await sleep(1_500);

    expect(calls).toEqual([false, true]);
    await publisher.close();
    await connection.close();
  });

  it('lets only one of two consumers take messages (single active consumer), the other takes over', async () => {
    const byFirst: number[] = [];
    const bySecond: number[] = [];
    const secondConnection = harness.connect('ordered-standby');
    const secondPublisher = new ConfirmedPublisher(secondConnection);
    const first = await consume({
      concurrency: 4,
      prefetch: 8,
      handler: async ({ payload }) => void byFirst.push(payload.seq),
    });
    await consume(
      { concurrency: 4, prefetch: 8, handler: async ({ payload }) => void bySecond.push(payload.seq) },
      secondConnection,
      secondPublisher,
    );

    await publish(Array.from({ length: 10 }, (_, seq) => message(`k${seq % 3}`, seq)));
    await waitFor(() => (byFirst.length === 10 ? true : undefined), 5_000, 'the first consumer took all');
    await first.stop();
    await publish([message('k0', 10)]);
    await waitFor(() => (bySecond.length === 1 ? true : undefined), 5_000, 'the standby took over');

    expect(bySecond).toEqual([10]);
    await secondPublisher.close();
  });
});
