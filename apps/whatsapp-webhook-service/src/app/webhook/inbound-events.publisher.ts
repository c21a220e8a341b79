import { Injectable } from '@nestjs/common';
import { MessagePublisher, PublishNotConfirmedError } from '@switchboard/backend-util-messaging';
import { contextEnvelopeFields } from '@switchboard/backend-util-observability';
import { ROUTING_KEYS, createEnvelope, type Envelope, type RoutingKey } from '@switchboard/shared-contracts';
import type { BatchItem } from './webhook-batch.util';
import type { TenantRoute } from './tenant-routes.service';
import { UNROUTABLE_REASON_HEADER } from './webhook.constants';

/** One item of the batch, wrapped and addressed. */
export interface OutgoingEvent {
  readonly item: BatchItem;
  readonly route: TenantRoute;
  readonly routingKey: RoutingKey;
  readonly envelope: Envelope;
  readonly headers: Readonly<Record<string, string>>;
}

export interface PublishReport {
  /** Failures of the publishes that the broker did not confirm (the others were confirmed). */
  readonly failures: readonly PublishNotConfirmedError[];
}

/**
 * The envelope of an item: the tenant of its route (UNROUTABLE_TENANT_ID when none), the
 * request's correlation id and a child span of its trace, the item's own time.
 */
export function toOutgoingEvent(item: BatchItem, route: TenantRoute): OutgoingEvent {
  const envelope = createEnvelope({
    tenantId: route.tenantId,
    type: item.type,
    payload: item.payload,
    occurredAt: item.occurredAt,
    ...contextEnvelopeFields(),
  });
  return route.routable
    ? { item, route, routingKey: ROUTING_KEYS.WHATSAPP_INBOUND_RAW, envelope, headers: {} }
    : {
        item,
        route,
        routingKey: ROUTING_KEYS.WHATSAPP_INBOUND_UNROUTABLE,
        envelope,
        headers: { [UNROUTABLE_REASON_HEADER]: route.reason },
      };
}

/** Publishes a webhook batch's envelopes with publisher confirms. */
@Injectable()
export class InboundEventsPublisher {
  constructor(private readonly publisher: MessagePublisher) {}

  /**
   * Starts every publish at once, in batch order (one channel keeps that order on the wire),
   * and waits for all of them. Failures other than an unconfirmed publish are bugs: rethrown.
   */
  async publishAll(events: readonly OutgoingEvent[]): Promise<PublishReport> {
    const results = await Promise.allSettled(
      events.map((event) =>
        this.publisher.publish(event.routingKey, event.envelope, { headers: event.headers }),
      ),
    );
    const failures: PublishNotConfirmedError[] = [];
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      if (!(result.reason instanceof PublishNotConfirmedError)) throw result.reason;
      failures.push(result.reason);
    }
    return { failures };
  }
}
