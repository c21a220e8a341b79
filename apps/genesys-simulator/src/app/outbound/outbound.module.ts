import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { DownloadsControlController } from './downloads-control.controller';
import { DownloadsController } from './downloads.controller';
import { DownloadsService } from './downloads.service';
import { OutboundControlController } from './outbound-control.controller';
import { OutboundMessagesService } from './outbound-messages.service';
import { WebhookDeliveryService } from './webhook-delivery.service';

@Module({
  imports: [IntegrationsModule, ConversationsModule],
  controllers: [DownloadsController, DownloadsControlController, OutboundControlController],
  providers: [DownloadsService, WebhookDeliveryService, OutboundMessagesService],
})
export class OutboundModule {}
