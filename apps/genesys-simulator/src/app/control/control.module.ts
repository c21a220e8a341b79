import { Module } from '@nestjs/common';
import { SimulatorControlController } from './simulator-control.controller';

@Module({ controllers: [SimulatorControlController] })
export class ControlModule {}
