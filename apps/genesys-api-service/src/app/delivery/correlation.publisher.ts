import {
  PermanentError,
  PublishNotConfirmedError,
  REPUBLISH_DELAYS_MS,
  publishWithRetries,
  RetryableError,
  type MessagePublisher,
} from '@switchboard/backend-util-messaging';
import {
  createChildEnvelope,
  formatValidationErrors,
  genesysCorrelationSchema,
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  validateWithSchema,
  type Envelope,
  type GenesysCorrelation,
} from '@switchboard/shared-contracts';

/**
 * Publishes `genesys.correlation` (for state-manager) as a child of the delivery, with broker
 * confirms. An unconfirmed publish is tried again in-process a few times: the retry of the
 * whole delivery would cost a second trip to Genesys unless the accepted record is there.
 */
export class CorrelationPublisher {
  constructor(
    private readonly publisher: Pick<MessagePublisher, 'publish'>,
    private readonly republishDelaysMs: readonly number[] = REPUBLISH_DELAYS_MS,
  ) {}

  async publish(delivery: Envelope, correlation: GenesysCorrelation): Promise<void> {
    const checked = validateWithSchema(genesysCorrelationSchema, correlation);
    if (!checked.ok) {
      throw new PermanentError(
        `invalid correlation: ${formatValidationErrors(checked.errors).replace(/\n/g, '; ')}`,
      );
    }
    const envelope = createChildEnvelope(delivery, {
      type: PIPELINE_MESSAGE_TYPES.GENESYS_CORRELATION,
      payload: checked.value,
      occurredAt: checked.value.acceptedAt,
    });
    try {
      await publishWithRetries(
        this.publisher,
        ROUTING_KEYS.GENESYS_CORRELATION,
        envelope,
        this.republishDelaysMs,
      );
    } catch (error) {
      if (!(error instanceof PublishNotConfirmedError)) throw error;
      throw new RetryableError(
        `Genesys accepted WhatsApp message ${correlation.whatsappMessageId} (Genesys message ${correlation.genesysMessageId}) but its correlation was not confirmed: ${error.message}`,
        { cause: error },
      );
    }
  }
}
