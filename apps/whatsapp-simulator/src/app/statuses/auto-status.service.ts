import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  StatusValue,
  WHATSAPP_SIMULATOR_CONFIG,
  type WhatsAppSimulatorConfig,
} from '../config/whatsapp-simulator.config';
import { RecordedSend } from '../sends/send-log.service';
import { StatusesService, statusDefaultsOf } from './statuses.service';

export interface AutoStatusSettings {
  enabled: boolean;
  delayMs: number;
  sequence: StatusValue[];
  failedErrorCode: number;
}

/** After each accepted message, delivers the configured statuses (default sent → delivered → read). */
@Injectable()
export class AutoStatusService implements OnModuleDestroy {
  private readonly logger = new Logger(AutoStatusService.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private current: AutoStatusSettings;
  /** Set on shutdown: requests still in flight then must not schedule new timers. */
  private closed = false;

  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) private readonly config: WhatsAppSimulatorConfig,
    private readonly statuses: StatusesService,
  ) {
    this.current = this.defaultSettings();
  }

  settings(): AutoStatusSettings {
    return { ...this.current, sequence: [...this.current.sequence] };
  }

  updateSettings(changes: Partial<AutoStatusSettings>): AutoStatusSettings {
    this.current = { ...this.current, ...changes };
    return this.settings();
  }

  get scheduledCount(): number {
    return this.timers.size;
  }

  schedule(send: RecordedSend): void {
    if (this.closed || !this.current.enabled || send.kind !== 'message') return;
    if (this.timers.size >= this.config.WEBHOOK_MAX_PENDING) {
      this.logger.warn(
        `no automatic statuses for ${send.wamid}: WEBHOOK_MAX_PENDING statuses already scheduled`,
      );
      return;
    }
    const { delayMs, failedErrorCode } = this.current;
    // Carried along rather than looked up when the timer fires: by then the send may have
    // left the bounded send log.
    const defaults = statusDefaultsOf(send);
    // Reactions we send only ever produce `sent` (spec A2).
    const sequence =
      send.type === 'reaction' ? this.current.sequence.filter((s) => s === 'sent') : this.current.sequence;
    sequence.forEach((status, index) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          const errorCode = status === 'failed' ? failedErrorCode : undefined;
          this.statuses
            .deliver(
              { phoneNumberId: send.phoneNumberId },
              [{ ...defaults, id: send.wamid, status, errorCode }],
              {
                signature: 'valid',
                waitFor: 'none',
              },
            )
            .catch((error: unknown) =>
              this.logger.error(`auto status ${status} for ${send.wamid} failed: ${String(error)}`),
            );
        },
        delayMs * (index + 1),
      );
      this.timers.add(timer);
    });
  }

  reset(): void {
    this.cancelAll();
    this.current = this.defaultSettings();
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.cancelAll();
  }

  private cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private defaultSettings(): AutoStatusSettings {
    return {
      enabled: this.config.AUTO_STATUS_ENABLED,
      delayMs: this.config.AUTO_STATUS_DELAY_MS,
      sequence: [...this.config.AUTO_STATUS_SEQUENCE],
      failedErrorCode: this.config.AUTO_STATUS_FAILED_CODE,
    };
  }
}
