import { HttpException, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import type { AuthenticatedClient } from '../auth/access-tokens.service';
import { ConversationsService, type Customer } from '../conversations/conversations.service';
import { MessageIndexService } from '../conversations/message-index.service';
import { newMessageId } from '../core/ids.util';
import { parseRequest } from '../core/validation.util';
import { IntegrationsService, type StoredIntegration } from '../integrations/integrations.service';
import { type InboundKind, InboundLogService, type NewInboundRecord } from './inbound-log.service';
import {
  type InboundChannel,
  type InboundContent,
  inboundEventSchema,
  inboundMessageSchema,
  inboundReceiptSchema,
  inboundStructuredResponseSchema,
  legacyInboundMessageSchema,
} from './open-messaging.dto';
import type {
  OpenEventResponse,
  OpenMessageResponse,
  OpenReceiptResponse,
  ResponseChannel,
} from './open-messaging-response.model';

type Outcome<T> = { readonly response: T } & Partial<NewInboundRecord>;

function responseChannel(integrationId: string, channel: InboundChannel): ResponseChannel {
  return {
    id: integrationId,
    platform: 'Open',
    type: 'Private',
    ...(channel.messageId !== undefined && { messageId: channel.messageId }),
    to: { id: integrationId },
    from: channel.from,
    time: channel.time,
  };
}

function attachmentContent(content: readonly InboundContent[] | undefined): unknown[] | undefined {
  return content?.map(({ attachment }) => ({ contentType: 'Attachment', attachment }));
}

function customerOf(channel: InboundChannel): Customer {
  return { id: channel.from.id, idType: channel.from.idType };
}

function rawIntegrationId(body: unknown): string | undefined {
  const parsed = z.object({ channel: z.object({ to: z.object({ id: z.string() }) }) }).safeParse(body);
  return parsed.success ? parsed.data.channel.to.id : undefined;
}

/**
 * The inbound Open Messaging endpoints (spec B2, B4): validation, threading, the answers
 * Genesys gives, and a record of every request.
 */
@Injectable()
export class OpenMessagingService {
  private readonly logger = new Logger(OpenMessagingService.name);

  constructor(
    private readonly integrations: IntegrationsService,
    private readonly conversations: ConversationsService,
    private readonly messageIndex: MessageIndexService,
    private readonly log: InboundLogService,
  ) {}

  receiveMessage(
    client: AuthenticatedClient,
    integrationId: string,
    body: unknown,
    prefetchConversationId: boolean,
  ): OpenMessageResponse {
    return this.handle('message', integrationId, body, () => {
      const integration = this.integrations.requireOwned(client.organizationId, integrationId);
      const message = parseRequest(inboundMessageSchema, body);
      return this.acceptMessage(
        integration,
        message.channel,
        {
          type: 'Text',
          ...(message.text ? { text: message.text } : {}),
          ...(message.content && { content: attachmentContent(message.content) }),
        },
        prefetchConversationId,
      );
    });
  }

  receiveLegacyMessage(client: AuthenticatedClient, body: unknown): OpenMessageResponse {
    return this.handle('legacy-message', rawIntegrationId(body), body, () => {
      const message = parseRequest(legacyInboundMessageSchema, body);
      const integration = this.integrations.requireOwned(client.organizationId, message.channel.to.id);
      return this.acceptMessage(
        integration,
        message.channel,
        {
          type: 'Text',
          ...(message.text ? { text: message.text } : {}),
          ...(message.content && { content: attachmentContent(message.content) }),
          direction: 'Inbound',
        },
        false,
      );
    });
  }

  receiveStructuredResponse(
    client: AuthenticatedClient,
    integrationId: string,
    body: unknown,
  ): OpenMessageResponse {
    return this.handle('structured-response', integrationId, body, () => {
      const integration = this.integrations.requireOwned(client.organizationId, integrationId);
      const reply = parseRequest(inboundStructuredResponseSchema, body);
      const outcome = this.acceptMessage(
        integration,
        reply.channel,
        {
          type: 'Structured',
          content: [{ contentType: 'ButtonResponse', buttonResponse: reply.buttonResponse }],
          originatingMessageId: reply.originatingMessageId,
        },
        false,
      );
      return {
        ...outcome,
        referencesKnownMessage: this.isOutboundTo(
          reply.originatingMessageId,
          integration.id,
          reply.channel.from.id,
        ),
      };
    });
  }

  receiveReceipt(client: AuthenticatedClient, integrationId: string, body: unknown): OpenReceiptResponse {
    return this.handle('receipt', integrationId, body, () => {
      const integration = this.integrations.requireOwned(client.organizationId, integrationId);
      const receipt = parseRequest(inboundReceiptSchema, body);
      const known = this.messageIndex.find(receipt.id);
      const response: OpenReceiptResponse = {
        id: receipt.id,
        channel: {
          id: integration.id,
          platform: 'Open',
          type: 'Private',
          to: receipt.channel.to,
          time: receipt.channel.time,
        },
        type: 'Receipt',
        status: receipt.status,
        ...(receipt.reasons && { reasons: receipt.reasons }),
        isFinalReceipt: receipt.isFinalReceipt ?? false,
        direction: 'Outbound',
      };
      return {
        response,
        customerId: receipt.channel.to.id,
        ...(known?.conversationId !== undefined && { conversationId: known.conversationId }),
        referencesKnownMessage: this.isOutboundTo(receipt.id, integration.id, receipt.channel.to.id),
      };
    });
  }

  receiveEvent(client: AuthenticatedClient, integrationId: string, body: unknown): OpenEventResponse {
    return this.handle('event', integrationId, body, () => {
      const integration = this.integrations.requireOwned(client.organizationId, integrationId);
      const event = parseRequest(inboundEventSchema, body);
      const conversation = this.conversations.find(integration.id, event.channel.from.id);
      const id = newMessageId();
      return {
        response: {
          id,
          channel: responseChannel(integration.id, event.channel),
          type: 'Event',
          events: event.events,
        },
        customerId: event.channel.from.id,
        genesysMessageId: id,
        ...(conversation?.state === 'active' && { conversationId: conversation.conversationId }),
      };
    });
  }

  private acceptMessage(
    integration: StoredIntegration,
    channel: InboundChannel,
    message: Omit<OpenMessageResponse, 'id' | 'channel' | 'conversationId'>,
    prefetchConversationId: boolean,
  ): Outcome<OpenMessageResponse> {
    const customer = customerOf(channel);
    const conversation = this.conversations.recordMessage(integration.id, customer);
    const id = newMessageId();
    this.messageIndex.record({
      genesysMessageId: id,
      direction: 'Inbound',
      integrationId: integration.id,
      customerId: customer.id,
      customerIdType: customer.idType,
      conversationId: conversation.conversationId,
      ...(channel.messageId !== undefined && { providerMessageId: channel.messageId }),
    });
    return {
      response: {
        id,
        channel: responseChannel(integration.id, channel),
        ...message,
        ...(prefetchConversationId && { conversationId: conversation.conversationId }),
      },
      customerId: customer.id,
      conversationId: conversation.conversationId,
      genesysMessageId: id,
      ...(channel.messageId !== undefined && { providerMessageId: channel.messageId }),
    };
  }

  private isOutboundTo(genesysMessageId: string, integrationId: string, customerId: string): boolean {
    const known = this.messageIndex.find(genesysMessageId);
    return (
      known?.direction === 'Outbound' &&
      known.integrationId === integrationId &&
      known.customerId === customerId
    );
  }

  /** Runs one inbound request and records it, with its answer or its error. */
  private handle<T>(
    kind: InboundKind,
    integrationId: string | undefined,
    body: unknown,
    accept: () => Outcome<T>,
  ): T {
    const base = { kind, ...(integrationId !== undefined && { integrationId }), body };
    try {
      const { response, ...details } = accept();
      this.log.record({ ...base, ...details, status: 200, accepted: true, response });
      this.logger.debug(`${kind} accepted on integration ${integrationId ?? '?'}`);
      return response;
    } catch (error) {
      if (error instanceof HttpException) {
        const message = error.message;
        this.log.record({
          ...base,
          status: error.getStatus(),
          accepted: false,
          error: message,
          response: error.getResponse(),
        });
        this.logger.warn(
          `${kind} rejected on integration ${integrationId ?? '?'}: ${error.getStatus()} ${message}`,
        );
      }
      throw error;
    }
  }
}
