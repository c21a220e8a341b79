import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseRequest } from '../core/validation.util';
import {
  deliveriesFilterSchema,
  outboundMessageSchema,
  outboundReceiptSchema,
  rawWebhookSchema,
  sendOptionsSchema,
  structuredMessageSchema,
  typingEventSchema,
} from './outbound-control.dto';
import { OutboundMessagesService, type OutboundSendResult } from './outbound-messages.service';
import { type DeliveryRecord, WebhookDeliveryService } from './webhook-delivery.service';

export interface SendAnswer {
  readonly messageId?: string;
  readonly payload: unknown;
  readonly delivery: DeliveryRecord;
}

/**
 * Control API: make an agent or bot act in Genesys, which POSTs to the integration's webhook.
 * Answers 202 at once, or 200 with the final delivery when called with `?wait=true`.
 */
@Controller('control')
export class OutboundControlController {
  constructor(
    private readonly outbound: OutboundMessagesService,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  @Post('outbound/messages')
  sendMessage(
    @Body() body: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(this.outbound.sendMessage(parseRequest(outboundMessageSchema, body)), query, response);
  }

  @Post('outbound/structured')
  sendStructured(
    @Body() body: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(
      this.outbound.sendStructured(parseRequest(structuredMessageSchema, body)),
      query,
      response,
    );
  }

  @Post('outbound/typing')
  sendTyping(@Body() body: unknown, @Query() query: unknown, @Res({ passthrough: true }) response: Response) {
    return this.answer(this.outbound.sendTyping(parseRequest(typingEventSchema, body)), query, response);
  }

  @Post('outbound/receipts')
  sendReceipt(
    @Body() body: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(this.outbound.sendReceipt(parseRequest(outboundReceiptSchema, body)), query, response);
  }

  @Post('outbound/raw')
  sendRaw(@Body() body: unknown, @Query() query: unknown, @Res({ passthrough: true }) response: Response) {
    return this.answer(this.outbound.sendRaw(parseRequest(rawWebhookSchema, body)), query, response);
  }

  @Get('deliveries')
  listDeliveries(@Query() query: unknown): DeliveryRecord[] {
    return this.deliveries.list(parseRequest(deliveriesFilterSchema, query));
  }

  private async answer(result: OutboundSendResult, query: unknown, response: Response): Promise<SendAnswer> {
    const wait = parseRequest(sendOptionsSchema, query).wait === 'true';
    const delivery = wait ? await result.completion : result.delivery;
    response.status(wait ? 200 : 202);
    return {
      ...(result.delivery.messageId !== undefined && { messageId: result.delivery.messageId }),
      payload: result.payload,
      delivery,
    };
  }
}
