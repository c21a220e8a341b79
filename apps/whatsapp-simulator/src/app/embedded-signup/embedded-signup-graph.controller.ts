import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
} from '@nestjs/common';
import type { Request } from 'express';
import { FaultsService } from '../faults/faults.service';
import { GraphExceptionFilter } from '../graph-errors/graph-exception.filter';
import { assertGraphVersion } from '../graph-errors/graph-version.util';
import { EmbeddedSignupService } from './embedded-signup.service';

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The Graph calls a business backend makes to complete WhatsApp Embedded Signup. */
@Controller()
@UseFilters(GraphExceptionFilter)
export class EmbeddedSignupGraphController {
  constructor(
    private readonly signup: EmbeddedSignupService,
    private readonly faults: FaultsService,
  ) {}

  /** `GET /{version}/oauth/access_token?client_id&client_secret&code` → `{access_token, token_type}`. */
  @Get(':version/oauth/access_token')
  async exchangeCode(
    @Param('version') version: string,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
  ) {
    assertGraphVersion(version, request.path);
    const code = single(query['code']);
    await this.faults.inject('onboarding', this.signup.phoneNumberOfCode(code));
    return this.signup.exchange(single(query['client_id']), single(query['client_secret']), code);
  }

  /** `POST /{version}/{phone-number-id}/register` {messaging_product: 'whatsapp', pin}. */
  @Post(':version/:phoneNumberId/register')
  @HttpCode(200)
  async register(
    @Param('version') version: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() request: Request,
  ) {
    assertGraphVersion(version, request.path);
    await this.faults.inject('onboarding', phoneNumberId);
    return this.signup.register(authorization, phoneNumberId, body);
  }

  /** `POST /{version}/{waba-id}/subscribed_apps`: our app receives the WABA's webhooks. */
  @Post(':version/:wabaId/subscribed_apps')
  @HttpCode(200)
  async subscribe(
    @Param('version') version: string,
    @Param('wabaId') wabaId: string,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
  ) {
    assertGraphVersion(version, request.path);
    await this.faults.inject('onboarding', undefined);
    return this.signup.subscribe(authorization, wabaId);
  }
}
