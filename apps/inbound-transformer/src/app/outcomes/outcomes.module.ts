import { Module } from '@nestjs/common';
import { INBOUND_IDEMPOTENCY } from '../pipeline/idempotency.module';
import { DeliveryOutcomeConsumer } from './delivery-outcome.consumer';

/** Failed agent messages → Failed receipts in Genesys. */
@Module({
  imports: [INBOUND_IDEMPOTENCY],
  providers: [DeliveryOutcomeConsumer],
})
export class OutcomesModule {}
