import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AutoStatusService } from './auto-status.service';
import {
  type AutoStatusSettingsDto,
  type DeliverStatusesDto,
  autoStatusSettingsSchema,
  deliverStatusesSchema,
} from './statuses.dto';
import { StatusesService } from './statuses.service';

@Controller('control')
export class StatusesControlController {
  constructor(
    private readonly statuses: StatusesService,
    private readonly autoStatus: AutoStatusService,
  ) {}

  /** Delivers status webhooks now: any status, any order, failed with an error code. */
  @Post('webhooks/statuses')
  @HttpCode(200)
  deliver(@Body(new ZodValidationPipe(deliverStatusesSchema)) body: DeliverStatusesDto) {
    const { phoneNumberId, displayPhoneNumber, wabaId, statuses, ...options } = body;
    return this.statuses.deliver({ phoneNumberId, displayPhoneNumber, wabaId }, statuses, options);
  }

  @Get('auto-status')
  autoStatusSettings() {
    return this.autoStatus.settings();
  }

  @Put('auto-status')
  updateAutoStatus(@Body(new ZodValidationPipe(autoStatusSettingsSchema)) body: AutoStatusSettingsDto) {
    return this.autoStatus.updateSettings(body);
  }
}
