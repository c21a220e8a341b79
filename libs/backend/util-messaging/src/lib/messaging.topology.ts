import {
  EXCHANGES,
  WORK_QUEUES,
  type QueueName,
  type WorkQueueDefinition,
} from '@switchboard/shared-contracts';
import type { Channel } from 'amqplib';
import { DELAY_EXCHANGE, DELAY_TIER_HEADER, DELAY_TIERS_MS, delayQueueName } from './delay-tier.util';

/**
 * Work queues are quorum queues. A quorum queue counts redeliveries (nack-requeue, or a consumer
 * whose channel died with the message unacked) and, past `x-delivery-limit`, dead-letters the
 * message: a message that crashes the consumer process on every delivery ends up in the DLQ
 * instead of crash-looping the service for ever. Our own retries go through the delay path as
 * fresh messages, so they never count against this limit. Checked on RabbitMQ 3.10.8: delivery
 * limit, `x-dead-letter-strategy: at-least-once` (needs `x-overflow: reject-publish`; no length
 * limit is set, so it never rejects) and redelivered flags all work. All services must declare
 * the same arguments: the broker refuses a redeclaration with different ones.
 * 20 (RabbitMQ 4's default), not less: a graceful stop, a fail-over between replicas and a
 * rolling deploy give fetched messages back too, and each of those counts as a delivery.
 */
export const WORK_QUEUE_DELIVERY_LIMIT = 20;

export interface ExchangeDeclaration {
  readonly name: string;
  readonly type: 'topic' | 'direct' | 'headers';
}

export interface QueueDeclaration {
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

export interface BindingDeclaration {
  readonly queue: string;
  readonly exchange: string;
  readonly pattern: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
}

export interface MessagingTopology {
  readonly exchanges: readonly ExchangeDeclaration[];
  readonly queues: readonly QueueDeclaration[];
  readonly bindings: readonly BindingDeclaration[];
}

export function deadLetterQueueName(queue: QueueName): string {
  return `${queue}.dlq`;
}

export function findWorkQueue(queue: QueueName): WorkQueueDefinition | undefined {
  return WORK_QUEUES.find((definition) => definition.queue === queue);
}

function workQueueArguments(definition: WorkQueueDefinition): Record<string, unknown> {
  if (!definition.deadLetter) {
    // A parking queue without a DLQ: a delivery limit would silently drop messages.
    return { 'x-queue-type': 'quorum' };
  }
  return {
    'x-queue-type': 'quorum',
    // One consumer at a time (the others stand by): the basis of per-customer order (ADR 0002).
    ...(definition.ordered ? { 'x-single-active-consumer': true } : {}),
    'x-delivery-limit': WORK_QUEUE_DELIVERY_LIMIT,
    'x-dead-letter-exchange': EXCHANGES.DEAD_LETTER,
    'x-dead-letter-routing-key': definition.queue,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/** Everything every service declares at start, derived from WORK_QUEUES. */
export function buildMessagingTopology(
  workQueues: readonly WorkQueueDefinition[] = WORK_QUEUES,
): MessagingTopology {
  const exchanges: ExchangeDeclaration[] = [
    { name: EXCHANGES.PIPELINE, type: 'topic' },
    { name: EXCHANGES.RETRY_RETURN, type: 'direct' },
    { name: EXCHANGES.DEAD_LETTER, type: 'direct' },
    { name: DELAY_EXCHANGE, type: 'headers' },
  ];
  const queues: QueueDeclaration[] = [];
  const bindings: BindingDeclaration[] = [];

  for (const definition of workQueues) {
    const { queue } = definition;
    queues.push({ name: queue, arguments: workQueueArguments(definition) });
    for (const routingKey of definition.bindings) {
      bindings.push({ queue, exchange: EXCHANGES.PIPELINE, pattern: routingKey });
    }
    bindings.push({ queue, exchange: EXCHANGES.RETRY_RETURN, pattern: queue });
    if (definition.deadLetter) {
      // Classic: a DLQ is browsed with get + nack-requeue, which keeps a classic queue's order.
      const dlq = deadLetterQueueName(queue);
      queues.push({ name: dlq, arguments: {} });
      bindings.push({ queue: dlq, exchange: EXCHANGES.DEAD_LETTER, pattern: queue });
    }
  }

  for (const tierMs of DELAY_TIERS_MS) {
    const name = delayQueueName(tierMs);
    // Classic: per-message TTL with expiry at the head of the queue (see the ADR).
    queues.push({
      name,
      arguments: { 'x-message-ttl': tierMs, 'x-dead-letter-exchange': EXCHANGES.RETRY_RETURN },
    });
    bindings.push({
      queue: name,
      exchange: DELAY_EXCHANGE,
      pattern: '',
      arguments: { 'x-match': 'all', [DELAY_TIER_HEADER]: String(tierMs) },
    });
  }

  return { exchanges, queues, bindings };
}

export type TopologyChannel = Pick<Channel, 'assertExchange' | 'assertQueue' | 'bindQueue'>;

/** Idempotent: asserting what exists with the same arguments is a no-op for the broker. */
export async function declareMessagingTopology(
  channel: TopologyChannel,
  topology: MessagingTopology = buildMessagingTopology(),
): Promise<void> {
  for (const exchange of topology.exchanges) {
    await channel.assertExchange(exchange.name, exchange.type, { durable: true });
  }
  for (const queue of topology.queues) {
    await channel.assertQueue(queue.name, { durable: true, arguments: { ...queue.arguments } });
  }
  for (const binding of topology.bindings) {
    await channel.bindQueue(binding.queue, binding.exchange, binding.pattern, binding.arguments);
  }
}
