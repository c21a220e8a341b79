import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import {
  type DeliveriesQueryDto,
  type RawWebhookDto,
  type RedeliverDto,
  type VerifyWebhookDto,
  type WebhookSettingsDto,
  deliveriesQuerySchema,
  rawWebhookBytes,
  rawWebhookSchema,
  redeliverSchema,
  toDeliveryRequest,
  verifyWebhookSchema,
  webhookSettingsSchema,
} from './webhook-delivery.dto';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookVerificationService } from './webhook-verification.service';

@Controller('control')
export class WebhooksControlController {
  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly verification: WebhookVerificationService,
  ) {}

  @Get('deliveries')
  list(@Query(new ZodValidationPipe(deliveriesQuerySchema)) query: DeliveriesQueryDto) {
    return {
      items: this.deliveries.list(query),
      pending: this.deliveries.pendingCount,
      dropped: this.deliveries.droppedCount,
    };
  }

  @Get('deliveries/:id')
  get(@Param('id') id: string) {
    return this.deliveries.get(id);
  }

  /** Sends an earlier delivery's exact bytes and headers again, `count` times at once. */
  @Post('deliveries/:id/redeliver')
  @HttpCode(200)
  async redeliver(@Param('id') id: string, @Body(new ZodValidationPipe(redeliverSchema)) body: RedeliverDto) {
    return { deliveries: await this.deliveries.redeliver(id, body.count, body.waitFor) };
  }

  /** Sends exactly the given bytes, signed, wrongly signed or unsigned (negative tests). */
  @Post('webhooks/raw')
  @HttpCode(200)
  async raw(@Body(new ZodValidationPipe(rawWebhookSchema)) body: RawWebhookDto) {
    const request = toDeliveryRequest(body, {
      kind: 'raw',
      body: rawWebhookBytes(body),
      phoneNumberId: body.phoneNumberId,
    });
    return { delivery: await this.deliveries.deliver(request, body.waitFor) };
  }

  @Post('webhooks/verify')
  @HttpCode(200)
  verify(@Body(new ZodValidationPipe(verifyWebhookSchema)) body: VerifyWebhookDto) {
    return this.verification.verify(body);
  }

  @Get('webhooks/settings')
  settings() {
    return this.deliveries.settings();
  }

  @Put('webhooks/settings')
  updateSettings(@Body(new ZodValidationPipe(webhookSettingsSchema)) body: WebhookSettingsDto) {
    return this.deliveries.updateSettings(body);
  }
}
