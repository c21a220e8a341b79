import { Module } from '@nestjs/common';
import { FaultsControlController } from './faults-control.controller';
import { FaultsService } from './faults.service';

@Module({ controllers: [FaultsControlController], providers: [FaultsService], exports: [FaultsService] })
export class FaultsModule {}
