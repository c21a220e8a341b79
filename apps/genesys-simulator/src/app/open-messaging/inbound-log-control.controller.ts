import { Controller, Get, Query } from '@nestjs/common';
import { parseRequest } from '../core/validation.util';
import { InboundLogService, type InboundRecord } from './inbound-log.service';
import { inboundLogFilterSchema } from './open-messaging.dto';

/** Control API: what the inbound endpoints received, in order. */
@Controller('control/inbound')
export class InboundLogControlController {
  constructor(private readonly log: InboundLogService) {}

  @Get()
  list(@Query() query: unknown): { items: InboundRecord[]; dropped: number } {
    return this.log.list(parseRequest(inboundLogFilterSchema, query));
  }
}
