import { Module } from '@nestjs/common';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { SendsModule } from '../sends/sends.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AutoStatusService } from './auto-status.service';
import { StatusesControlController } from './statuses-control.controller';
import { StatusesService } from './statuses.service';

@Module({
  imports: [PhoneNumbersModule, SendsModule, WebhooksModule],
  controllers: [StatusesControlController],
  providers: [StatusesService, AutoStatusService],
  exports: [StatusesService, AutoStatusService],
})
export class StatusesModule {}
