import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { type CreateFaultDto, createFaultSchema } from './fault.dto';
import { FaultsService } from './faults.service';

@Controller('control/faults')
export class FaultsControlController {
  constructor(private readonly faults: FaultsService) {}

  @Get()
  list() {
    return { items: this.faults.list() };
  }

  @Post()
  add(@Body(new ZodValidationPipe(createFaultSchema)) body: CreateFaultDto) {
    return this.faults.add(body);
  }

  @Post('clear')
  @HttpCode(204)
  clear(): void {
    this.faults.reset();
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id') id: string): void {
    this.faults.remove(id);
  }
}
