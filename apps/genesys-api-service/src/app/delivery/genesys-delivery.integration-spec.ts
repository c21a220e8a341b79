import { PIPELINE_MESSAGE_TYPES } from '@switchboard/shared-contracts';
import { messageDelivery, receiptDelivery, typingDelivery } from '../../testing/deliveries.fixture';
import {
  GenesysApiServiceHarness,
  waitFor,
  type TestTenant,
} from '../../testing/genesys-api-service-harness.util';
import { GenesysDeliveryConsumer } from './genesys-delivery.consumer';

describe(GenesysDeliveryConsumer.name, () => {
  let harness: GenesysApiServiceHarness;
  let tenantA: TestTenant;
  let tenantB: TestTenant;

  beforeAll(async () => {
    harness = await GenesysApiServiceHarness.start('delivery');
    tenantA = await harness.addTenant('eu-west-1');
    tenantB = await harness.addTenant('us-east-1');
  });

  afterEach(async () => {
    await harness.simulator.clearFaults();
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** The one accepted inbound record of a WhatsApp message at the simulator, once it is there. */
  const acceptedAtGenesys = (wamid: string) =>
    waitFor(async () => {
      const records = await harness.simulator.inbound({ messageId: wamid, kind: 'message' });
      return records.some((record) => record.accepted)
        ? records.filter((record) => record.accepted)
        : undefined;
    }, `Genesys to accept ${wamid}`);

  it('delivers a message and publishes its correlation: id is the Genesys message, conversationId the conversation', async () => {
    const delivery = messageDelivery(tenantA.customer(), 'Hi, I need help with my order');

    const sent = await harness.deliver(tenantA.tenantId, delivery);
    const correlation = await harness.nextCorrelation();
    const [record] = await acceptedAtGenesys(delivery.whatsappMessageId);

    expect(record?.body).toEqual(delivery.body);
    expect(record?.integrationId).toBe(delivery.integrationId);
    expect(correlation).toMatchObject({
      tenantId: tenantA.tenantId,
      correlationId: sent.correlationId,
      type: PIPELINE_MESSAGE_TYPES.GENESYS_CORRELATION,
    });
    expect(correlation.payload).toEqual({
      integrationId: delivery.integrationId,
      phoneNumberId: delivery.phoneNumberId,
      customerWaId: delivery.customerWaId,
      customerName: 'Jane Example',
      whatsappMessageId: delivery.whatsappMessageId,
      genesysMessageId: record?.genesysMessageId,
      conversationId: record?.conversationId,
      messageTime: delivery.messageTime,
      acceptedAt: expect.any(String),
    });
    const answer = record?.response as { id: string; conversationId: string; channel: { id: string } };
    expect(correlation.payload.genesysMessageId).toBe(answer.id);
    expect(correlation.payload.conversationId).toBe(answer.conversationId);
    expect(correlation.payload.genesysMessageId).not.toBe(correlation.payload.conversationId);
    expect(correlation.payload.conversationId).not.toBe(answer.channel.id);
  });

  it('sends receipts and typing events to their endpoints, without a correlation', async () => {
    const customer = tenantA.customer();
    const receipt = receiptDelivery(customer, 'a1b2c3d4e5f60718293a4b5c6d7e8f90', 'Failed');
    const typing = typingDelivery(customer);
    const message = messageDelivery(customer, 'after the receipt and the typing event');

    await harness.deliver(tenantA.tenantId, receipt);
    await harness.deliver(tenantA.tenantId, typing);
    await harness.deliver(tenantA.tenantId, message);
    // One customer's deliveries are handled in order: the message's correlation comes last.
    const correlation = await harness.nextCorrelation();

    expect(correlation.payload.whatsappMessageId).toBe(message.whatsappMessageId);
    expect(await harness.pendingCorrelations()).toBe(0);
    const records = await harness.simulator.inbound({ customerId: customer.customerWaId });
    expect(records.map((record) => [record.kind, record.accepted])).toEqual([
      ['receipt', true],
      ['event', true],
      ['message', true],
    ]);
    expect(records[0]?.body).toEqual(receipt.body);
    expect(records[1]?.body).toEqual(typing.body);
  });

  it('waits out a 429 with Retry-After 1 and delivers then, without dead-lettering', async () => {
    await harness.simulator.addFault({
      integrationId: tenantA.integration.integrationId,
      kind: 'rate-limit',
      retryAfterSeconds: 1,
      count: 1,
    });
    const delivery = messageDelivery(tenantA.customer(), 'rate limited once');
    const started = Date.now();

    await harness.deliver(tenantA.tenantId, delivery);
    const correlation = await harness.nextCorrelation();

    expect(correlation.payload.whatsappMessageId).toBe(delivery.whatsappMessageId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await acceptedAtGenesys(delivery.whatsappMessageId)).toHaveLength(1);
    expect(await harness.deadLetterCount()).toBe(0);
    expect(await harness.metric('switchboard_genesys_rate_limited_total', { tenant: tenantA.tenantId })).toBe(
      1,
    );
  });

  it('renews the token after a 401 and delivers at once', async () => {
    const tenant = await harness.addTenant('eu-west-1');
    await harness.deliver(tenant.tenantId, messageDelivery(tenant.customer(), 'first, with a fresh token'));
    await harness.nextCorrelation();
    await harness.simulator.control('POST', '/control/tokens/revoke', {
      clientId: tenant.integration.clientId,
    });
    const delivery = messageDelivery(tenant.customer(), 'second, with the revoked token at first');

    await harness.deliver(tenant.tenantId, delivery);
    const correlation = await harness.nextCorrelation();

    expect(correlation.payload.whatsappMessageId).toBe(delivery.whatsappMessageId);
    expect(harness.platform.invalidations(tenant.integration.integrationId)).toBe(1);
    expect(await harness.deadLetterCount()).toBe(0);
  });

  it('dead-letters with the credentials named as the reason when a renewed token gets a 401 too', async () => {
    const tenant = await harness.addTenant('eu-west-1');
    harness.platform.breakCredentials(tenant.integration.integrationId);
    const delivery = messageDelivery(tenant.customer(), 'never accepted');

    const sent = await harness.deliver(tenant.tenantId, delivery);
    const deadLetter = await harness.nextDeadLetter();

    expect(deadLetter.envelope.id).toBe(sent.id);
    expect(deadLetter.reason).toMatch(
      new RegExp(
        `^GenesysCredentialsRejectedError: Genesys rejected the credentials of integration ${tenant.integration.integrationId}: 401 with a renewed token too`,
      ),
    );
    expect(harness.platform.invalidations(tenant.integration.integrationId)).toBe(1);
    expect(await harness.simulator.requestsTo(tenant.integration.integrationId)).toBe(2);
    expect(await harness.metric('switchboard_genesys_auth_failures_total', { tenant: tenant.tenantId })).toBe(
      1,
    );
  });

  it('dead-letters after the configured attempts when Genesys keeps answering 500, with the reason', async () => {
    const tenant = await harness.addTenant('ap-south-1');
    await harness.simulator.addFault({
      integrationId: tenant.integration.integrationId,
      kind: 'server-error',
      status: 500,
    });

    await harness.deliver(tenant.tenantId, messageDelivery(tenant.customer(), 'Genesys is down'));
    const deadLetter = await harness.nextDeadLetter();

    expect(deadLetter.reason).toMatch(
      /^GenesysUnavailableError: Genesys answered 500 to the message for integration .+ \(gave up after 3 attempts\)$/,
    );
    expect(deadLetter.attempt).toBe(2);
    expect(await harness.simulator.requestsTo(tenant.integration.integrationId)).toBe(3);
  });

  it('refuses for good a delivery for another tenant’s integration, and sends nothing', async () => {
    const delivery = messageDelivery(tenantB.customer(), 'routed to the wrong tenant');

    await harness.deliver(tenantA.tenantId, delivery);
    const deadLetter = await harness.nextDeadLetter();

    expect(deadLetter.reason).toBe(
      `UndeliverableError: integration ${tenantB.integration.integrationId} does not belong to tenant ${tenantA.tenantId}: cross-tenant delivery refused`,
    );
    expect(await harness.simulator.inbound({ messageId: delivery.whatsappMessageId })).toEqual([]);
  });

  it('refuses for good a message body Genesys would not accept, naming the problem', async () => {
    const delivery = messageDelivery(tenantA.customer(), 'no text in the end');
    delete (delivery.body as { text?: string }).text;

    await harness.deliver(tenantA.tenantId, delivery);
    const deadLetter = await harness.nextDeadLetter();

    expect(deadLetter.reason).toMatch(/^UndeliverableError: invalid Genesys message body: /);
    expect(await harness.simulator.inbound({ messageId: delivery.whatsappMessageId })).toEqual([]);
  });

  it('sends a WhatsApp message to Genesys once when it is delivered twice, and repeats its correlation', async () => {
    const delivery = messageDelivery(tenantA.customer(), 'delivered twice by the pipeline');

    await harness.deliver(tenantA.tenantId, delivery);
    await harness.deliver(tenantA.tenantId, delivery);
    const first = await harness.nextCorrelation();
    const second = await harness.nextCorrelation();

    expect(await acceptedAtGenesys(delivery.whatsappMessageId)).toHaveLength(1);
    expect(second.payload).toEqual(first.payload);
  });
});
