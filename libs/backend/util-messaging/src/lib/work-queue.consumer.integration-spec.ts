import { performance } from 'node:perf_hooks';
import {
  EXCHANGES,
  MESSAGE_HEADERS,
  QUEUES,
  ROUTING_KEYS,
  type QueueName,
} from '@switchboard/shared-contracts';
import { currentContext, type RequestContext } from '@switchboard/backend-util-observability';
import { z } from 'zod';
import { startMessagingTestHarness, type MessagingTestHarness } from '../testing/messaging-test-harness';
import { buildTestEnvelope } from '../testing/test-envelope';
import { deferred, waitFor } from '../testing/test-helpers';
import { ConfirmedPublisher } from './confirmed.publisher';
import type { ConsumerObserver, ConsumerRetryEvent } from './consumer.observer';
import { encodeJson } from './envelope-codec.util';
import { PermanentError, RetryLaterError, RetryableError } from './messaging.errors';
import { deadLetterQueueName } from './messaging.topology';
import { WorkQueueConsumer, type MessageContext, type WorkQueueConsumerOptions } from './work-queue.consumer';

describe(WorkQueueConsumer.name, () => {
  let harness: MessagingTestHarness;
  const started: WorkQueueConsumer<unknown>[] = [];

  async function consume<T>(options: WorkQueueConsumerOptions<T>): Promise<WorkQueueConsumer<T>> {
    const sut = new WorkQueueConsumer<T>(harness.connection, harness.confirmed, {
      logger: harness.logger,
      ...options,
    });
    await sut.start();
    started.push(sut as WorkQueueConsumer<unknown>);
    return sut;
  }

  function publishRaw(routingKey: string, body: Buffer): Promise<void> {
    return harness.confirmed.publish(EXCHANGES.PIPELINE, routingKey, body, { persistent: true });
  }

  const takeDeadLetter = (queue: QueueName, timeoutMs = 3_000) =>
    waitFor(() => harness.take(deadLetterQueueName(queue)), timeoutMs, `a dead letter of ${queue}`);

  beforeAll(async () => {
    harness = await startMessagingTestHarness('consumer');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((consumer) => consumer.stop()));
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('hands the envelope and its per-message headers to the handler and acks after it resolved', async () => {
    const envelope = buildTestEnvelope();
    const handled = deferred<MessageContext>();
    await consume({ queue: QUEUES.PORTAL_EVENTS, handler: async (_e, context) => handled.resolve(context) });

    await harness.publisher.publish(ROUTING_KEYS.PORTAL_EVENT, envelope);
    const context = await handled.promise;

    expect(context).toMatchObject({
      queue: QUEUES.PORTAL_EVENTS,
      attempt: 0,
      redelivered: false,
      messageId: envelope.id,
    });
    expect(context.headers).toMatchObject({
      [MESSAGE_HEADERS.CORRELATION_ID]: envelope.correlationId,
      [MESSAGE_HEADERS.TRACEPARENT]: envelope.traceparent,
    });
    await waitFor(async () =>
      (await harness.withChannel((c) => c.checkQueue(QUEUES.PORTAL_EVENTS))).messageCount === 0
        ? true
        : undefined,
    );
    await started[0].stop();
    expect((await harness.withChannel((c) => c.checkQueue(QUEUES.PORTAL_EVENTS))).messageCount).toBe(0);
  });

  it('runs the handler in the envelope’s context, so its logs carry tenant and correlation id', async () => {
    const envelope = buildTestEnvelope();
    const seen = deferred<RequestContext | undefined>();
    await consume({ queue: QUEUES.PORTAL_EVENTS, handler: async () => seen.resolve(currentContext()) });
    await harness.publisher.publish(ROUTING_KEYS.PORTAL_EVENT, envelope);
    const context = await seen.promise;
    expect(context).toMatchObject({ correlationId: envelope.correlationId, tenantId: envelope.tenantId });
    expect(context?.traceparent.split('-')[1]).toBe(envelope.traceparent.split('-')[1]);
  });

  it('redelivers a message whose consumer died before acking it to another consumer', async () => {
    const doomedConnection = harness.connect('test-doomed-consumer');
    const doomedPublisher = new ConfirmedPublisher(doomedConnection);
    const reachedDoomed = deferred();
    const doomed = new WorkQueueConsumer(doomedConnection, doomedPublisher, {
      queue: QUEUES.GENESYS_CORRELATION,
      logger: harness.logger,
      handler: () => {
        reachedDoomed.resolve();
        return new Promise<void>(() => undefined); // never resolves: the process "hangs" then dies
      },
    });
    await doomed.start();
    const envelope = buildTestEnvelope();
    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, envelope);
    await reachedDoomed.promise;

    await doomedConnection.close();
    const survivor = deferred<{ id: string; context: MessageContext }>();
    await consume({
      queue: QUEUES.GENESYS_CORRELATION,
      handler: async (received, context) => survivor.resolve({ id: received.id, context }),
    });

    const { id, context } = await survivor.promise;
    expect(id).toBe(envelope.id);
    expect(context.redelivered).toBe(true);
  });

  it('dead-letters a poison message after the configured attempts with its reason and attempt count', async () => {
    const attempts: number[] = [];
    const retried: ConsumerRetryEvent[] = [];
    const deadLettered: string[] = [];
    const observer: ConsumerObserver = {
      onRetried: (event) => retried.push(event),
      onDeadLettered: (event) => deadLettered.push(event.reason),
    };
    await consume({
      queue: QUEUES.GENESYS_CORRELATION,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 400 },
      observer,
      handler: async (_e, context) => {
        attempts.push(context.attempt);
        throw new RetryableError('Genesys answered 503');
      },
    });
    const envelope = buildTestEnvelope();

    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, envelope);
    const dead = await takeDeadLetter(QUEUES.GENESYS_CORRELATION);

    expect(attempts).toEqual([0, 1, 2]);
    expect(retried.map((event) => event.attempt)).toEqual([1, 2]);
    const headers = dead.properties.headers!;
    expect(headers[MESSAGE_HEADERS.DEAD_LETTER_REASON]).toBe(
      'RetryableError: Genesys answered 503 (gave up after 3 attempts)',
    );
    expect(headers[MESSAGE_HEADERS.ATTEMPT]).toBe(2);
    expect(headers[MESSAGE_HEADERS.DEAD_LETTER_QUEUE]).toBe(QUEUES.GENESYS_CORRELATION);
    expect(Date.parse(headers[MESSAGE_HEADERS.DEAD_LETTERED_AT])).toBeGreaterThan(Date.now() - 10_000);
    expect(headers[MESSAGE_HEADERS.ORIGINAL_HEADERS]).toMatchObject({
      [MESSAGE_HEADERS.TRACEPARENT]: envelope.traceparent,
      [MESSAGE_HEADERS.ATTEMPT]: 2,
    });
    expect(headers[MESSAGE_HEADERS.TRACEPARENT]).toBe(envelope.traceparent);
    expect(dead.properties.messageId).toBe(envelope.id);
    expect(JSON.parse(dead.content.toString())).toMatchObject({ id: envelope.id, attempt: 2 });
    expect(deadLettered).toHaveLength(1);
  });

  it('delivers a retry after its backoff delay, not before, and not much later', async () => {
    const calls: number[] = [];
    const retried = deferred<ConsumerRetryEvent>();
    await consume({
      queue: QUEUES.GENESYS_CORRELATION,
      // Well below the 1 s tier: a retry that waited for the tier's TTL instead would be caught.
      retry: { baseDelayMs: 300, maxDelayMs: 300 },
      observer: { onRetried: (event) => retried.resolve(event) },
      handler: async () => {
        calls.push(performance.now());
        if (calls.length === 1) throw new RetryableError('media relay timed out');
      },
    });

    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope());
    await waitFor(() => (calls.length === 2 ? true : undefined), 5_000, 'the retry');

    const { delayMs } = await retried.promise;
    const waited = calls[1] - calls[0];
    expect(delayMs).toBeGreaterThanOrEqual(150);
    expect(waited).toBeGreaterThanOrEqual(delayMs);
    expect(waited).toBeLessThan(delayMs + 500);
  });

  it('delays a RetryLaterError by the requested time without consuming attempts', async () => {
    const calls: Array<{ at: number; attempt: number; retryLaterCount: number }> = [];
    await consume({
      queue: QUEUES.PORTAL_EVENTS,
      retry: { maxAttempts: 1 },
      handler: async (_e, context) => {
        calls.push({
          at: performance.now(),
          attempt: context.attempt,
          retryLaterCount: context.retryLaterCount,
        });
        if (calls.length <= 2) throw new RetryLaterError(1_100, 'Graph API 429, Retry-After: 1.1 s');
      },
    });

    await harness.publisher.publish(ROUTING_KEYS.PORTAL_EVENT, buildTestEnvelope());
    await waitFor(() => (calls.length === 3 ? true : undefined), 6_000, 'three deliveries');

    expect(calls.map((c) => c.attempt)).toEqual([0, 0, 0]);
    expect(calls.map((c) => c.retryLaterCount)).toEqual([0, 1, 2]);
    for (const [previous, next] of [
      [calls[0], calls[1]],
      [calls[1], calls[2]],
    ]) {
      expect(next.at - previous.at).toBeGreaterThanOrEqual(1_100);
      expect(next.at - previous.at).toBeLessThan(1_600);
    }
    expect(await harness.take(deadLetterQueueName(QUEUES.PORTAL_EVENTS))).toBeUndefined();
  });

  it('dead-letters a message deferred with RetryLaterError past the safety cap', async () => {
    let calls = 0;
    await consume({
      queue: QUEUES.PORTAL_EVENTS,
      retry: { maxRetryLater: 2 },
      handler: async () => {
        calls += 1;
        throw new RetryLaterError(50, 'still 429');
      },
    });

    await harness.publisher.publish(ROUTING_KEYS.PORTAL_EVENT, buildTestEnvelope());
    const dead = await takeDeadLetter(QUEUES.PORTAL_EVENTS);

    expect(calls).toBe(3);
    expect(dead.properties.headers![MESSAGE_HEADERS.DEAD_LETTER_REASON]).toBe(
      'RetryLaterError: still 429 (deferred 2 times, the safety cap)',
    );
  });

  it('keeps the original in its queue when the broker does not confirm the retry', async () => {
    const unconfirmed = new ConfirmedPublisher(harness.connection);
    await unconfirmed.close(); // every publish now fails: stands for a broker that does not confirm
    const deliveries: MessageContext[] = [];
    const sut = new WorkQueueConsumer(harness.connection, unconfirmed, {
      queue: QUEUES.PORTAL_EVENTS,
      logger: harness.logger,
      handler: async (_e, context) => {
        deliveries.push(context);
        if (deliveries.length === 1) throw new RetryableError('socket hang up');
      },
    });
    await sut.start();
    started.push(sut);

    await harness.publisher.publish(ROUTING_KEYS.PORTAL_EVENT, buildTestEnvelope());
    await waitFor(() => (deliveries.length === 2 ? true : undefined), 3_000, 'the redelivery');

    expect(deliveries.map((c) => [c.attempt, c.redelivered])).toEqual([
      [0, false],
      [0, true],
    ]);
    expect(harness.logger.lines.join('\n')).toMatch(/retry of .* not confirmed, requeued/);
  });

  it('dead-letters a PermanentError at once', async () => {
    let calls = 0;
    await consume({
      queue: QUEUES.GENESYS_CORRELATION,
      handler: async () => {
        calls += 1;
        throw new PermanentError('mapping_not_found');
      },
    });

    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope());
    const dead = await takeDeadLetter(QUEUES.GENESYS_CORRELATION);

    expect(calls).toBe(1);
    expect(dead.properties.headers![MESSAGE_HEADERS.DEAD_LETTER_REASON]).toBe(
      'PermanentError: mapping_not_found',
    );
    expect(dead.properties.headers![MESSAGE_HEADERS.ATTEMPT]).toBe(0);
  });

  it('sends invalid JSON, an invalid envelope and an invalid payload to the DLQ at once with a reason', async () => {
    const handler = jest.fn(async () => undefined);
    await consume({
      queue: QUEUES.DELIVERY_OUTCOME_RECEIPTS,
      handler,
      payloadSchema: z.object({ text: z.string() }),
    });
    const begin = Date.now();

    await publishRaw(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME, Buffer.from('{"id": '));
    await publishRaw(
      ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME,
      encodeJson({ ...buildTestEnvelope(), tenantId: '' }),
    );
    await publishRaw(
      ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME,
      encodeJson(buildTestEnvelope({ payload: { text: 1 } })),
    );
    const reasons: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      const dead = await takeDeadLetter(QUEUES.DELIVERY_OUTCOME_RECEIPTS);
      reasons.push(dead.properties.headers![MESSAGE_HEADERS.DEAD_LETTER_REASON]);
    }

    expect(Date.now() - begin).toBeLessThan(1_000);
    expect(reasons).toEqual([
      expect.stringMatching(/^InvalidJson: /),
      expect.stringMatching(/^InvalidEnvelope: tenantId: /),
      expect.stringMatching(/^InvalidPayload: text: /),
    ]);
    expect(handler).not.toHaveBeenCalled();
    // The receipts queue got the same messages; it was not consumed, so they are still there.
    await harness.withChannel((c) => c.purgeQueue(QUEUES.DELIVERY_OUTCOME_RECEIPTS));
  });

  it('runs up to `concurrency` handlers at once', async () => {
    const release = deferred();
    let running = 0;
    let peak = 0;
    await consume({
      queue: QUEUES.GENESYS_CORRELATION,
      concurrency: 3,
      prefetch: 5,
      handler: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await release.promise;
        running -= 1;
      },
    });

    for (let i = 0; i < 5; i += 1)
      await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope());
    await waitFor(() => (running === 3 ? true : undefined), 3_000, 'three running handlers');
    release.resolve();
    await waitFor(async () =>
      (await harness.withChannel((c) => c.checkQueue(QUEUES.GENESYS_CORRELATION))).messageCount === 0
        ? true
        : undefined,
    );

    expect(peak).toBe(3);
  });

  it('stops consuming on stop() but lets the running handler finish and ack first', async () => {
    const release = deferred();
    const running = deferred();
    const sut = await consume({
      queue: QUEUES.GENESYS_CORRELATION,
      handler: async () => {
        running.resolve();
        await release.promise;
      },
    });
    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope());
    await running.promise;

    let stopped = false;
    const stopping = sut.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope());
    release.resolve();
    await stopping;

    // The first was acked; the one published during shutdown waits for the next consumer.
    const left = await harness.withChannel((c) => c.checkQueue(QUEUES.GENESYS_CORRELATION));
    expect(left).toMatchObject({ messageCount: 1, consumerCount: 0 });
    await harness.withChannel((c) => c.purgeQueue(QUEUES.GENESYS_CORRELATION));
  });
});
