import { Module } from '@nestjs/common';
import { INBOUND_IDEMPOTENCY } from './idempotency.module';
import { MediaModule } from '../media/media.module';
import { PlatformClientsModule } from '../platform/platform-clients.module';
import { PendingReceipts } from '../receipts/pending-receipts.store';
import { InboundEventConsumer } from './inbound-event.consumer';
import { InboundMessageHandler } from './inbound-message.handler';
import { StatusHandler } from './status.handler';
import { SystemErrorHandler } from './system-error.handler';
import { TenantRoutes } from './tenant-routes.service';

@Module({
  imports: [PlatformClientsModule, MediaModule, INBOUND_IDEMPOTENCY],
  providers: [
    PendingReceipts,
    TenantRoutes,
    InboundMessageHandler,
    StatusHandler,
    SystemErrorHandler,
    InboundEventConsumer,
  ],
})
export class PipelineModule {}
