import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { StateErrorsFilter } from '../common/state-errors.filter';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { ConversationsController } from './conversations.controller';
import { MessagesController } from './messages.controller';

/** The internal HTTP API (service tokens of the pipeline services and agent-portal-service only). */
@Module({
  imports: [ConversationsModule, MessagesModule],
  controllers: [ConversationsController, MessagesController],
  providers: [{ provide: APP_FILTER, useClass: StateErrorsFilter }],
})
export class InternalModule {}
