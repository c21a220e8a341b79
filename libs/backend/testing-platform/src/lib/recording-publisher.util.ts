import {
  MessagePublisher,
  PublishNotConfirmedError,
  type ConfirmedPublisher,
  type EnvelopePublishOptions,
} from '@switchboard/backend-util-messaging';
import { EXCHANGES, type Envelope, type RoutingKey } from '@switchboard/shared-contracts';

export interface RecordedPublish {
  readonly routingKey: RoutingKey;
  readonly envelope: Envelope;
  readonly headers: Record<string, unknown>;
}

/** Stands in for the broker: records every publish; `refuse` makes chosen publishes unconfirmed. */
export class RecordingPublisher extends MessagePublisher {
  readonly published: RecordedPublish[] = [];
  /** Publishes (by their 0-based position overall) that the "broker" does not confirm. */
  readonly refuse = new Set<number>();
  private attempts = 0;

  constructor() {
    super(undefined as unknown as ConfirmedPublisher);
  }

  override async publish(
    routingKey: RoutingKey,
    envelope: Envelope,
    options: EnvelopePublishOptions = {},
  ): Promise<void> {
    const attempt = this.attempts++;
    await Promise.resolve();
    if (this.refuse.has(attempt)) {
      throw new PublishNotConfirmedError(
        'timeout',
        { exchange: EXCHANGES.PIPELINE, routingKey },
        'test refusal',
      );
    }
    this.published.push({ routingKey, envelope, headers: { ...options.headers } });
  }
}
