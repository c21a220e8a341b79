import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { z } from 'zod';
import { MAX_SPAN_MS } from '../core/bounds.constants';
import { ClockService } from '../core/clock.service';
import { RequestStatsService, type RequestStatsSnapshot } from '../core/request-stats.service';
import { SimulatorStateService } from '../core/simulator-state.service';
import { parseRequest } from '../core/validation.util';

const advanceClockSchema = z.object({
  seconds: z
    .number()
    .positive()
    .max(MAX_SPAN_MS / 1000),
});

export interface ClockView {
  readonly now: string;
  readonly offsetMs: number;
}

/** Control API: request statistics, the simulated clock and a full reset. */
@Controller('control')
export class SimulatorControlController {
  constructor(
    private readonly stats: RequestStatsService,
    private readonly clock: ClockService,
    private readonly state: SimulatorStateService,
  ) {}

  @Get('stats')
  getStats(): RequestStatsSnapshot {
    return this.stats.snapshot();
  }

  @Post('stats/reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  resetStats(): void {
    this.stats.reset();
  }

  @Get('clock')
  getClock(): ClockView {
    return { now: this.clock.nowIso(), offsetMs: this.clock.offsetMilliseconds };
  }

  /** Moves simulated time forward: token lifetimes, threading windows and timed faults follow it. */
  @Post('clock/advance')
  @HttpCode(HttpStatus.OK)
  advanceClock(@Body() body: unknown): ClockView {
    this.clock.advance(parseRequest(advanceClockSchema, body).seconds * 1000);
    return this.getClock();
  }

  /** Back to the configured seeds: clients, integrations; everything recorded is forgotten. */
  @Post('reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  reset(): void {
    this.state.resetAll();
  }
}
