import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseRequest } from '../core/validation.util';
import {
  deliveriesFilterSchema,
  outboundMessageSchema,
  outboundReceiptSchema,
  rawWebhookSchema,
  redeliverSchema,
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
    return this.answer(query, response, () =>
      this.outbound.sendMessage(parseRequest(outboundMessageSchema, body)),
    );
  }

  @Post('outbound/structured')
  sendStructured(
    @Body() body: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(query, response, () =>
      this.outbound.sendStructured(parseRequest(structuredMessageSchema, body)),
    );
  }

  @Post('outbound/typing')
  sendTyping(@Body() body: unknown, @Query() query: unknown, @Res({ passthrough: true }) response: Response) {
    return this.answer(query, response, () =>
      this.outbound.sendTyping(parseRequest(typingEventSchema, body)),
    );
  }

  @Post('outbound/receipts')
  sendReceipt(
    @Body() body: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(query, response, () =>
      this.outbound.sendReceipt(parseRequest(outboundReceiptSchema, body)),
    );
  }

  @Post('outbound/raw')
  sendRaw(@Body() body: unknown, @Query() query: unknown, @Res({ passthrough: true }) response: Response) {
    return this.answer(query, response, () => this.outbound.sendRaw(parseRequest(rawWebhookSchema, body)));
  }

  @Get('deliveries')
  listDeliveries(@Query() query: unknown): DeliveryRecord[] {
    return this.deliveries.list(parseRequest(deliveriesFilterSchema, query));
  }

  /** Sends an earlier delivery's exact bytes and headers again, `count` times at once. */
  @Post('deliveries/:deliveryId/redeliver')
  async redeliver(
    @Param('deliveryId') deliveryId: string,
    @Body() body: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ deliveries: DeliveryRecord[] }> {
    const { count } = parseRequest(redeliverSchema, body ?? {});
    const wait = parseRequest(sendOptionsSchema, query).wait === 'true';
    const started = this.deliveries.redeliver(deliveryId, count);
    response.status(wait ? 200 : 202);
    return {
      deliveries: wait
        ? await Promise.all(started.map((copy) => copy.completion))
        : started.map((copy) => copy.delivery),
    };
  }

  /** Reads `?wait` before sending, so that an invalid query sends nothing. */
  private async answer(
    query: unknown,
    response: Response,
    send: () => OutboundSendResult,
  ): Promise<SendAnswer> {
    const wait = parseRequest(sendOptionsSchema, query).wait === 'true';
    const result = send();
    const delivery = wait ? await result.completion : result.delivery;
    response.status(wait ? 200 : 202);
    return {
      ...(result.delivery.messageId !== undefined && { messageId: result.delivery.messageId }),
      payload: result.payload,
      delivery,
    };
  }
}
