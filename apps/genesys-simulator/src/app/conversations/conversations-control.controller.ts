import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { notFound } from '../core/genesys-errors.util';
import { parseRequest } from '../core/validation.util';
import { ConversationsService, type ConversationView } from './conversations.service';

const filterSchema = z.object({
  integrationId: z.string().min(1).optional(),
  customerId: z.string().min(1).optional(),
});

const disconnectSchema = z.object({ integrationId: z.string().min(1), customerId: z.string().min(1) });

/** Control API: the conversation of each customer, and disconnects. */
@Controller('control/conversations')
export class ConversationsControlController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  list(@Query() query: unknown): ConversationView[] {
    return this.conversations.list(parseRequest(filterSchema, query));
  }

  @Post('disconnect')
  @HttpCode(HttpStatus.OK)
  disconnect(@Body() body: unknown): ConversationView {
    const { integrationId, customerId } = parseRequest(disconnectSchema, body);
    const conversation = this.conversations.disconnect(integrationId, customerId);
    if (!conversation) throw notFound(`no conversation of ${customerId} on integration ${integrationId}`);
    return conversation;
  }
}
