import {
  EXCHANGES,
  MESSAGE_HEADERS,
  QUEUES,
  ROUTING_KEYS,
  type Envelope,
} from '@switchboard/shared-contracts';
import { startMessagingTestHarness, type MessagingTestHarness } from '../testing/messaging-test-harness';
import { buildTestEnvelope } from '../testing/test-envelope';
import { waitFor } from '../testing/test-helpers';
import { DeadLetterService } from './dead-letter.service';
import { encodeJson } from './envelope-codec.util';
import { envelopeProperties } from './message.publisher';
import { PermanentError } from './messaging.errors';
import { WORK_QUEUE_DELIVERY_LIMIT } from './messaging.topology';
import { WorkQueueConsumer, type MessageContext } from './work-queue.consumer';

describe(DeadLetterService.name, () => {
  let harness: MessagingTestHarness;
  let sut: DeadLetterService;

  /** Puts an envelope into the DLQ of `queue` as the consumer would. */
  async function deadLetter(queue: string, envelope: Envelope, reason: string): Promise<void> {
    const properties = envelopeProperties(envelope);
    await harness.confirmed.publish(EXCHANGES.DEAD_LETTER, queue, encodeJson(envelope), {
      ...properties,
      headers: {
        ...properties.headers,
        [MESSAGE_HEADERS.DEAD_LETTER_REASON]: reason,
        [MESSAGE_HEADERS.DEAD_LETTER_QUEUE]: queue,
        [MESSAGE_HEADERS.DEAD_LETTERED_AT]: new Date().toISOString(),
      },
    });
  }

  beforeAll(async () => {
    harness = await startMessagingTestHarness('dead-letter');
    sut = new DeadLetterService(harness.connection, harness.confirmed);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lists dead letters oldest first with their reasons and leaves them in place, in order', async () => {
    const envelopes = [1, 2, 3].map((n) => buildTestEnvelope({ attempt: 4, payload: { text: `m${n}` } }));
    for (const [i, envelope] of envelopes.entries())
      await deadLetter(QUEUES.GENESYS_CORRELATION, envelope, `Error: failure ${i}`);

    const first = await sut.list(QUEUES.GENESYS_CORRELATION, 2);
    const all = await sut.list(QUEUES.GENESYS_CORRELATION, 10);

    expect(first.map((d) => d.messageId)).toEqual(envelopes.slice(0, 2).map((e) => e.id));
    expect(all.map((d) => d.messageId)).toEqual(envelopes.map((e) => e.id));
    expect(all[0]).toMatchObject({
      reason: 'Error: failure 0',
      attempt: 4,
      tenantId: envelopes[0].tenantId,
      correlationId: envelopes[0].correlationId,
      envelope: envelopes[0],
    });
    expect(await sut.count(QUEUES.GENESYS_CORRELATION)).toBe(3);
  });

  it('replays only the message asked for and keeps the others in order', async () => {
    const before = await sut.list(QUEUES.GENESYS_CORRELATION, 10);

    const replayed = await sut.replay(QUEUES.GENESYS_CORRELATION, { messageId: before[1].messageId });

    expect(replayed).toBe(1);
    const back = await harness.take(QUEUES.GENESYS_CORRELATION);
    expect(back?.properties.messageId).toBe(before[1].messageId);
    expect((await sut.list(QUEUES.GENESYS_CORRELATION, 10)).map((d) => d.messageId)).toEqual([
      before[0].messageId,
      before[2].messageId,
    ]);
  });

  it('replays at most `limit` messages, oldest first', async () => {
    const before = await sut.list(QUEUES.GENESYS_CORRELATION, 10);

    expect(await sut.replay(QUEUES.GENESYS_CORRELATION, { limit: 1 })).toBe(1);

    expect((await harness.take(QUEUES.GENESYS_CORRELATION))?.properties.messageId).toBe(before[0].messageId);
    expect(await sut.count(QUEUES.GENESYS_CORRELATION)).toBe(1);
    await harness.withChannel((c) => c.purgeQueue(`${QUEUES.GENESYS_CORRELATION}.dlq`));
  });

  it('puts a dead letter back on its work queue with attempt 0 and without reason headers, processed once', async () => {
    const contexts: Array<{ envelope: Envelope; context: MessageContext }> = [];
    let fail = true;
    const consumer = new WorkQueueConsumer(harness.connection, harness.confirmed, {
      queue: QUEUES.GENESYS_CORRELATION,
      logger: harness.logger,
      handler: async (envelope, context) => {
        contexts.push({ envelope, context });
        if (fail) throw new PermanentError('tenant has no Genesys integration yet');
      },
    });
    await consumer.start();
    const envelope = buildTestEnvelope();
    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, envelope);
    await waitFor(
      async () => ((await sut.count(QUEUES.GENESYS_CORRELATION)) === 1 ? true : undefined),
      3_000,
      'the DLQ',
    );
    fail = false;

    const replayed = await sut.replay(QUEUES.GENESYS_CORRELATION);
    await waitFor(() => (contexts.length === 2 ? true : undefined), 3_000, 'the replayed delivery');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await consumer.stop();

    expect(replayed).toBe(1);
    expect(contexts).toHaveLength(2);
    const { envelope: again, context } = contexts[1];
    expect(again).toEqual(envelope);
    expect(context.attempt).toBe(0);
    expect(context.headers[MESSAGE_HEADERS.ATTEMPT]).toBe(0);
    expect(context.headers[MESSAGE_HEADERS.CORRELATION_ID]).toBe(envelope.correlationId);
    for (const header of [
      MESSAGE_HEADERS.DEAD_LETTER_REASON,
      MESSAGE_HEADERS.DEAD_LETTER_QUEUE,
      MESSAGE_HEADERS.DEAD_LETTERED_AT,
      MESSAGE_HEADERS.ORIGINAL_HEADERS,
    ]) {
      expect(context.headers).not.toHaveProperty(header);
    }
    expect(await sut.count(QUEUES.GENESYS_CORRELATION)).toBe(0);
  });

  it('resets the attempt in the body of a message dead-lettered after retries', async () => {
    await deadLetter(
      QUEUES.PORTAL_EVENTS,
      buildTestEnvelope({ attempt: 4 }),
      'Error: boom (gave up after 5 attempts)',
    );

    await sut.replay(QUEUES.PORTAL_EVENTS);

    const back = await harness.take(QUEUES.PORTAL_EVENTS);
    expect(JSON.parse(back!.content.toString()).attempt).toBe(0);
    expect(back!.properties.headers![MESSAGE_HEADERS.ATTEMPT]).toBe(0);
  });

  it('lists a message the broker dead-lettered past the delivery limit (crash-loop protection)', async () => {
    await harness.publisher.publish(ROUTING_KEYS.PORTAL_EVENT, buildTestEnvelope());

    // Each nack-requeue stands for a consumer process that died holding the message.
    const deliveries = await harness.withChannel(async (channel) => {
      let count = 0;
      for (;;) {
        const message = await channel.get(QUEUES.PORTAL_EVENTS, { noAck: false });
        if (!message) return count;
        count += 1;
        channel.nack(message, false, true);
      }
    });
    const [dead] = await waitFor(async () => {
      const listed = await sut.list(QUEUES.PORTAL_EVENTS, 1);
      return listed.length > 0 ? listed : undefined;
    });

    expect(deliveries).toBe(WORK_QUEUE_DELIVERY_LIMIT + 1);
    expect(dead.reason).toBe(`broker: delivery_limit in ${QUEUES.PORTAL_EVENTS}`);
  });
});
