import type { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import { decideFailureOutcome, RetryableError, type RetryPolicy } from '@switchboard/backend-util-messaging';
import type {
  DeliveryFailure,
  Envelope,
  WhatsAppDelivery,
  WhatsAppDeliveryOf,
} from '@switchboard/shared-contracts';
import type { Sender, WhatsAppGraphClient } from '../graph/whatsapp-graph.client';
import { WhatsAppRequestRejectedError, WhatsAppUnexpectedAnswerError } from '../graph/whatsapp.errors';
import type { MediaUploader } from '../media/media-uploader';
import type { WhatsAppMetrics } from '../metrics/whatsapp-metrics';
import { planDeliveryFailure } from './delivery-failure.util';
import type { NumberRoutes } from './number-routes';
import type { OutcomePublisher } from './outcome.publisher';
import { completeSendRequest } from './send-request.util';
import type { SentPart, SentParts, StoredPart } from './sent-parts.store';
import type { TypingIndicatorSender } from './typing-indicator.sender';

/** Where the delivery stands with the queue (MessageContext): decides whether a failure is final. */
export interface DeliveryAttempt {
  /** Retries made before this run (Envelope.attempt). */
  readonly attempt: number;
  /** RetryLaterError deferrals made before this run. */
  readonly retryLaterCount: number;
  /** The broker delivered it before without an ack. */
  readonly redelivered: boolean;
}

export interface WhatsAppDeliveryLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface WhatsAppDeliveryServiceDependencies {
  readonly routes: NumberRoutes;
  readonly graph: Pick<WhatsAppGraphClient, 'sendMessage'>;
  readonly media: Pick<MediaUploader, 'mediaIdFor'>;
  readonly sent: Pick<SentParts, 'find' | 'remember'>;
  readonly stateManager: Pick<StateManagerClient, 'recordMessage'>;
  readonly outcomes: Pick<OutcomePublisher, 'publish'>;
  readonly typing: Pick<TypingIndicatorSender, 'show'>;
  readonly metrics: WhatsAppMetrics;
  /** The consumer's retry policy: the same decision of "no retry left" as the queue's. */
  readonly retryPolicy: RetryPolicy;
  readonly now?: () => Date;
  readonly logger?: WhatsAppDeliveryLogger;
}

type MessageDelivery = WhatsAppDeliveryOf<'message'>;

/** Stands in for the media id while the bodies are checked before any upload. */
const PENDING_MEDIA_ID = 'pending-upload';

function isMediaRejection(error: unknown): boolean {
  return error instanceof WhatsAppRequestRejectedError && error.details.code === 131053;
}

/**
 * Handles one `whatsapp.delivery`. A message: each part in order (media uploaded or reused by
 * id), validated, sent with the tenant's token; WhatsApp's wamid is written to Redis right after
 * its answer, so that a retry sends only the parts still missing; then every part is recorded in
 * state-manager and the `sent` outcome published, and only then is the delivery acknowledged.
 * Failures follow the error policy of spec A5 (delivery-failure.util.ts). A typing event: best
 * effort, never retried later.
 */
export class WhatsAppDeliveryService {
  private readonly now: () => Date;

  constructor(private readonly deps: WhatsAppDeliveryServiceDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  async deliver(envelope: Envelope<WhatsAppDelivery>, attempt: DeliveryAttempt): Promise<void> {
    const delivery = envelope.payload;
    if (delivery.kind === 'typing') {
      await this.deps.typing.show(envelope.tenantId, delivery);
      return;
    }
    const progress: (StoredPart | undefined)[] = new Array<StoredPart | undefined>(delivery.parts.length);
    try {
      const sender = await this.deps.routes.resolve(envelope.tenantId, delivery.phoneNumberId);
      await this.sendMissingParts(envelope, delivery, sender, attempt, progress);
      await this.record(envelope.tenantId, delivery, progress);
      await this.deps.outcomes.publish(envelope, {
        outcome: 'sent',
        ...route(delivery),
        at: this.now().toISOString(),
        whatsappMessageIds: sentWamids(progress),
      });
      this.deps.metrics.recordOutcome('sent');
    } catch (error) {
      await this.onFailure(envelope, delivery, attempt, progress, error);
    }
  }

  /** Fills `progress` part by part: the parts on record are skipped, the others sent in order. */
  private async sendMissingParts(
    envelope: Envelope,
    delivery: MessageDelivery,
    sender: Sender,
    attempt: DeliveryAttempt,
    progress: (StoredPart | undefined)[],
  ): Promise<void> {
    const { tenantId } = envelope;
    const known = await this.deps.sent.find(tenantId, delivery.genesysMessageId, delivery.parts.length);
    if (known === undefined && (attempt.attempt > 0 || attempt.retryLaterCount > 0 || attempt.redelivered)) {
      // An earlier run may have sent some parts: without the record, sending could duplicate them.
      throw new RetryableError(
        `cannot read which parts of ${delivery.genesysMessageId} were already sent (Redis)`,
      );
    }
    known?.forEach((part, index) => (progress[index] = part));
    const skipped = progress.filter((part) => part !== undefined).length;
    if (skipped > 0) {
      this.deps.metrics.recordPartsAlreadySent(skipped);
      this.deps.logger?.log(
        `${skipped} of ${delivery.parts.length} parts of Genesys message ${delivery.genesysMessageId} were already sent: not sent again`,
      );
    }
    // Every body is checked before the first send, so that a bad part cannot leave the customer
    // with half a message (media parts are checked with a stand-in id, filled in after upload).
    for (const [index, part] of delivery.parts.entries()) {
      if (!progress[index])
        completeSendRequest(part, delivery.customerWaId, part.media ? PENDING_MEDIA_ID : undefined);
    }
    for (const [index, part] of progress.entries()) {
      if (part && 'unreadableAnswer' in part) {
        throw new WhatsAppUnexpectedAnswerError(
          `WhatsApp took part ${index} of Genesys message ${delivery.genesysMessageId} at ${part.sentAt} but answered unreadably (${part.unreadableAnswer}); not sent again`,
        );
      }
      if (part) continue;
      progress[index] = await this.sendPart(tenantId, delivery, sender, index);
    }
  }

  /** One part: its media id (uploaded again once after 131053), the checked body, the send, the record. */
  private async sendPart(
    tenantId: string,
    delivery: MessageDelivery,
    sender: Sender,
    index: number,
  ): Promise<SentPart> {
    const part = delivery.parts[index];
    if (!part) throw new RangeError(`no part ${index}`);
    for (let reupload = false; ; reupload = true) {
      try {
        const mediaId = part.media
          ? await this.deps.media.mediaIdFor(sender, part.media, { fresh: reupload })
          : undefined;
        const body = completeSendRequest(part, delivery.customerWaId, mediaId);
        const answer = await this.deps.graph.sendMessage(sender, body);
        const sentAt = this.now().toISOString();
        // Nothing happens between WhatsApp's answer and this record: a process that dies in this
        // window is the only way one part reaches the customer twice.
        if ('unreadable' in answer) {
          await this.deps.sent.remember(tenantId, delivery.genesysMessageId, index, {
            unreadableAnswer: answer.unreadable,
            sentAt,
          });
          throw new WhatsAppUnexpectedAnswerError(
            `WhatsApp took part ${index} of Genesys message ${delivery.genesysMessageId} but answered unreadably (${answer.unreadable}); not sent again`,
          );
        }
        const sent: SentPart = { wamid: answer.wamid, sentAt };
        await this.deps.sent.remember(tenantId, delivery.genesysMessageId, index, sent);
        return sent;
      } catch (error) {
        if (!part.media || reupload || !isMediaRejection(error)) throw error;
        this.deps.logger?.warn(
          `WhatsApp refused the media of part ${index} of Genesys message ${delivery.genesysMessageId} (131053): uploading it again once`,
        );
      }
    }
  }

  /** wamid ↔ Genesys message, per sent part, in state-manager (idempotent by wamid: safe on a retry). */
  private async record(
    tenantId: string,
    delivery: MessageDelivery,
    progress: readonly (StoredPart | undefined)[],
  ): Promise<void> {
    const count = delivery.parts.length;
    for (const [index, part] of progress.entries()) {
      if (!part || !('wamid' in part)) continue;
      await this.deps.stateManager.recordMessage(tenantId, {
        direction: 'outbound',
        whatsappMessageId: part.wamid,
        genesysMessageId: delivery.genesysMessageId,
        conversationId: delivery.conversationId,
        integrationId: delivery.integrationId,
        phoneNumberId: delivery.phoneNumberId,
        customerWaId: delivery.customerWaId,
        at: part.sentAt,
        part: { index, count },
      });
    }
  }

  private async onFailure(
    envelope: Envelope,
    delivery: MessageDelivery,
    attempt: DeliveryAttempt,
    progress: readonly (StoredPart | undefined)[],
    error: unknown,
  ): Promise<void> {
    const final =
      decideFailureOutcome(error, attempt, this.deps.retryPolicy, () => 0).action === 'dead-letter';
    const sent = sentWamids(progress);
    const plan = planDeliveryFailure(error, { final, allPartsSent: sent.length === delivery.parts.length });
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (plan.failure) {
      await this.tellAgent(envelope, delivery, progress, plan.failure, plan.settle === 'ack');
      this.deps.logger?.warn(
        `Genesys message ${delivery.genesysMessageId} failed (${plan.failure.reason}${plan.settle === 'ack' ? '' : ', dead-lettered'}): ${reason}`,
      );
    }
    if (plan.settle === 'ack') return;
    throw error;
  }

  /**
   * The failed outcome (and, best effort, state-manager records of the parts the customer did
   * get). When the message is acknowledged afterwards, an unconfirmed outcome must retry the
   * delivery (the agent has to learn); before a dead letter it is only logged.
   */
  private async tellAgent(
    envelope: Envelope,
    delivery: MessageDelivery,
    progress: readonly (StoredPart | undefined)[],
    failure: DeliveryFailure,
    mustReachAgent: boolean,
  ): Promise<void> {
    const sent = sentWamids(progress);
    if (sent.length > 0) {
      await this.record(envelope.tenantId, delivery, progress).catch((error: Error) =>
        this.deps.logger?.warn(
          `parts of failed Genesys message ${delivery.genesysMessageId} not recorded in state-manager: ${error.message}`,
        ),
      );
    }
    try {
      await this.deps.outcomes.publish(envelope, {
        outcome: 'failed',
        ...route(delivery),
        at: this.now().toISOString(),
        whatsappMessageIds: sent,
        failure,
      });
      this.deps.metrics.recordOutcome('failed', failure.reason);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (mustReachAgent) {
        throw new RetryableError(
          `the failed outcome of Genesys message ${delivery.genesysMessageId} was not published: ${reason}`,
          { cause: error },
        );
      }
      this.deps.logger?.error(
        `the failed outcome of Genesys message ${delivery.genesysMessageId} was not published before its dead letter: ${reason}`,
      );
    }
  }
}

/** The wamids of the parts WhatsApp accepted, in part order. */
function sentWamids(progress: readonly (StoredPart | undefined)[]): string[] {
  return progress.flatMap((part) => (part && 'wamid' in part ? [part.wamid] : []));
}

function route(delivery: MessageDelivery) {
  return {
    integrationId: delivery.integrationId,
    phoneNumberId: delivery.phoneNumberId,
    customerWaId: delivery.customerWaId,
    genesysMessageId: delivery.genesysMessageId,
    conversationId: delivery.conversationId,
  };
}
