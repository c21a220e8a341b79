import { Global, Module } from '@nestjs/common';
import { SimulatorClock } from './simulator-clock.service';

@Global()
@Module({ providers: [SimulatorClock], exports: [SimulatorClock] })
export class CommonModule {}
