import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { notFound } from '../core/genesys-errors.util';
import { parseRequest } from '../core/validation.util';
import { createFaultSchema } from './fault.dto';
import { type FaultRule, FaultsService } from './faults.service';

/** Control API: fault rules. */
@Controller('control/faults')
export class FaultsControlController {
  constructor(private readonly faults: FaultsService) {}

  @Get()
  list(): FaultRule[] {
    return this.faults.list();
  }

  @Post()
  add(@Body() body: unknown): FaultRule {
    return this.faults.add(parseRequest(createFaultSchema, body));
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  clear(): void {
    this.faults.reset();
  }

  @Delete(':ruleId')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@Param('ruleId') ruleId: string): void {
    if (!this.faults.remove(ruleId)) throw notFound(`fault rule ${ruleId} not found`);
  }
}
