import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { InboundControlController } from './inbound-control.controller';
import { InboundService } from './inbound.service';

@Module({
  imports: [PhoneNumbersModule, MediaModule, WebhooksModule],
  controllers: [InboundControlController],
  providers: [InboundService],
})
export class InboundModule {}
