import { randomUUID } from 'node:crypto';
import type { Channel, Message, Options } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { PublishNotConfirmedError, type PublishTarget } from './messaging.errors';
import type { MessagingConnection } from './messaging.connection';
import { PUBLISH_ID_HEADER, readStringHeader, type MessageHeaders } from './message-headers.util';

export interface ConfirmedPublisherOptions {
  /** How long to wait for the broker's confirmation, including while disconnected. */
  readonly timeoutMs?: number;
  /** Publishes allowed to wait for a confirmation at once; more are refused, not buffered. */
  readonly maxPending?: number;
}

export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_PENDING_PUBLISHES = 10_000;

export type RawPublishProperties = Omit<Options.Publish, 'mandatory' | 'headers'> & {
  readonly headers?: MessageHeaders;
};

interface PendingReturn {
  replyText?: string;
}

function returnReplyText(message: Message): string {
  const fields = message.fields as Partial<{ replyCode: number; replyText: string }>;
  return `${fields.replyCode ?? ''} ${fields.replyText ?? 'returned'}`.trim();
}

/**
 * Publishes bytes and resolves only once the broker has taken responsibility for them: a
 * publisher-confirm ack for a message that reached at least one queue. Every publish is
 * mandatory, so an unroutable message (basic.return before its ack) fails instead of vanishing.
 */
export class ConfirmedPublisher {
  private readonly channel: ChannelWrapper;
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private readonly awaitingReturn = new Map<string, PendingReturn>();
  private pending = 0;
  private closed = false;

  constructor(connection: MessagingConnection, options: ConfirmedPublisherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING_PUBLISHES;
    this.channel = connection.createChannel({
      name: 'confirmed-publisher',
      confirm: true,
      setup: async (channel: Channel) => {
        channel.on('return', (message: Message) => this.onReturn(message));
      },
    });
  }

  /** Publishes currently waiting for a confirmation. */
  get pendingCount(): number {
    return this.pending;
  }

  async publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    properties: RawPublishProperties = {},
    timeoutMs: number = this.timeoutMs,
  ): Promise<void> {
    const target: PublishTarget = { exchange, routingKey, messageId: properties.messageId };
    if (this.closed) throw new PublishNotConfirmedError('closed', target);
    if (this.pending >= this.maxPending) {
      throw new PublishNotConfirmedError(
        'overloaded',
        target,
        `${this.pending} publishes await confirmation`,
      );
    }
    const publishId = randomUUID();
    const tracker: PendingReturn = {};
    this.awaitingReturn.set(publishId, tracker);
    this.pending += 1;
    try {
      await this.channel.publish(exchange, routingKey, content, {
        ...properties,
        headers: { ...properties.headers, [PUBLISH_ID_HEADER]: publishId },
        mandatory: true,
        timeout: timeoutMs,
      });
    } catch (error) {
      throw this.toNotConfirmed(error, target, timeoutMs);
    } finally {
      this.pending -= 1;
      this.awaitingReturn.delete(publishId);
    }
    // The broker sends basic.return before the ack of the same message, so it is known by now.
    if (tracker.replyText !== undefined) {
      throw new PublishNotConfirmedError('unroutable', target, tracker.replyText);
    }
  }

  /** Rejects what still waits for a confirmation and closes the channel. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.channel.close();
  }

  private onReturn(message: Message): void {
    const publishId = readStringHeader(message.properties.headers ?? {}, PUBLISH_ID_HEADER);
    const tracker = publishId === undefined ? undefined : this.awaitingReturn.get(publishId);
    if (tracker) tracker.replyText = returnReplyText(message);
  }

  private toNotConfirmed(error: unknown, target: PublishTarget, timeoutMs: number): PublishNotConfirmedError {
    const message = error instanceof Error ? error.message : String(error);
    if (this.closed) return new PublishNotConfirmedError('closed', target, message, { cause: error });
    if (message === 'timeout') {
      return new PublishNotConfirmedError('timeout', target, `no confirmation within ${timeoutMs} ms`, {
        cause: error,
      });
    }
    if (message === 'message nacked')
      return new PublishNotConfirmedError('nacked', target, message, { cause: error });
    return new PublishNotConfirmedError('failed', target, message, { cause: error });
  }
}
