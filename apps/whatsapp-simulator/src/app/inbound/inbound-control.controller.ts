import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import {
  type DeliverErrorsDto,
  type DeliverInboundDto,
  deliverErrorsSchema,
  deliverInboundSchema,
} from './inbound.dto';
import { InboundService } from './inbound.service';

@Controller('control/webhooks')
export class InboundControlController {
  constructor(private readonly inbound: InboundService) {}

  /** Delivers a signed webhook with one or more user messages now. */
  @Post('inbound')
  @HttpCode(200)
  deliverMessages(@Body(new ZodValidationPipe(deliverInboundSchema)) body: DeliverInboundDto) {
    const { phoneNumberId, displayPhoneNumber, wabaId, messages, ...options } = body;
    return this.inbound.deliverMessages({ phoneNumberId, displayPhoneNumber, wabaId }, messages, options);
  }

  /** Delivers a system-error webhook (`value.errors[]`, samples/wa-webhook-system-error.json). */
  @Post('errors')
  @HttpCode(200)
  deliverErrors(@Body(new ZodValidationPipe(deliverErrorsSchema)) body: DeliverErrorsDto) {
    const { phoneNumberId, displayPhoneNumber, wabaId, errors, ...options } = body;
    return this.inbound.deliverErrors({ phoneNumberId, displayPhoneNumber, wabaId }, errors, options);
  }
}
