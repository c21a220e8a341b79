import { Module } from '@nestjs/common';
import { CorrelationConsumer } from './correlation.consumer';
import { CorrelationService } from './correlation.service';

/** What genesys-api-service reports for each inbound message: mappings and inbound tracking. */
@Module({ providers: [CorrelationService, CorrelationConsumer], exports: [CorrelationService] })
export class CorrelationModule {}
