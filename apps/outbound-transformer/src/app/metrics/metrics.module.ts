import { Global, Module } from '@nestjs/common';
import { OutboundMetrics } from './outbound.metrics';

@Global()
@Module({ providers: [OutboundMetrics], exports: [OutboundMetrics] })
export class MetricsModule {}
