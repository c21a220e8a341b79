import { Module } from '@nestjs/common';
import { SendLogService } from './send-log.service';
import { SendsControlController } from './sends-control.controller';

@Module({ controllers: [SendsControlController], providers: [SendLogService], exports: [SendLogService] })
export class SendsModule {}
