import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceOnly } from '@switchboard/backend-util-auth';
import {
  customerNumberChangeRequestSchema,
  type ConversationView,
  type CustomerNumberChangeRequest,
  type CustomerNumberChangeResponse,
} from '@switchboard/shared-contracts';
import { found } from '../common/found.util';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ConversationsService } from '../conversations/conversations.service';
import { STATE_MANAGER_CALLERS } from './internal-callers.constants';
import type { CustomerQueryValue } from './internal-params';
import { CustomerQuery, IdParam, TenantIdParam } from './internal-params';

/** Conversation mappings (STATE_MANAGER_PATHS), scoped to the tenant in the path. */
@ApiTags('internal: conversations')
@Controller('internal/tenants/:tenantId')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get('conversations/active')
  @ServiceOnly(...STATE_MANAGER_CALLERS)
  @ApiOperation({ summary: "The customer's active conversation (?phoneNumberId&customerWaId), or 404" })
  async active(
    @TenantIdParam() tenantId: string,
    @CustomerQuery() query: CustomerQueryValue,
  ): Promise<ConversationView> {
    return found(
      await this.conversations.active(tenantId, query),
      'no active conversation for this customer',
    );
  }

  @Get('conversations/:conversationId')
  @ServiceOnly(...STATE_MANAGER_CALLERS)
  @ApiOperation({ summary: 'The mapping of a Genesys conversationId (any status), or 404' })
  async byConversationId(
    @TenantIdParam() tenantId: string,
    @IdParam('conversationId') conversationId: string,
  ): Promise<ConversationView> {
    return found(await this.conversations.byConversationId(tenantId, conversationId), 'unknown conversation');
  }

  @Post('customers/number-changes')
  @HttpCode(200)
  @ServiceOnly(...STATE_MANAGER_CALLERS)
  @ApiOperation({ summary: "Moves a customer's conversations and messages to their new wa_id (idempotent)" })
  changeNumber(
    @TenantIdParam() tenantId: string,
    @Body(new ZodValidationPipe(customerNumberChangeRequestSchema, 'body')) body: CustomerNumberChangeRequest,
  ): Promise<CustomerNumberChangeResponse> {
    return this.conversations.changeCustomerNumber(tenantId, body);
  }
}
