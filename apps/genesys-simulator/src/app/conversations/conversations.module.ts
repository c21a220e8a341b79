import { Module } from '@nestjs/common';
import { ConversationsControlController } from './conversations-control.controller';
import { ConversationsService } from './conversations.service';
import { MessageIndexService } from './message-index.service';

@Module({
  controllers: [ConversationsControlController],
  providers: [ConversationsService, MessageIndexService],
  exports: [ConversationsService, MessageIndexService],
})
export class ConversationsModule {}
