import { Module } from '@nestjs/common';
import { PhoneNumbersControlController } from './phone-numbers-control.controller';
import { PhoneNumbersService } from './phone-numbers.service';

@Module({
  controllers: [PhoneNumbersControlController],
  providers: [PhoneNumbersService],
  exports: [PhoneNumbersService],
})
export class PhoneNumbersModule {}
