import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { CONVERSATION_EXPIRY_QUEUE } from './conversation-expiry.constants';
import { ConversationExpiryProcessor } from './conversation-expiry.processor';
import { ConversationExpiryScheduler } from './conversation-expiry.scheduler';
import { ConversationExpiryService } from './conversation-expiry.service';

/** The idle-conversation expiry: a Bull repeatable job on the service's Redis. */
@Module({
  imports: [BullModule.registerQueue({ name: CONVERSATION_EXPIRY_QUEUE })],
  providers: [ConversationExpiryService, ConversationExpiryProcessor, ConversationExpiryScheduler],
  exports: [ConversationExpiryService],
})
export class ExpiryModule {}
