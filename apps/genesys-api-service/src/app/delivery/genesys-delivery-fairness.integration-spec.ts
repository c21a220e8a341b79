import type { Envelope, GenesysCorrelation } from '@switchboard/shared-contracts';
import { messageDelivery } from '../../testing/deliveries.fixture';
import {
  GenesysApiServiceHarness,
  waitFor,
  type TestTenant,
} from '../../testing/genesys-api-service-harness.util';
import { GenesysDeliveryConsumer } from './genesys-delivery.consumer';

const SLOW_ANSWER_MS = 1_500;

describe(`${GenesysDeliveryConsumer.name}: tenants side by side, customers in order`, () => {
  let harness: GenesysApiServiceHarness;
  let slowTenant: TestTenant;
  let otherTenant: TestTenant;

  beforeAll(async () => {
    harness = await GenesysApiServiceHarness.start('fairness', {
      GENESYS_MAX_CONCURRENT_PER_TENANT: '2',
      CONSUMER_CONCURRENCY: '16',
    });
    slowTenant = await harness.addTenant('eu-west-1');
    otherTenant = await harness.addTenant('eu-west-1');
  });

  afterEach(async () => {
    await harness.simulator.clearFaults();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const correlationsOf = (correlations: Envelope<GenesysCorrelation>[], tenant: TestTenant) =>
    correlations.filter((correlation) => correlation.tenantId === tenant.tenantId);

  it('completes another tenant’s messages while a slow tenant’s wait, and runs the slow one 2 at a time', async () => {
    await harness.simulator.addFault({
      integrationId: slowTenant.integration.integrationId,
      kind: 'delay',
      delayMs: SLOW_ANSWER_MS,
    });
    for (let n = 0; n < 4; n += 1) {
      await harness.deliver(slowTenant.tenantId, messageDelivery(slowTenant.customer(), `slow ${n}`));
    }
    for (let n = 0; n < 3; n += 1) {
      await harness.deliver(otherTenant.tenantId, messageDelivery(otherTenant.customer(), `other ${n}`));
    }

    const correlations: Envelope<GenesysCorrelation>[] = [];
    while (correlationsOf(correlations, otherTenant).length < 3)
      correlations.push(await harness.nextCorrelation());

    expect(correlationsOf(correlations, slowTenant)).toEqual([]);
    expect(
      await harness.simulator.inbound({
        integrationId: slowTenant.integration.integrationId,
        kind: 'message',
      }),
    ).toEqual([]);

    while (correlationsOf(correlations, slowTenant).length < 4)
      correlations.push(await harness.nextCorrelation());
    const slowRecords = await harness.simulator.inbound({
      integrationId: slowTenant.integration.integrationId,
      kind: 'message',
    });
    const answeredAt = slowRecords.map((record) => Date.parse(record.receivedAt)).sort((a, b) => a - b);
    expect(slowRecords.every((record) => record.accepted)).toBe(true);
    // Two calls at a time: the second pair only went out once the first pair was answered.
    expect(answeredAt[2]! - answeredAt[1]!).toBeGreaterThanOrEqual(SLOW_ANSWER_MS - 500);
  });

  it('delivers 50 messages of one customer to Genesys in order, a failed first attempt included', async () => {
    const customer = otherTenant.customer();
    await harness.simulator.addFault({
      integrationId: otherTenant.integration.integrationId,
      kind: 'server-error',
      status: 503,
      count: 1,
    });
    const texts = Array.from({ length: 50 }, (_, n) => `message ${n}`);

    for (const text of texts) await harness.deliver(otherTenant.tenantId, messageDelivery(customer, text));

    const received = await waitFor(async () => {
      const records = await harness.simulator.inbound({ customerId: customer.customerWaId, kind: 'message' });
      return records.length >= texts.length ? records : undefined;
    }, 'all 50 messages at Genesys');
    expect(received.map((record) => (record.body as { text: string }).text)).toEqual(texts);
    expect(received.every((record) => record.accepted)).toBe(true);
    for (let n = 0; n < texts.length; n += 1) await harness.nextCorrelation();
    expect(await harness.deadLetterCount()).toBe(0);
  });
});
