import { Injectable } from '@nestjs/common';
import { ConversationsService, type Customer } from '../conversations/conversations.service';
import { MessageIndexService } from '../conversations/message-index.service';
import { ClockService } from '../core/clock.service';
import { badRequest } from '../core/genesys-errors.util';
import { mediaTypeOfMime } from '../core/genesys-vocabulary.constants';
import { newEntityId, newMessageId } from '../core/ids.util';
import { IntegrationsService, type StoredIntegration } from '../integrations/integrations.service';
import { DownloadsService, type DownloadView } from './downloads.service';
import type {
  OutboundAttachmentContent,
  OutboundChannel,
  OutboundNormalizedMessage,
} from './outbound-message.model';
import type {
  OutboundMessageRequest,
  OutboundReceiptRequest,
  RawWebhookRequest,
  StructuredMessageRequest,
  TypingEventRequest,
} from './outbound-control.dto';
import { type SignatureMode, type StartedDelivery, WebhookDeliveryService } from './webhook-delivery.service';

export interface OutboundSendResult extends StartedDelivery {
  readonly payload: unknown;
}

type Attachment = NonNullable<OutboundMessageRequest['attachments']>[number];

interface Recipient {
  readonly integration: StoredIntegration;
  readonly customer: Customer;
}

/**
 * What an agent or bot does in Genesys, turned into outbound webhook notifications: messages
 * (text and attachments), quick replies, typing events and receipts (spec B3).
 */
@Injectable()
export class OutboundMessagesService {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly conversations: ConversationsService,
    private readonly messageIndex: MessageIndexService,
    private readonly downloads: DownloadsService,
    private readonly delivery: WebhookDeliveryService,
    private readonly clock: ClockService,
  ) {}

  sendMessage(request: OutboundMessageRequest): OutboundSendResult {
    const recipient = this.recipient(request);
    const content = (request.attachments ?? []).map((attachment) => this.attachmentContent(attachment));
    const conversation = this.conversations.recordMessage(recipient.integration.id, recipient.customer);
    const id = newMessageId();
    this.index(recipient, id, conversation.conversationId);
    const channel = this.channel(recipient, id);
    return this.dispatch(recipient.integration, request.signatureMode, {
      id,
      channel: request.replyToMessageId
        ? { ...channel, metadata: { replyToMessageId: request.replyToMessageId } }
        : channel,
      type: 'Text',
      ...(request.text ? { text: request.text } : {}),
      direction: 'Outbound',
      originatingEntity: request.originatingEntity,
      conversationId: conversation.conversationId,
      ...(content.length > 0 && { content }),
    });
  }

  /** Quick replies are `Structured` messages with `QuickReply` content (Genesys developer docs; not in spec B). */
  sendStructured(request: StructuredMessageRequest): OutboundSendResult {
    const recipient = this.recipient(request);
    const conversation = this.conversations.recordMessage(recipient.integration.id, recipient.customer);
    const id = newMessageId();
    this.index(recipient, id, conversation.conversationId);
    return this.dispatch(recipient.integration, request.signatureMode, {
      id,
      channel: this.channel(recipient, id),
      type: 'Structured',
      text: request.text,
      direction: 'Outbound',
      originatingEntity: request.originatingEntity,
      conversationId: conversation.conversationId,
      content: request.quickReplies.map((reply) => ({
        contentType: 'QuickReply' as const,
        quickReply: { text: reply.text, payload: reply.payload ?? reply.text, action: 'Message' as const },
      })),
    });
  }

  sendTyping(request: TypingEventRequest): OutboundSendResult {
    const recipient = this.recipient(request);
    const conversation = this.conversations.currentOrStart(recipient.integration.id, recipient.customer);
    const id = newMessageId();
    return this.dispatch(recipient.integration, request.signatureMode, {
      id,
      channel: this.channel(recipient, id),
      type: 'Event',
      events: [{ eventType: 'Typing', typing: { type: 'On', duration: request.durationMs } }],
      direction: 'Outbound',
      conversationId: conversation.conversationId,
    });
  }

  /**
   * A receipt about a message: `id` is that message's Genesys id and `channel.messageId` the
   * provider id it came with (unverified in spec B3; modelled on OpenReceiptNormalizedMessage).
   */
  sendReceipt(request: OutboundReceiptRequest): OutboundSendResult {
    const integration = this.integrations.requireAny(request.integrationId);
    const known = this.messageIndex.find(request.messageId);
    const customerId = request.customerId ?? known?.customerId;
    if (customerId === undefined) {
      throw badRequest('customerId: is required when messageId is not a message the simulator has seen');
    }
    const recipient = {
      integration,
      customer: this.customer(integration.id, customerId, request.customerIdType),
    };
    const conversation = this.conversations.currentOrStart(integration.id, recipient.customer);
    return this.dispatch(integration, request.signatureMode, {
      id: request.messageId,
      channel: this.channel(recipient, known?.providerMessageId),
      type: 'Receipt',
      status: request.status,
      ...(request.reasons && { reasons: request.reasons }),
      isFinalReceipt: request.isFinalReceipt,
      direction: 'Outbound',
      conversationId: known?.conversationId ?? conversation.conversationId,
    });
  }

  sendRaw(request: RawWebhookRequest): OutboundSendResult {
    const integration = this.integrations.requireAny(request.integrationId);
    const body = request.rawBody ?? JSON.stringify(request.body);
    const started = this.delivery.deliver({
      integration,
      body,
      type: 'Raw',
      signatureMode: request.signatureMode,
    });
    return { ...started, payload: request.rawBody ?? request.body };
  }

  private dispatch(
    integration: StoredIntegration,
    signatureMode: SignatureMode,
    payload: OutboundNormalizedMessage,
  ): OutboundSendResult {
    const started = this.delivery.deliver({
      integration,
      body: JSON.stringify(payload),
      type: payload.type,
      messageId: payload.id,
      signatureMode,
    });
    return { ...started, payload };
  }

  private recipient(request: {
    integrationId: string;
    customerId: string;
    customerIdType?: string;
  }): Recipient {
    const integration = this.integrations.requireAny(request.integrationId);
    return {
      integration,
      customer: this.customer(integration.id, request.customerId, request.customerIdType),
    };
  }

  private customer(integrationId: string, customerId: string, idType: string | undefined): Customer {
    const known = this.conversations.find(integrationId, customerId);
    return { id: customerId, idType: idType ?? known?.customerIdType ?? 'Opaque' };
  }

  private channel({ integration, customer }: Recipient, messageId: string | undefined): OutboundChannel {
    return {
      id: integration.id,
      platform: 'Open',
      type: 'Private',
      ...(messageId !== undefined && { messageId }),
      to: { id: customer.id, idType: customer.idType },
      from: { nickname: integration.name, id: integration.id, idType: 'Opaque' },
      time: this.clock.nowIso(),
    };
  }

  private index(
    { integration, customer }: Recipient,
    genesysMessageId: string,
    conversationId: string,
  ): void {
    this.messageIndex.record({
      genesysMessageId,
      direction: 'Outbound',
      integrationId: integration.id,
      customerId: customer.id,
      customerIdType: customer.idType,
      conversationId,
    });
  }

  private attachmentContent(attachment: Attachment): OutboundAttachmentContent {
    const download = this.resolveDownload(attachment);
    const filename = attachment.filename ?? download.filename;
    return {
      contentType: 'Attachment',
      attachment: {
        id: newEntityId(),
        mediaType: mediaTypeOfMime(download.mime),
        url: download.url,
        mime: download.mime,
        ...(filename !== undefined && { filename }),
        contentSizeBytes: download.contentSizeBytes,
      },
    };
  }

  private resolveDownload(attachment: Attachment): DownloadView {
    if ('downloadId' in attachment) {
      const download = this.downloads.find(attachment.downloadId);
      if (!download) throw badRequest(`attachments: download ${attachment.downloadId} is not registered`);
      return this.downloads.view(download);
    }
    return this.downloads.register({
      mime: attachment.mime,
      ...(attachment.filename !== undefined && { filename: attachment.filename }),
      bytes: Buffer.from(attachment.dataBase64, 'base64'),
    });
  }
}
