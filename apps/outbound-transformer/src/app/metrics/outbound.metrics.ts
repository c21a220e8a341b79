import { Injectable } from '@nestjs/common';
import { Counter, register as defaultRegistry, type Registry } from 'prom-client';

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  return (
    (registry.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

/** What became of an agent's message here: passed on for sending, or failed (with a reason). */
export type MessageResult = 'delivered' | 'failed';

/** Why a typing event was not passed on. */
export type TypingSkipReason = 'stale' | 'no_conversation' | 'no_customer_message' | 'window_closed';

/** The service's own Prometheus counters (queue outcomes come from the messaging library). */
@Injectable()
export class OutboundMetrics {
  private readonly messages: Counter<string>;
  private readonly duplicates: Counter<string>;
  private readonly mediaRefusals: Counter<string>;
  private readonly mediaStored: Counter<string>;
  private readonly windowExpiries: Counter<string>;
  private readonly typing: Counter<string>;
  private readonly receipts: Counter<string>;

  constructor() {
    const registry = defaultRegistry;
    this.messages = counter(
      registry,
      'switchboard_outbound_messages_total',
      'Agent messages by result (delivered: passed on to whatsapp-api-service; failed: with the receipt reason)',
      ['result', 'reason'],
    );
    this.duplicates = counter(
      registry,
      'switchboard_outbound_duplicates_total',
      'Genesys events acknowledged as duplicates of one already handled, by kind',
      ['kind'],
    );
    this.mediaRefusals = counter(
      registry,
      'switchboard_outbound_media_refusals_total',
      'Agent attachments that could not be fetched safely, by safe-fetch refusal reason',
      ['reason'],
    );
    this.mediaStored = counter(
      registry,
      'switchboard_outbound_media_stored_total',
      'Agent attachments fetched and stored for sending, by WhatsApp media kind',
      ['kind'],
    );
    this.windowExpiries = counter(
      registry,
      'switchboard_outbound_window_expired_total',
      'Agent messages refused because the 24-hour customer service window was closed',
      [],
    );
    this.typing = counter(
      registry,
      'switchboard_outbound_typing_total',
      'Agent typing events, passed on or skipped (by reason)',
      ['result'],
    );
    this.receipts = counter(
      registry,
      'switchboard_outbound_genesys_receipts_total',
      "Genesys receipts about customers' messages, by status",
      ['status'],
    );
  }

  message(result: MessageResult, reason = ''): void {
    this.messages.inc({ result, reason });
  }

  duplicate(kind: 'message' | 'receipt' | 'typing'): void {
    this.duplicates.inc({ kind });
  }

  mediaRefused(reason: string): void {
    this.mediaRefusals.inc({ reason });
  }

  stored(kind: string): void {
    this.mediaStored.inc({ kind });
  }

  windowExpired(): void {
    this.windowExpiries.inc();
  }

  typingSent(): void {
    this.typing.inc({ result: 'sent' });
  }

  typingSkipped(reason: TypingSkipReason): void {
    this.typing.inc({ result: reason });
  }

  receipt(status: string): void {
    this.receipts.inc({ status });
  }
}
