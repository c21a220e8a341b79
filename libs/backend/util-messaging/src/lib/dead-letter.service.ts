import { MESSAGE_HEADERS, type QueueName } from '@switchboard/shared-contracts';
import type { Channel, GetMessage } from 'amqplib';
import type { ConfirmedPublisher, RawPublishProperties } from './confirmed.publisher';
import { encodeJson } from './envelope-codec.util';
import {
  readCountHeader,
  readStringHeader,
  republishProperties,
  withoutDeadLetterHeaders,
  type MessageHeaders,
} from './message-headers.util';
import type { MessagingConnection } from './messaging.connection';
import { deadLetterQueueName } from './messaging.topology';

export interface DeadLetter {
  readonly messageId: string | undefined;
  /** Our reason header, or what the broker recorded (e.g. `delivery_limit`) when it dead-lettered. */
  readonly reason: string | undefined;
  readonly deadLetteredAt: string | undefined;
  readonly attempt: number;
  readonly tenantId: string | undefined;
  readonly correlationId: string | undefined;
  readonly headers: MessageHeaders;
  /** The parsed JSON body, or undefined when the body is not JSON (see `body`). */
  readonly envelope: unknown;
  readonly body: string;
}

export interface ReplayOptions {
  /** At most this many messages (default: all that were in the DLQ when the replay began). */
  readonly limit?: number;
  /** Only messages with this messageId (envelope id). */
  readonly messageId?: string;
}

interface BrokerDeath {
  readonly reason?: unknown;
  readonly queue?: unknown;
}

function brokerReason(headers: MessageHeaders): string | undefined {
  const deaths = headers['x-death'];
  const first = Array.isArray(deaths) ? (deaths[0] as BrokerDeath | undefined) : undefined;
  if (!first || typeof first.reason !== 'string') return undefined;
  return `broker: ${first.reason}${typeof first.queue === 'string' ? ` in ${first.queue}` : ''}`;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function toDeadLetter(message: GetMessage): DeadLetter {
  const headers: MessageHeaders = message.properties.headers ?? {};
  const body = message.content.toString('utf8');
  return {
    messageId: message.properties.messageId,
    reason: readStringHeader(headers, MESSAGE_HEADERS.DEAD_LETTER_REASON) ?? brokerReason(headers),
    deadLetteredAt: readStringHeader(headers, MESSAGE_HEADERS.DEAD_LETTERED_AT),
    attempt: readCountHeader(headers, MESSAGE_HEADERS.ATTEMPT),
    tenantId: readStringHeader(headers, MESSAGE_HEADERS.TENANT_ID),
    correlationId: readStringHeader(headers, MESSAGE_HEADERS.CORRELATION_ID),
    headers,
    envelope: parseJson(body),
    body,
  };
}

/** Attempt reset to 0 in the body too, when the body is an envelope-like JSON object. */
function replayBody(content: Buffer): Buffer {
  const json = parseJson(content.toString('utf8'));
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('attempt' in json))
    return content;
  return encodeJson({ ...json, attempt: 0 });
}

function replayProperties(message: GetMessage): RawPublishProperties {
  const headers = {
    ...withoutDeadLetterHeaders(message.properties.headers ?? {}),
    [MESSAGE_HEADERS.ATTEMPT]: 0,
  };
  return republishProperties(message.properties, headers);
}

// If the channel is gone the broker has requeued them already.
function requeueQuietly(channel: Channel, message: GetMessage, allUpTo: boolean): void {
  try {
    channel.nack(message, allUpTo, true);
  } catch {
    // see above
  }
}

/**
 * Operator tools for `<queue>.dlq`. Messages are taken with basic.get and held unacked while
 * they are looked at: a crash or a closed channel returns them to the DLQ, and a classic queue
 * puts requeued messages back at their original position, so browsing keeps the order.
 */
export class DeadLetterService {
  constructor(
    private readonly connection: MessagingConnection,
    private readonly publisher: ConfirmedPublisher,
  ) {}

  /** Messages ready in the DLQ (not counting any held by a concurrent list or replay). */
  async count(queue: QueueName): Promise<number> {
    const { messageCount } = await this.connection.withChannel((channel) =>
      channel.checkQueue(deadLetterQueueName(queue)),
    );
    return messageCount;
  }

  /** The first `limit` dead letters, oldest first, left in the DLQ. */
  async list(queue: QueueName, limit = 50): Promise<DeadLetter[]> {
    const dlq = deadLetterQueueName(queue);
    return this.connection.withChannel(async (channel) => {
      const held: GetMessage[] = [];
      try {
        while (held.length < limit) {
          const message = await channel.get(dlq, { noAck: false });
          if (!message) break;
          held.push(message);
        }
        return held.map(toDeadLetter);
      } finally {
        const last = held.at(-1);
        // One multiple-nack returns them all, each to its original position.
        if (last) requeueQuietly(channel, last, true);
      }
    });
  }

  /**
   * Moves dead letters back onto their work queue with attempt 0 and without the dead-letter
   * headers. Each DLQ message is acked only after the broker confirmed its replay, so a failure
   * part-way duplicates at worst. Returns how many were replayed.
   */
  async replay(queue: QueueName, options: ReplayOptions = {}): Promise<number> {
    const dlq = deadLetterQueueName(queue);
    return this.connection.withChannel(async (channel) => {
      // Only what is there now: bounds the scan, and a filtered-out message is not met twice.
      const { messageCount } = await channel.checkQueue(dlq);
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const skipped: GetMessage[] = [];
      let replayed = 0;
      try {
        for (let scanned = 0; scanned < messageCount && replayed < limit; scanned += 1) {
          const message = await channel.get(dlq, { noAck: false });
          if (!message) break;
          if (options.messageId !== undefined && message.properties.messageId !== options.messageId) {
            skipped.push(message);
            continue;
          }
          await this.replayOne(channel, queue, message);
          replayed += 1;
        }
      } finally {
        for (const message of skipped) requeueQuietly(channel, message, false);
      }
      return replayed;
    });
  }

  private async replayOne(channel: Channel, queue: QueueName, message: GetMessage): Promise<void> {
    try {
      await this.publisher.publish('', queue, replayBody(message.content), replayProperties(message));
    } catch (error) {
      requeueQuietly(channel, message, false);
      throw error;
    }
    channel.ack(message);
  }
}
