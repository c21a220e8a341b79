import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import {
  type RegisterTokenDto,
  type TokenActionDto,
  type UpsertPhoneNumberDto,
  registerTokenSchema,
  tokenActionSchema,
  upsertPhoneNumberSchema,
} from './phone-numbers.dto';
import { PhoneNumbersService } from './phone-numbers.service';

@Controller('control')
export class PhoneNumbersControlController {
  constructor(private readonly phoneNumbers: PhoneNumbersService) {}

  @Get('phone-numbers')
  list() {
    return { items: this.phoneNumbers.list() };
  }

  @Post('phone-numbers')
  upsert(@Body(new ZodValidationPipe(upsertPhoneNumberSchema)) body: UpsertPhoneNumberDto) {
    return this.phoneNumbers.upsert(body);
  }

  @Get('tokens')
  listTokens() {
    return { items: this.phoneNumbers.listTokens() };
  }

  @Post('tokens')
  registerToken(@Body(new ZodValidationPipe(registerTokenSchema)) body: RegisterTokenDto) {
    return this.phoneNumbers.registerToken(body);
  }

  @Post('tokens/revoke')
  @HttpCode(200)
  revokeToken(@Body(new ZodValidationPipe(tokenActionSchema)) body: TokenActionDto) {
    return this.phoneNumbers.revokeToken(body.token);
  }

  @Post('tokens/expire')
  @HttpCode(200)
  expireToken(@Body(new ZodValidationPipe(tokenActionSchema)) body: TokenActionDto) {
    return this.phoneNumbers.expireToken(body.token);
  }
}
