import { Body, Controller, Headers, HttpCode, Param, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { FaultsService } from '../faults/faults.service';
import { GraphExceptionFilter } from '../graph-errors/graph-exception.filter';
import { assertGraphVersion } from '../graph-errors/graph-version.util';
import { PhoneNumbersService } from '../phone-numbers/phone-numbers.service';
import { MessagesService } from './messages.service';

/** `POST /{version}/{phone-number-id}/messages` (spec A3). */
@Controller()
@UseFilters(GraphExceptionFilter)
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly phoneNumbers: PhoneNumbersService,
    private readonly faults: FaultsService,
  ) {}

  @Post(':version/:phoneNumberId/messages')
  @HttpCode(200)
  async send(
    @Param('version') version: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() request: Request,
  ) {
    assertGraphVersion(version, request.path);
    await this.faults.inject('messages', phoneNumberId);
    this.phoneNumbers.authorize(authorization, phoneNumberId);
    return this.messages.send(phoneNumberId, body);
  }
}
