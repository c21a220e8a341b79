import { Module } from '@nestjs/common';
import { EmbeddedSignupModule } from '../embedded-signup/embedded-signup.module';
import { FaultsModule } from '../faults/faults.module';
import { MediaModule } from '../media/media.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { SendsModule } from '../sends/sends.module';
import { StatusesModule } from '../statuses/statuses.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ControlController } from './control.controller';
import { ControlService } from './control.service';

@Module({
  imports: [
    PhoneNumbersModule,
    FaultsModule,
    SendsModule,
    WebhooksModule,
    MediaModule,
    StatusesModule,
    EmbeddedSignupModule,
  ],
  controllers: [ControlController],
  providers: [ControlService],
})
export class ControlModule {}
