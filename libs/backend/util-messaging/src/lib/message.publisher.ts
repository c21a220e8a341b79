import {
  EXCHANGES,
  envelopeSchema,
  type Envelope,
  type QueueName,
  type RoutingKey,
} from '@switchboard/shared-contracts';
import type { ConfirmedPublisher, RawPublishProperties } from './confirmed.publisher';
import { encodeJson, formatZodIssues } from './envelope-codec.util';
import { InvalidEnvelopeError } from './messaging.errors';
import { envelopeHeaders, type MessageHeaders } from './message-headers.util';

export interface EnvelopePublishOptions {
  /** Overrides the publisher's confirmation timeout for this message. */
  readonly timeoutMs?: number;
  /** Extra headers; the envelope's own headers (correlation id, traceparent, ...) win. */
  readonly headers?: MessageHeaders;
}

export const JSON_CONTENT_TYPE = 'application/json';

/** AMQP properties of an envelope: persistent JSON, messageId = envelope id, pipeline headers. */
export function envelopeProperties(
  envelope: Envelope,
  extraHeaders: MessageHeaders = {},
): RawPublishProperties {
  return {
    persistent: true,
    contentType: JSON_CONTENT_TYPE,
    messageId: envelope.id,
    correlationId: envelope.correlationId,
    type: envelope.type,
    timestamp: Math.floor(Date.now() / 1000),
    headers: { ...extraHeaders, ...envelopeHeaders(envelope) },
  };
}

/**
 * Publishes envelopes with publisher confirms. Resolves once the broker confirmed; rejects with
 * PublishNotConfirmedError otherwise (nack, unroutable, timeout or unreachable broker), and with
 * InvalidEnvelopeError before sending anything that is not a valid envelope.
 */
export class MessagePublisher {
  constructor(private readonly confirmed: ConfirmedPublisher) {}

  /** Onto the pipeline topic exchange, to every queue bound to `routingKey`. */
  async publish(
    routingKey: RoutingKey,
    envelope: Envelope,
    options: EnvelopePublishOptions = {},
  ): Promise<void> {
    await this.send(EXCHANGES.PIPELINE, routingKey, envelope, options);
  }

  /** Straight into one queue (default exchange), e.g. to replay a message to a single consumer. */
  async publishToQueue(
    queue: QueueName,
    envelope: Envelope,
    options: EnvelopePublishOptions = {},
  ): Promise<void> {
    await this.send('', queue, envelope, options);
  }

  private async send(
    exchange: string,
    routingKey: string,
    envelope: Envelope,
    options: EnvelopePublishOptions,
  ): Promise<void> {
    const checked = envelopeSchema.safeParse(envelope);
    if (!checked.success) {
      throw new InvalidEnvelopeError(
        `refusing to publish an invalid envelope: ${formatZodIssues(checked.error)}`,
      );
    }
    await this.confirmed.publish(
      exchange,
      routingKey,
      encodeJson(envelope),
      envelopeProperties(envelope, options.headers),
      options.timeoutMs,
    );
  }
}
