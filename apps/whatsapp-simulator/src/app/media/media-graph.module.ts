import { Module } from '@nestjs/common';
import { EmbeddedSignupModule } from '../embedded-signup/embedded-signup.module';
import { FaultsModule } from '../faults/faults.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { MediaGraphController } from './media-graph.controller';
import { MediaModule } from './media.module';

/**
 * Holds `GET|DELETE /:version/:mediaId`, which matches any two-segment path: import this module
 * last so that the control and download routes are registered (and matched) before it.
 */
@Module({
  imports: [MediaModule, PhoneNumbersModule, FaultsModule, EmbeddedSignupModule],
  controllers: [MediaGraphController],
})
export class MediaGraphModule {}
