import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../pipeline/idempotency.module';
import { DeliveryOutcomeConsumer } from './delivery-outcome.consumer';

/** Failed agent messages → Failed receipts in Genesys. */
@Module({
  imports: [IdempotencyModule],
  providers: [DeliveryOutcomeConsumer],
})
export class OutcomesModule {}
