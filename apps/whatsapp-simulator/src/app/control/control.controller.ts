import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { type AdvanceClockDto, advanceClockSchema } from './control.dto';
import { ControlService } from './control.service';

@Controller('control')
export class ControlController {
  constructor(private readonly control: ControlService) {}

  @Get('state')
  state() {
    return this.control.state();
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.control.reset();
  }

  @Post('clock/advance')
  @HttpCode(200)
  advanceClock(@Body(new ZodValidationPipe(advanceClockSchema)) body: AdvanceClockDto) {
    return this.control.advanceClock(body.ms);
  }
}
