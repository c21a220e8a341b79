import { Injectable } from '@nestjs/common';
import { Counter, register as defaultRegistry, type Registry } from 'prom-client';

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  return (
    (registry.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

/** The service's own Prometheus counters (queue outcomes come from the messaging library). */
@Injectable()
export class InboundMetrics {
  private readonly duplicates: Counter<string>;
  private readonly messages: Counter<string>;
  private readonly receipts: Counter<string>;
  private readonly mediaOutcomes: Counter<string>;
  private readonly systemErrors: Counter<string>;
  private readonly deliveryOutcomes: Counter<string>;

  constructor() {
    const registry = defaultRegistry;
    this.duplicates = counter(
      registry,
      'switchboard_inbound_duplicates_total',
      'WhatsApp events acknowledged as duplicates of one already handled, by kind',
      ['kind'],
    );
    this.messages = counter(
      registry,
      'switchboard_inbound_messages_total',
      'WhatsApp messages passed on to Genesys, by WhatsApp message type',
      ['type'],
    );
    this.receipts = counter(
      registry,
      'switchboard_inbound_receipts_total',
      'Genesys receipts produced from WhatsApp statuses, by receipt status',
      ['status'],
    );
    this.mediaOutcomes = counter(
      registry,
      'switchboard_inbound_media_total',
      'Customer media relayed to object storage or reported unavailable, by kind and outcome',
      ['kind', 'outcome'],
    );
    this.systemErrors = counter(
      registry,
      'switchboard_inbound_system_errors_total',
      'WhatsApp system errors (value.errors[]) reported to the portal, by error code',
      ['code'],
    );
    this.deliveryOutcomes = counter(
      registry,
      'switchboard_outbound_delivery_outcomes_total',
      "What became of agents' messages (sent, or failed with the Genesys reason)",
      ['outcome', 'reason'],
    );
  }

  deliveryOutcome(outcome: 'sent' | 'failed', reason: string): void {
    this.deliveryOutcomes.inc({ outcome, reason });
  }

  duplicate(kind: string): void {
    this.duplicates.inc({ kind });
  }

  message(type: string): void {
    this.messages.inc({ type });
  }

  receipt(status: string): void {
    this.receipts.inc({ status });
  }

  media(kind: string, outcome: 'stored' | 'unavailable'): void {
    this.mediaOutcomes.inc({ kind, outcome });
  }

  systemError(code: number): void {
    this.systemErrors.inc({ code: String(code) });
  }
}
