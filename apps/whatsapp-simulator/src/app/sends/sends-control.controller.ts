import { Controller, Get, Query } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { type SendsQueryDto, sendsQuerySchema } from './sends.dto';
import { SendLogService } from './send-log.service';

@Controller('control/sends')
export class SendsControlController {
  constructor(private readonly sends: SendLogService) {}

  /** Accepted send requests in the order received. */
  @Get()
  list(@Query(new ZodValidationPipe(sendsQuerySchema)) query: SendsQueryDto) {
    return { items: this.sends.list(query), dropped: this.sends.dropped };
  }
}
