import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PermanentError,
  PublishNotConfirmedError,
  RetryableError,
} from '@switchboard/backend-util-messaging';
import {
  EXCHANGES,
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  type Envelope,
  type GenesysCorrelation,
  type TenantLookup,
} from '@switchboard/shared-contracts';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import { deliveryEnvelope, messageDelivery, type Customer } from '../../testing/deliveries.fixture';
import type { GenesysAnswer } from '../genesys/genesys-answer.util';
import type { GenesysCall } from '../genesys/genesys-api.client';
import { GenesysMetrics } from '../metrics/genesys-metrics';
import { AcceptedMessages } from './accepted-messages.store';
import { CorrelationPublisher } from './correlation.publisher';
import { GenesysDeliveryService } from './genesys-delivery.service';
import { IntegrationRoutes } from './integration-routes';

const SAMPLE_ANSWER = readFileSync(
  path.join(__dirname, '../../testing/samples/genesys-inbound-response.json'),
  'utf8',
);

const CUSTOMER: Customer = {
  integrationId: '5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f',
  phoneNumberId: '109876543210987',
  customerWaId: '15551234567',
};

const LOOKUP: TenantLookup = {
  tenantId: 'tenant-a',
  tenantStatus: 'active',
  numberId: 'number-1',
  phoneNumberId: CUSTOMER.phoneNumberId,
  displayNumber: null,
  wabaId: 'waba-1',
  throughputTier: 80,
  integrationId: CUSTOMER.integrationId,
  genesysRegion: 'eu-west-1',
};

/** The two Redis commands AcceptedMessages uses, in memory. */
function inMemoryRedis(): Redis {
  const values = new Map<string, string>();
  return {
    get: async (key: string) => values.get(key) ?? null,
    set: async (key: string, value: string) => {
      values.set(key, value);
      return 'OK';
    },
  } as unknown as Redis;
}

describe(GenesysDeliveryService.name, () => {
  let calls: GenesysCall[];
  let published: Envelope<GenesysCorrelation>[];
  let unconfirmedPublishes: number;
  let answerBody: string;
  let sut: GenesysDeliveryService;

  beforeEach(() => {
    calls = [];
    published = [];
    unconfirmedPublishes = 0;
    answerBody = SAMPLE_ANSWER;
    const genesys = {
      send: async (call: GenesysCall): Promise<GenesysAnswer> => {
        calls.push(call);
        return { status: 200, headers: {}, body: answerBody };
      },
    };
    const publisher = {
      publish: async (routingKey: string, envelope: Envelope) => {
        if (unconfirmedPublishes > 0) {
          unconfirmedPublishes -= 1;
          throw new PublishNotConfirmedError('timeout', { exchange: EXCHANGES.PIPELINE, routingKey });
        }
        expect(routingKey).toBe(ROUTING_KEYS.GENESYS_CORRELATION);
        published.push(envelope as Envelope<GenesysCorrelation>);
      },
    };
    sut = new GenesysDeliveryService(
      new IntegrationRoutes({ byIntegrationId: async () => LOOKUP }),
      genesys,
      new AcceptedMessages(inMemoryRedis(), 86_400),
      new CorrelationPublisher(publisher, [1]),
      new GenesysMetrics(new Registry()),
    );
  });

  it('sends a message to its region and publishes the correlation as a child of the delivery', async () => {
    const delivery = deliveryEnvelope('tenant-a', messageDelivery(CUSTOMER, 'Hi'));

    await sut.deliver(delivery);

    expect(calls).toEqual([
      {
        kind: 'message',
        tenantId: 'tenant-a',
        integrationId: CUSTOMER.integrationId,
        region: 'eu-west-1',
        body: delivery.payload.body,
      },
    ]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      tenantId: 'tenant-a',
      correlationId: delivery.correlationId,
      type: PIPELINE_MESSAGE_TYPES.GENESYS_CORRELATION,
      payload: {
        genesysMessageId: '0f9e8d7c6b5a49382716a5b4c3d2e1f0',
        conversationId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      },
    });
  });

  it('does not send the message to Genesys again when only its correlation failed: the retry publishes it', async () => {
    const delivery = deliveryEnvelope('tenant-a', messageDelivery(CUSTOMER, 'Hi'));
    unconfirmedPublishes = 2;

    const failure = await sut.deliver(delivery).catch((error: unknown) => error);
    await sut.deliver({ ...delivery, attempt: 1 });

    expect(failure).toBeInstanceOf(RetryableError);
    expect((failure as Error).message).toMatch(
      /Genesys accepted WhatsApp message .* but its correlation was not confirmed/,
    );
    expect(calls).toHaveLength(1);
    expect(published).toHaveLength(1);
    expect(published[0]?.payload.genesysMessageId).toBe('0f9e8d7c6b5a49382716a5b4c3d2e1f0');
  });

  it('publishes again after an unconfirmed publish without failing the delivery', async () => {
    unconfirmedPublishes = 1;

    await sut.deliver(deliveryEnvelope('tenant-a', messageDelivery(CUSTOMER, 'Hi')));

    expect(published).toHaveLength(1);
  });

  it('dead-letters a 2xx answer without conversationId and never sends that message again', async () => {
    const { conversationId: _dropped, ...withoutConversation } = JSON.parse(SAMPLE_ANSWER) as Record<
      string,
      unknown
    >;
    answerBody = JSON.stringify(withoutConversation);
    const delivery = deliveryEnvelope('tenant-a', messageDelivery(CUSTOMER, 'Hi'));

    const first = await sut.deliver(delivery).catch((error: unknown) => error);
    answerBody = SAMPLE_ANSWER;
    const replayed = await sut.deliver({ ...delivery, attempt: 0 }).catch((error: unknown) => error);

    expect(first).toBeInstanceOf(PermanentError);
    expect(replayed).toBeInstanceOf(PermanentError);
    expect((replayed as Error).message).toMatch(/answered unreadably .*not sent again/);
    expect(calls).toHaveLength(1);
    expect(published).toHaveLength(0);
  });
});
