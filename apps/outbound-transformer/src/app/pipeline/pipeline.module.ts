import { DynamicModule, Module } from '@nestjs/common';
import { IdempotencyModule } from '@switchboard/backend-util-idempotency';
import {
  OUTBOUND_TRANSFORMER_CONFIG,
  type OutboundTransformerConfig,
} from '../config/outbound-transformer.config';
import { MediaModule, type MediaNetwork } from '../media/media.module';
import { PlatformClientsModule } from '../platform/platform-clients.module';
import { ConversationResolver } from './conversation-resolver.service';
import { DeliveryOutcomes } from './delivery-outcomes.publisher';
import { OutboundEventConsumer } from './outbound-event.consumer';
import { OutboundMessageHandler } from './outbound-message.handler';
import { ReceiptHandler } from './receipt.handler';
import { TypingHandler } from './typing.handler';

@Module({})
export class PipelineModule {
  static forRoot(mediaNetwork: MediaNetwork = {}): DynamicModule {
    return {
      module: PipelineModule,
      imports: [
        PlatformClientsModule,
        MediaModule.forRoot(mediaNetwork),
        IdempotencyModule.forRootAsync<[OutboundTransformerConfig]>({
          inject: [OUTBOUND_TRANSFORMER_CONFIG],
          useFactory: (config) => ({
            leaseMs: config.OUTBOUND_CLAIM_LEASE_MS,
            doneTtlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
          }),
        }),
      ],
      providers: [
        ConversationResolver,
        DeliveryOutcomes,
        OutboundMessageHandler,
        TypingHandler,
        ReceiptHandler,
        OutboundEventConsumer,
      ],
    };
  }
}
