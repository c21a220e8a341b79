import { Global, Module } from '@nestjs/common';
import { InboundMetrics } from './inbound.metrics';

@Global()
@Module({ providers: [InboundMetrics], exports: [InboundMetrics] })
export class MetricsModule {}
