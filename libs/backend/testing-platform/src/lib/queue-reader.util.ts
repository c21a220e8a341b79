import { deadLetterQueueName, type MessagingConnection } from '@switchboard/backend-util-messaging';
import {
  EXCHANGES,
  MESSAGE_HEADERS,
  type Envelope,
  type QueueName,
  type RoutingKey,
} from '@switchboard/shared-contracts';
import type { GetMessage } from 'amqplib';

/** Reads a queue message by message (no consumer, so nothing is held), decoding each one. */
export class QueueReader<T> {
  constructor(
    private readonly connection: MessagingConnection,
    readonly queue: string,
    private readonly decode: (message: GetMessage) => T,
    private readonly what = 'messages',
  ) {}

  /** The next message, if one is waiting. */
  async take(): Promise<T | undefined> {
    const message = await this.connection.withChannel((channel) => channel.get(this.queue, { noAck: true }));
    return message ? this.decode(message) : undefined;
  }

  /** The next `count` messages, in queue order (fails after `timeoutMs`). */
  async next(count = 1, timeoutMs = 15_000): Promise<T[]> {
    const taken: T[] = [];
    const deadline = Date.now() + timeoutMs;
    while (taken.length < count) {
      const item = await this.take();
      if (item !== undefined) {
        taken.push(item);
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.queue}: got ${taken.length} of ${count} ${this.what} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return taken;
  }

  /** The next message (fails after `timeoutMs`). */
  async one(timeoutMs = 15_000): Promise<T> {
    const [item] = await this.next(1, timeoutMs);
    if (item === undefined) throw new Error(`${this.queue}: no ${this.what}`);
    return item;
  }

  /** Messages waiting on the queue. */
  async count(): Promise<number> {
    return this.connection.withChannel(
      async (channel) => (await channel.checkQueue(this.queue)).messageCount,
    );
  }
}

/** A queue of the test's own bound to a routing key of the pipeline exchange: what a service published. */
export type PipelineTap<T = unknown> = QueueReader<Envelope<T>>;

export async function openPipelineTap<T = unknown>(
  connection: MessagingConnection,
  routingKey: RoutingKey,
): Promise<PipelineTap<T>> {
  const queue = `test.tap.${routingKey}.${Math.random().toString(36).slice(2, 8)}`;
  await connection.withChannel(async (channel) => {
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    await channel.bindQueue(queue, EXCHANGES.PIPELINE, routingKey);
  });
  return new QueueReader(connection, queue, (message) => decodeEnvelope<T>(message), 'envelopes');
}

/** A dead-lettered envelope with the headers the consumer added when giving up. */
export interface TestDeadLetter<T = unknown> {
  readonly envelope: Envelope<T>;
  readonly reason: string;
  readonly attempt: number;
}

/** Reads (and removes) the dead letters of one of the pipeline's queues. */
export function deadLetterReader<T = unknown>(
  connection: MessagingConnection,
  queue: QueueName,
): QueueReader<TestDeadLetter<T>> {
  return new QueueReader(
    connection,
    deadLetterQueueName(queue),
    (message) => {
      const headers = message.properties.headers ?? {};
      return {
        envelope: decodeEnvelope<T>(message),
        reason: String(headers[MESSAGE_HEADERS.DEAD_LETTER_REASON] ?? ''),
        attempt: Number(headers[MESSAGE_HEADERS.ATTEMPT]),
      };
    },
    'dead letters',
  );
}

function decodeEnvelope<T>(message: GetMessage): Envelope<T> {
  return JSON.parse(message.content.toString('utf8')) as Envelope<T>;
}
