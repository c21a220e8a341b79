import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { SendsModule } from '../sends/sends.module';
import { StatusesModule } from '../statuses/statuses.module';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  imports: [FaultsModule, PhoneNumbersModule, SendsModule, StatusesModule],
  controllers: [MessagesController],
  providers: [MessagesService],
})
export class MessagesModule {}
