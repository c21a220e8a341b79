// Names of every exchange, queue and routing key of the message flow (docs/architecture.md).
// Producers and consumers import these; no queue name is written as a literal anywhere else.

export const EXCHANGES = {
  /** Topic exchange that carries every pipeline message between services. */
  PIPELINE: 'switchboard.pipeline',
  /** Direct exchange, routing key = queue name: where expired delayed retries come back. */
  RETRY_RETURN: 'switchboard.retry-return',
  /** Direct exchange, routing key = queue name: dead letters of each work queue. */
  DEAD_LETTER: 'switchboard.dead-letter',
  /** Headers exchange routing a delayed retry to its delay-tier queue (ADR 0001). */
  DELAY: 'switchboard.delay',
} as const;

/** Delay-tier queues are named `switchboard.delay.<tier ms>` (ADR 0001). */
export const DELAY_QUEUE_PREFIX = 'switchboard.delay.';

export const ROUTING_KEYS = {
  /** One WhatsApp message, status or error from a webhook batch, with its tenant. */
  WHATSAPP_INBOUND_RAW: 'whatsapp.inbound.raw',
  /** A webhook event whose phone_number_id belongs to no tenant: parked for operators. */
  WHATSAPP_INBOUND_UNROUTABLE: 'whatsapp.inbound.unroutable',
  /** An Open Messaging message, receipt or typing event to deliver to Genesys. */
  GENESYS_DELIVERY: 'genesys.delivery',
  /** Genesys answered an inbound message: WhatsApp message id ↔ Genesys message and conversation. */
  GENESYS_CORRELATION: 'genesys.correlation',
  /** One Genesys outbound webhook (agent message, receipt or typing event), verified. */
  GENESYS_OUTBOUND_RAW: 'genesys.outbound.raw',
  /** A WhatsApp send (message or typing indicator) for whatsapp-api-service. */
  WHATSAPP_DELIVERY: 'whatsapp.delivery',
  /** What became of an agent's message: sent (with its wamids) or failed (with the reason). */
  WHATSAPP_DELIVERY_OUTCOME: 'whatsapp.delivery.outcome',
  /** Events for the agent portal (new message, status change), fanned out per tenant. */
  PORTAL_EVENT: 'portal.event',
} as const;

export type RoutingKey = (typeof ROUTING_KEYS)[keyof typeof ROUTING_KEYS];

export const QUEUES = {
  INBOUND_RAW: 'inbound-transformer.whatsapp-inbound-raw',
  INBOUND_UNROUTABLE: 'ops.whatsapp-inbound-unroutable',
  GENESYS_DELIVERY: 'genesys-api-service.genesys-delivery',
  GENESYS_CORRELATION: 'state-manager.genesys-correlation',
  OUTBOUND_RAW: 'outbound-transformer.genesys-outbound-raw',
  WHATSAPP_DELIVERY: 'whatsapp-api-service.whatsapp-delivery',
  DELIVERY_OUTCOME_RECEIPTS: 'inbound-transformer.whatsapp-delivery-outcome',
  PORTAL_EVENTS: 'agent-portal-service.portal-events',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface WorkQueueDefinition {
  readonly queue: QueueName;
  /** Routing keys on EXCHANGES.PIPELINE that feed this queue. */
  readonly bindings: readonly RoutingKey[];
  /** Whether messages that fail for good are dead-lettered (a parking queue has no consumer to fail). */
  readonly deadLetter: boolean;
  /**
   * Messages of one customer must be handled in the order they arrived: the queue has a single
   * active consumer (the other replicas stand by) and the consumer serialises per ordering key
   * (docs/adr/0002-per-customer-ordering.md).
   */
  readonly ordered?: boolean;
}

/** Every work queue of the flow and what feeds it. */
export const WORK_QUEUES: readonly WorkQueueDefinition[] = [
  {
    queue: QUEUES.INBOUND_RAW,
    bindings: [ROUTING_KEYS.WHATSAPP_INBOUND_RAW],
    deadLetter: true,
    ordered: true,
  },
  {
    queue: QUEUES.INBOUND_UNROUTABLE,
    bindings: [ROUTING_KEYS.WHATSAPP_INBOUND_UNROUTABLE],
    deadLetter: false,
  },
  {
    queue: QUEUES.GENESYS_DELIVERY,
    bindings: [ROUTING_KEYS.GENESYS_DELIVERY],
    deadLetter: true,
    ordered: true,
  },
  { queue: QUEUES.GENESYS_CORRELATION, bindings: [ROUTING_KEYS.GENESYS_CORRELATION], deadLetter: true },
  {
    queue: QUEUES.OUTBOUND_RAW,
    bindings: [ROUTING_KEYS.GENESYS_OUTBOUND_RAW],
    deadLetter: true,
    ordered: true,
  },
  {
    queue: QUEUES.WHATSAPP_DELIVERY,
    bindings: [ROUTING_KEYS.WHATSAPP_DELIVERY],
    deadLetter: true,
    ordered: true,
  },
  {
    queue: QUEUES.DELIVERY_OUTCOME_RECEIPTS,
    bindings: [ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME],
    deadLetter: true,
  },
  {
    queue: QUEUES.PORTAL_EVENTS,
    bindings: [ROUTING_KEYS.PORTAL_EVENT, ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME],
    deadLetter: true,
  },
];

/** AMQP headers every pipeline message carries. */
export const MESSAGE_HEADERS = {
  CORRELATION_ID: 'x-correlation-id',
  TRACEPARENT: 'traceparent',
  TENANT_ID: 'x-tenant-id',
  ATTEMPT: 'x-attempt',
  DEAD_LETTER_REASON: 'x-dead-letter-reason',
  DEAD_LETTER_QUEUE: 'x-dead-letter-queue',
  DEAD_LETTERED_AT: 'x-dead-lettered-at',
  ORIGINAL_HEADERS: 'x-original-headers',
  /** Matches a delayed retry to its tier queue (a headers exchange ignores `x-` headers). */
  DELAY_TIER: 'switchboard-delay-tier',
  /** Ties a broker return (unroutable) to the publish that caused it. */
  PUBLISH_ID: 'x-publish-id',
  /** RetryLaterError deferrals so far (they do not count as attempts). */
  RETRY_LATER_COUNT: 'x-retry-later-count',
  /** Why a parked webhook item could not enter the pipeline (unknown number, suspended, ...). */
  UNROUTABLE_REASON: 'x-unroutable-reason',
  /** Set aside by a consumer holding too many of its tenant's messages; back after a short delay. */
  HELD_BACK: 'x-held-back',
} as const;

/** HTTP header that carries the correlation id between services. */
export const CORRELATION_ID_HTTP_HEADER = 'x-correlation-id';
