import { Body, Controller, Get, Post } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { type MintSignupCodeDto, mintSignupCodeSchema } from './embedded-signup.dto';
import { EmbeddedSignupService } from './embedded-signup.service';

@Controller('control')
export class EmbeddedSignupControlController {
  constructor(private readonly signup: EmbeddedSignupService) {}

  /** A one-time code, as Meta hands it to the signup popup, for a number and WABA. */
  @Post('signup-codes')
  mint(@Body(new ZodValidationPipe(mintSignupCodeSchema)) body: MintSignupCodeDto) {
    return this.signup.mintCode(body);
  }

  /** Codes (pending, used, expired), registered numbers and subscribed WABAs. */
  @Get('onboarding')
  state() {
    return this.signup.state();
  }
}
