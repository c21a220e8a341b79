import { Inject, Injectable } from '@nestjs/common';
import { SimulatorClock } from '../common/simulator-clock.service';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import { EmbeddedSignupService } from '../embedded-signup/embedded-signup.service';
import { FaultsService } from '../faults/faults.service';
import { MediaStoreService } from '../media/media-store.service';
import { PhoneNumbersService } from '../phone-numbers/phone-numbers.service';
import { SendLogService } from '../sends/send-log.service';
import { AutoStatusService } from '../statuses/auto-status.service';
import { WebhookDeliveryService } from '../webhooks/webhook-delivery.service';

/** Whole-simulator operations: a state summary, reset to the configured start, and the clock. */
@Injectable()
export class ControlService {
  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) private readonly config: WhatsAppSimulatorConfig,
    private readonly clock: SimulatorClock,
    private readonly phoneNumbers: PhoneNumbersService,
    private readonly faults: FaultsService,
    private readonly sends: SendLogService,
    private readonly deliveries: WebhookDeliveryService,
    private readonly media: MediaStoreService,
    private readonly autoStatus: AutoStatusService,
    private readonly signup: EmbeddedSignupService,
  ) {}

  state() {
    return {
      graphApiVersion: this.config.GRAPH_API_VERSION,
      publicBaseUrl: this.config.PUBLIC_BASE_URL,
      now: this.clock.isoNow(),
      clockOffsetMs: this.clock.offset,
      phoneNumbers: this.phoneNumbers.list().length,
      tokens: this.phoneNumbers.listTokens().length,
      faults: this.faults.list().length,
      sends: { recorded: this.sends.size, dropped: this.sends.dropped },
      deliveries: {
        recorded: this.deliveries.list().length,
        pending: this.deliveries.pendingCount,
        dropped: this.deliveries.droppedCount,
      },
      scheduledStatuses: this.autoStatus.scheduledCount,
      media: this.media.usage,
      limits: {
        maxRecordedSends: this.config.MAX_RECORDED_SENDS,
        maxRecordedDeliveries: this.config.MAX_RECORDED_DELIVERIES,
        maxPendingDeliveries: this.config.WEBHOOK_MAX_PENDING,
        maxMediaItems: this.config.MAX_MEDIA_ITEMS,
        maxMediaTotalBytes: this.config.MAX_MEDIA_TOTAL_BYTES,
        maxFaults: this.config.MAX_FAULTS,
        maxTokens: this.config.MAX_TOKENS,
        maxPhoneNumbers: this.config.MAX_PHONE_NUMBERS,
      },
    };
  }

  /** Back to the configured start: seeded numbers and tokens, no sends, deliveries, media or faults. */
  reset(): void {
    this.autoStatus.reset();
    this.deliveries.reset();
    this.sends.reset();
    this.media.reset();
    this.faults.reset();
    this.signup.reset();
    this.phoneNumbers.reset();
    this.clock.reset();
  }

  advanceClock(ms: number) {
    this.clock.advance(ms);
    return { now: this.clock.isoNow(), clockOffsetMs: this.clock.offset };
  }
}
