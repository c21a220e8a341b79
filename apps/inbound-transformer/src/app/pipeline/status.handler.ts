import { Inject, Injectable, Logger } from '@nestjs/common';
import { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import {
  MessagePublisher,
  PermanentError,
  RetryLaterError,
  type MessageContext,
} from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  createChildEnvelope,
  formatValidationErrors,
  validateGenesysReceipt,
  validateWhatsAppStatus,
  type Envelope,
  type WhatsAppInboundEvent,
  type WhatsAppStatus,
} from '@switchboard/shared-contracts';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import { whatsAppClaimKey } from './claim-keys.util';
import { whatsAppTimeToIso } from '../mapping/genesys-inbound-message.builder';
import { InboundMetrics } from '../metrics/inbound.metrics';
import { PendingReceipts } from '../receipts/pending-receipts.store';
import { buildReceiptDelivery } from '../receipts/status-receipt.mapper';

/**
 * One WhatsApp status of an agent's message → at most one Genesys receipt (spec B4). state-manager
 * applies the status and decides atomically whether it calls for a receipt, so that repeated and
 * out-of-order statuses yield each receipt once; (wamid, status) is claimed before that. A retry
 * after a lost answer gets the same receipt again, so it cannot be lost either.
 */
@Injectable()
export class StatusHandler {
  private readonly logger = new Logger(StatusHandler.name);

  constructor(
    private readonly claims: IdempotencyClaims,
    @Inject(StateManagerClient) private readonly stateManager: StateManagerClient,
    private readonly pending: PendingReceipts,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
    private readonly metrics: InboundMetrics,
    @Inject(INBOUND_TRANSFORMER_CONFIG) private readonly config: InboundTransformerConfig,
  ) {}

  async handle(envelope: Envelope<WhatsAppInboundEvent>, context: MessageContext): Promise<void> {
    const validated = validateWhatsAppStatus(envelope.payload.item);
    if (!validated.ok) {
      throw new PermanentError(`invalid WhatsApp status: ${formatValidationErrors(validated.errors)}`);
    }
    const status = validated.value;
    const key = whatsAppClaimKey(envelope.tenantId, status.id, status.status);
    const outcome = await this.claims.runOnce(key, () => this.forward(envelope, status, key, context));
    if (outcome === 'duplicate') {
      this.metrics.duplicate('status');
      this.logger.log(
        `status ${status.status} of ${status.id} was already handled: acknowledged as a duplicate`,
      );
    }
  }

  private async forward(
    envelope: Envelope<WhatsAppInboundEvent>,
    status: WhatsAppStatus,
    claimKey: string,
    context: MessageContext,
  ): Promise<void> {
    let delivery = await this.pending.get(claimKey);
    if (!delivery) {
      const answer = await this.stateManager.applyStatus(envelope.tenantId, status.id, {
        status: status.status,
        at: whatsAppTimeToIso(status.timestamp),
      });
      if (!answer) return this.untracked(status, context);
      delivery = buildReceiptDelivery(answer, status);
      if (!delivery) return;
      const checked = validateGenesysReceipt(delivery.body);
      if (!checked.ok) {
        throw new PermanentError(
          `receipt for ${status.id} is invalid (a bug): ${formatValidationErrors(checked.errors)}`,
        );
      }
      await this.pending.save(claimKey, delivery);
    }
    await this.publisher.publish(
      ROUTING_KEYS.GENESYS_DELIVERY,
      createChildEnvelope(envelope, {
        type: PIPELINE_MESSAGE_TYPES.GENESYS_RECEIPT,
        payload: delivery,
        occurredAt: whatsAppTimeToIso(status.timestamp),
      }),
    );
    this.metrics.receipt(String(delivery.body['status']));
    await this.pending
      .clear(claimKey)
      .catch((error: Error) =>
        this.logger.warn(`could not clear the pending receipt of ${claimKey}: ${error.message}`),
      );
  }

  /** The outbound record may still be on its way to state-manager: wait a little, then give up. */
  private untracked(status: WhatsAppStatus, context: MessageContext): never {
    if (context.retryLaterCount < this.config.UNTRACKED_STATUS_RETRIES) {
      throw new RetryLaterError(
        this.config.UNTRACKED_STATUS_RETRY_DELAY_MS,
        `state-manager does not track ${status.id} (yet): status ${status.status} retried later`,
      );
    }
    throw new PermanentError(
      `status ${status.status} for ${status.id}: a message Switchboard did not send (state-manager does not track it)`,
    );
  }
}
