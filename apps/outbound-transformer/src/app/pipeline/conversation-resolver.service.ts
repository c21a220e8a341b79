import { Injectable, Logger } from '@nestjs/common';
import { StateManagerClient, TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { PermanentError } from '@switchboard/backend-util-messaging';
import type { ConversationView, GenesysOutboundEvent, TenantLookup } from '@switchboard/shared-contracts';
import { MessageFailure } from './message-failure.error';

/**
 * Who an agent's message goes to: the conversation state-manager keeps for it (spec B6) gives
 * the customer's wa_id, the tenant's number that talks to them and when they last wrote.
 */
@Injectable()
export class ConversationResolver {
  private readonly logger = new Logger(ConversationResolver.name);

  constructor(
    private readonly stateManager: StateManagerClient,
    private readonly directory: TenantDirectoryClient,
  ) {}

  /**
   * By the event's Genesys conversation id when it has one; else (or when state-manager does
   * not know that id yet) the customer's active conversation on the integration's number. The
   * conversation found must be the event's integration and customer. None → InvalidDestination.
   */
  async resolve(tenantId: string, event: GenesysOutboundEvent): Promise<ConversationView> {
    let conversation: ConversationView | null = null;
    if (event.conversationId !== undefined) {
      conversation = await this.stateManager.conversation(tenantId, event.conversationId);
      if (conversation === null) {
        this.logger.warn(
          `conversation ${event.conversationId} is unknown to state-manager; looking for the customer's active one`,
        );
      }
    }
    if (conversation === null) {
      const route = await this.route(tenantId, event.integrationId);
      conversation = await this.stateManager.activeConversation(
        tenantId,
        route.phoneNumberId,
        event.customerId,
      );
    }
    if (conversation === null) {
      throw new MessageFailure(
        'InvalidDestination',
        'Switchboard knows no WhatsApp conversation with this customer on this integration: the message was not sent.',
      );
    }
    if (
      conversation.integrationId !== event.integrationId ||
      conversation.customerWaId !== event.customerId
    ) {
      throw new MessageFailure(
        'InvalidDestination',
        'The conversation belongs to another integration or customer: the message was not sent.',
        {
          detail: `conversation ${conversation.conversationId} is integration ${conversation.integrationId}`,
        },
      );
    }
    return conversation;
  }

  /** The integration's number, from tenant-service; it must belong to the envelope's tenant. */
  async route(tenantId: string, integrationId: string): Promise<TenantLookup> {
    const lookup = await this.directory.byIntegrationId(integrationId);
    if (!lookup) throw new PermanentError(`integration ${integrationId} belongs to no tenant`);
    if (lookup.tenantId !== tenantId) {
      throw new PermanentError(`integration ${integrationId} does not belong to tenant ${tenantId}`);
    }
    return lookup;
  }
}
