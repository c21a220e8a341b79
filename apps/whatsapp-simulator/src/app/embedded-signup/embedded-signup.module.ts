import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { EmbeddedSignupControlController } from './embedded-signup-control.controller';
import { EmbeddedSignupGraphController } from './embedded-signup-graph.controller';
import { EmbeddedSignupService } from './embedded-signup.service';

@Module({
  imports: [PhoneNumbersModule, FaultsModule],
  controllers: [EmbeddedSignupControlController, EmbeddedSignupGraphController],
  providers: [EmbeddedSignupService],
  exports: [EmbeddedSignupService],
})
export class EmbeddedSignupModule {}
