import { Module } from '@nestjs/common';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookVerificationService } from './webhook-verification.service';
import { WebhooksControlController } from './webhooks-control.controller';

@Module({
  imports: [PhoneNumbersModule],
  controllers: [WebhooksControlController],
  providers: [WebhookDeliveryService, WebhookVerificationService],
  exports: [WebhookDeliveryService],
})
export class WebhooksModule {}
