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
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  validateWithSchema,
  whatsAppDeliveryOutcomeSchema,
  type Envelope,
  type WhatsAppDeliveryOutcome,
} from '@switchboard/shared-contracts';

/**
 * Publishes `whatsapp.delivery.outcome` (receipts for Genesys, the agent portal) as a child of
 * the delivery, with broker confirms; an unconfirmed publish is tried again in-process a few
 * times before the delivery is retried (which then sends nothing again: the parts are on record).
 */
export class OutcomePublisher {
  constructor(
    private readonly publisher: Pick<MessagePublisher, 'publish'>,
    private readonly republishDelaysMs: readonly number[] = REPUBLISH_DELAYS_MS,
  ) {}

  async publish(delivery: Envelope, outcome: WhatsAppDeliveryOutcome): Promise<void> {
    const checked = validateWithSchema(whatsAppDeliveryOutcomeSchema, outcome);
    if (!checked.ok) {
      throw new PermanentError(
        `invalid delivery outcome: ${formatValidationErrors(checked.errors).replace(/\n/g, '; ')}`,
      );
    }
    const envelope = createChildEnvelope(delivery, {
      type: PIPELINE_MESSAGE_TYPES.WHATSAPP_DELIVERY_OUTCOME,
      payload: checked.value,
      occurredAt: checked.value.at,
    });
    try {
      await publishWithRetries(
        this.publisher,
        ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME,
        envelope,
        this.republishDelaysMs,
      );
    } catch (error) {
      if (!(error instanceof PublishNotConfirmedError)) throw error;
      throw new RetryableError(
        `the ${outcome.outcome} outcome of Genesys message ${outcome.genesysMessageId} was not confirmed: ${error.message}`,
        { cause: error },
      );
    }
  }
}
