import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceOnly } from '@switchboard/backend-util-auth';
import {
  applyStatusRequestSchema,
  recordMessageRequestSchema,
  type ApplyStatusRequest,
  type ApplyStatusResponse,
  type RecordMessageRequest,
  type TrackedMessageView,
} from '@switchboard/shared-contracts';
import type { Response as ExpressResponse } from 'express';
import { found } from '../common/found.util';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { MessagesService } from '../messages/messages.service';
import { STATE_MANAGER_CALLERS } from './internal-callers.constants';
import { IdParam, TenantIdParam } from './internal-params';

/** Message tracking (STATE_MANAGER_PATHS), scoped to the tenant in the path. */
@ApiTags('internal: messages')
@Controller('internal/tenants/:tenantId/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ServiceOnly(...STATE_MANAGER_CALLERS)
  @ApiOperation({ summary: 'Tracks a message: 201 when new, 200 with the existing one for a known wamid' })
  async record(
    @TenantIdParam() tenantId: string,
    @Body(new ZodValidationPipe(recordMessageRequestSchema, 'body')) body: RecordMessageRequest,
    @Res({ passthrough: true }) response: ExpressResponse,
  ): Promise<TrackedMessageView> {
    const { message, created } = await this.messages.record(tenantId, body);
    response.status(created ? 201 : 200);
    return message;
  }

  @Get('whatsapp/:whatsappMessageId')
  @ServiceOnly(...STATE_MANAGER_CALLERS)
  @ApiOperation({ summary: 'The tracked message of a WhatsApp message id (wamid), or 404' })
  async byWhatsAppId(
    @TenantIdParam() tenantId: string,
    @IdParam('whatsappMessageId') whatsappMessageId: string,
  ): Promise<TrackedMessageView> {
    return found(
      await this.messages.byWhatsAppId(tenantId, whatsappMessageId),
      'no tracked message with this wamid',
    );
  }

  @Get('genesys/:genesysMessageId')
  @ServiceOnly(...STATE_MANAGER_CALLERS)
  @ApiOperation({ summary: 'The tracked message of a Genesys message id, or 404' })
  async byGenesysId(
    @TenantIdParam() tenantId: string,
    @IdParam('genesysMessageId') genesysMessageId: string,
  ): Promise<TrackedMessageView> {
    return found(
      await this.messages.byGenesysId(tenantId, genesysMessageId),
      'no tracked message with this Genesys message id',
    );
  }

  @Post('whatsapp/:whatsappMessageId/status')
  @HttpCode(200)
  @ServiceOnly(...STATE_MANAGER_CALLERS)
  @ApiOperation({
    summary: 'Applies a WhatsApp status if it moves the message forward; says which Genesys receipt to send',
  })
  async applyStatus(
    @TenantIdParam() tenantId: string,
    @IdParam('whatsappMessageId') whatsappMessageId: string,
    @Body(new ZodValidationPipe(applyStatusRequestSchema, 'body')) body: ApplyStatusRequest,
  ): Promise<ApplyStatusResponse> {
    return found(
      await this.messages.applyStatus(tenantId, whatsappMessageId, body),
      'no tracked message with this wamid',
    );
  }
}
