import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { InboundLogControlController } from './inbound-log-control.controller';
import { InboundLogService } from './inbound-log.service';
import { OpenMessagingController } from './open-messaging.controller';
import { OpenMessagingService } from './open-messaging.service';

@Module({
  imports: [AuthModule, IntegrationsModule, ConversationsModule],
  controllers: [OpenMessagingController, InboundLogControlController],
  providers: [OpenMessagingService, InboundLogService],
})
export class OpenMessagingModule {}
