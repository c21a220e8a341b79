import { Body, Controller, Header, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { OAuthService, type TokenResponse } from './oauth.service';

/** The login host (`https://login.{domain}`). */
@Controller('oauth')
export class OAuthController {
  constructor(private readonly oauth: OAuthService) {}

  @Post('token')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  issueToken(
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Body() form: unknown,
  ): TokenResponse {
    return this.oauth.issueToken({ authorization, contentType, form });
  }
}
