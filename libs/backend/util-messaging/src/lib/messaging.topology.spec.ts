import { EXCHANGES, QUEUES, ROUTING_KEYS, WORK_QUEUES } from '@switchboard/shared-contracts';
import { DELAY_EXCHANGE, DELAY_TIERS_MS, delayQueueName } from './delay-tier.util';
import {
  WORK_QUEUE_DELIVERY_LIMIT,
  buildMessagingTopology,
  deadLetterQueueName,
  declareMessagingTopology,
  type TopologyChannel,
} from './messaging.topology';

describe(buildMessagingTopology.name, () => {
  const sut = buildMessagingTopology();
  const queue = (name: string) => sut.queues.find((q) => q.name === name);

  it('declares the pipeline, retry-return, dead-letter and delay exchanges', () => {
    expect(sut.exchanges).toEqual([
      { name: EXCHANGES.PIPELINE, type: 'topic' },
      { name: EXCHANGES.RETRY_RETURN, type: 'direct' },
      { name: EXCHANGES.DEAD_LETTER, type: 'direct' },
      { name: DELAY_EXCHANGE, type: 'headers' },
    ]);
  });

  it('makes every work queue a quorum queue bound by its routing keys and, for retries, by its name', () => {
    for (const definition of WORK_QUEUES) {
      expect(queue(definition.queue)?.arguments['x-queue-type']).toBe('quorum');
      for (const key of definition.bindings) {
        expect(sut.bindings).toContainEqual({
          queue: definition.queue,
          exchange: EXCHANGES.PIPELINE,
          pattern: key,
        });
      }
      expect(sut.bindings).toContainEqual({
        queue: definition.queue,
        exchange: EXCHANGES.RETRY_RETURN,
        pattern: definition.queue,
      });
    }
  });

  it('gives exactly the ordered work queues a single active consumer', () => {
    const singleActive = sut.queues
      .filter((q) => q.arguments['x-single-active-consumer'] === true)
      .map((q) => q.name);

    expect(singleActive).toEqual([
      QUEUES.INBOUND_RAW,
      QUEUES.GENESYS_DELIVERY,
      QUEUES.OUTBOUND_RAW,
      QUEUES.WHATSAPP_DELIVERY,
    ]);
  });

  it('feeds the receipts and the portal from the delivery-outcome routing key', () => {
    const bound = sut.bindings
      .filter((b) => b.pattern === ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME)
      .map((b) => b.queue);
    expect(bound).toEqual([QUEUES.DELIVERY_OUTCOME_RECEIPTS, QUEUES.PORTAL_EVENTS]);
  });

  it('gives a dead-lettering work queue a DLQ, a delivery limit and broker-side dead-lettering into it', () => {
    expect(queue(QUEUES.GENESYS_DELIVERY)?.arguments).toMatchObject({
      'x-delivery-limit': WORK_QUEUE_DELIVERY_LIMIT,
      'x-dead-letter-exchange': EXCHANGES.DEAD_LETTER,
      'x-dead-letter-routing-key': QUEUES.GENESYS_DELIVERY,
    });
    const dlq = deadLetterQueueName(QUEUES.GENESYS_DELIVERY);
    expect(dlq).toBe('genesys-api-service.genesys-delivery.dlq');
    expect(queue(dlq)?.arguments).toEqual({});
    expect(sut.bindings).toContainEqual({
      queue: dlq,
      exchange: EXCHANGES.DEAD_LETTER,
      pattern: QUEUES.GENESYS_DELIVERY,
    });
  });

  it('gives a parking queue neither a DLQ nor a delivery limit, which would drop messages', () => {
    expect(queue(QUEUES.INBOUND_UNROUTABLE)?.arguments).toEqual({ 'x-queue-type': 'quorum' });
    expect(queue(`${QUEUES.INBOUND_UNROUTABLE}.dlq`)).toBeUndefined();
  });

  it('declares one TTL queue per delay tier that dead-letters back through retry-return', () => {
    for (const tierMs of DELAY_TIERS_MS) {
      expect(queue(delayQueueName(tierMs))?.arguments).toEqual({
        'x-message-ttl': tierMs,
        'x-dead-letter-exchange': EXCHANGES.RETRY_RETURN,
      });
    }
  });
});

describe(declareMessagingTopology.name, () => {
  it('asserts every exchange and queue as durable and every binding', async () => {
    const calls: string[] = [];
    const channel: TopologyChannel = {
      assertExchange: jest.fn(async (name: string, _type: string, options?: { durable?: boolean }) => {
        calls.push(`exchange ${name} durable=${options?.durable}`);
        return { exchange: name };
      }),
      assertQueue: jest.fn(async (name: string, options?: { durable?: boolean }) => {
        calls.push(`queue ${name} durable=${options?.durable}`);
        return { queue: name, messageCount: 0, consumerCount: 0 };
      }),
      bindQueue: jest.fn(async () => ({})),
    };
    const topology = buildMessagingTopology();

    await declareMessagingTopology(channel, topology);

    expect(calls).toHaveLength(topology.exchanges.length + topology.queues.length);
    expect(calls.every((call) => call.endsWith('durable=true'))).toBe(true);
    expect(channel.bindQueue).toHaveBeenCalledTimes(topology.bindings.length);
  });
});
