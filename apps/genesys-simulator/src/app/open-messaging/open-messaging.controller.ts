import { Body, Controller, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { AuthenticatedClient } from '../auth/access-tokens.service';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { GenesysClient } from '../auth/genesys-client.decorator';
import type {
  OpenEventResponse,
  OpenMessageResponse,
  OpenReceiptResponse,
} from './open-messaging-response.model';
import { OpenMessagingService } from './open-messaging.service';

/** Inbound Open Messaging: `/api/v2/conversations/messages/...` (spec B2, B4). */
@Controller('api/v2/conversations/messages')
@UseGuards(BearerTokenGuard)
export class OpenMessagingController {
  constructor(private readonly openMessaging: OpenMessagingService) {}

  @Post(':integrationId/inbound/open/message')
  @HttpCode(HttpStatus.OK)
  receiveMessage(
    @GenesysClient() client: AuthenticatedClient,
    @Param('integrationId') integrationId: string,
    @Query('prefetchConversationId') prefetchConversationId: string | undefined,
    @Body() body: unknown,
  ): OpenMessageResponse {
    return this.openMessaging.receiveMessage(client, integrationId, body, prefetchConversationId === 'true');
  }

  @Post(':integrationId/inbound/open/receipt')
  @HttpCode(HttpStatus.OK)
  receiveReceipt(
    @GenesysClient() client: AuthenticatedClient,
    @Param('integrationId') integrationId: string,
    @Body() body: unknown,
  ): OpenReceiptResponse {
    return this.openMessaging.receiveReceipt(client, integrationId, body);
  }

  @Post(':integrationId/inbound/open/event')
  @HttpCode(HttpStatus.OK)
  receiveEvent(
    @GenesysClient() client: AuthenticatedClient,
    @Param('integrationId') integrationId: string,
    @Body() body: unknown,
  ): OpenEventResponse {
    return this.openMessaging.receiveEvent(client, integrationId, body);
  }

  @Post(':integrationId/inbound/open/structured/response')
  @HttpCode(HttpStatus.OK)
  receiveStructuredResponse(
    @GenesysClient() client: AuthenticatedClient,
    @Param('integrationId') integrationId: string,
    @Body() body: unknown,
  ): OpenMessageResponse {
    return this.openMessaging.receiveStructuredResponse(client, integrationId, body);
  }

  /** Deprecated endpoint; the integration is `channel.to.id` of the body. */
  @Post('inbound/open')
  @HttpCode(HttpStatus.OK)
  receiveLegacyMessage(
    @GenesysClient() client: AuthenticatedClient,
    @Body() body: unknown,
  ): OpenMessageResponse {
    return this.openMessaging.receiveLegacyMessage(client, body);
  }
}
