import { Module } from '@nestjs/common';
import { CorrelationConsumer } from './correlation.consumer';
import { CorrelationService } from './correlation.service';
import { InboundTouches } from './inbound-touch.repository';

/** What genesys-api-service reports for each inbound message: mappings and inbound tracking. */
@Module({
  providers: [CorrelationService, CorrelationConsumer, InboundTouches],
  exports: [CorrelationService],
})
export class CorrelationModule {}
