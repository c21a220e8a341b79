import { PIPELINE_MESSAGE_TYPES, type WhatsAppDeliveryOutcome } from '@switchboard/shared-contracts';
import {
  imagePart,
  messageDelivery,
  pngBytes,
  textPart,
  typingDelivery,
} from '../../testing/deliveries.fixture';
import {
  WhatsAppApiServiceHarness,
  waitFor,
  type TestTenant,
} from '../../testing/whatsapp-api-service-harness.util';
import { WhatsAppDeliveryConsumer } from './whatsapp-delivery.consumer';

describe(WhatsAppDeliveryConsumer.name, () => {
  let harness: WhatsAppApiServiceHarness;
  let tenantA: TestTenant;
  let tenantB: TestTenant;

  beforeAll(async () => {
    harness = await WhatsAppApiServiceHarness.start('delivery');
    tenantA = await harness.addTenant();
    tenantB = await harness.addTenant();
  });

  afterEach(async () => {
    await harness.simulator.clearFaults();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const sentIds = (outcome: WhatsAppDeliveryOutcome) => outcome.whatsappMessageIds;

  it('sends a text to the customer’s wa_id from the tenant’s number; the sent outcome and state-manager carry the wamid', async () => {
    const customer = tenantA.customer();
    const delivery = messageDelivery(customer, [textPart(customer, 'Hello, your order has shipped')]);

    const sent = await harness.deliver(tenantA.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    const sends = await harness.simulator.sends({ to: customer.customerWaId });
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({
      kind: 'message',
      phoneNumberId: tenantA.phoneNumberId,
      waId: customer.customerWaId,
      type: 'text',
      payload: delivery.parts[0]?.request,
    });
    expect(outcome).toMatchObject({
      tenantId: tenantA.tenantId,
      correlationId: sent.correlationId,
      type: PIPELINE_MESSAGE_TYPES.WHATSAPP_DELIVERY_OUTCOME,
    });
    expect(outcome.payload).toEqual({
      outcome: 'sent',
      integrationId: delivery.integrationId,
      phoneNumberId: tenantA.phoneNumberId,
      customerWaId: customer.customerWaId,
      genesysMessageId: delivery.genesysMessageId,
      conversationId: delivery.conversationId,
      at: expect.any(String),
      whatsappMessageIds: [sends[0]?.wamid],
    });
    const record = harness.platform.records.find(
      (r) => r.request.genesysMessageId === delivery.genesysMessageId,
    );
    expect(record).toEqual({
      tenantId: tenantA.tenantId,
      request: {
        direction: 'outbound',
        whatsappMessageId: sends[0]?.wamid,
        genesysMessageId: delivery.genesysMessageId,
        conversationId: delivery.conversationId,
        integrationId: delivery.integrationId,
        phoneNumberId: tenantA.phoneNumberId,
        customerWaId: customer.customerWaId,
        at: expect.any(String),
        part: { index: 0, count: 1 },
      },
    });
    expect(harness.platform.refusedCalls()).toBe(0);
  });

  it('uploads a media part and sends it by id, and reuses the id for the same file', async () => {
    const customer = tenantA.customer();
    const media = await harness.storeMedia(tenantA.tenantId, pngBytes(), 'image/png');
    const first = messageDelivery(customer, [imagePart(customer, media, 'Your receipt')]);
    const again = messageDelivery(customer, [imagePart(customer, media)]);

    await harness.deliver(tenantA.tenantId, first);
    await harness.deliver(tenantA.tenantId, again);
    const firstOutcome = await harness.outcomeOf(first.genesysMessageId);
    const againOutcome = await harness.outcomeOf(again.genesysMessageId);

    const uploads = (await harness.simulator.media(tenantA.phoneNumberId)).filter(
      (m) => m.sha256Hex === media.sha256,
    );
    expect(uploads).toEqual([
      expect.objectContaining({ origin: 'upload', mimeType: 'image/png', fileSize: media.sizeBytes }),
    ]);
    const sends = await harness.simulator.sends({ to: customer.customerWaId });
    expect(sends.map((send) => send.payload['image'])).toEqual([
      { caption: 'Your receipt', id: uploads[0]?.id },
      { id: uploads[0]?.id },
    ]);
    expect([firstOutcome.payload.outcome, againOutcome.payload.outcome]).toEqual(['sent', 'sent']);
    expect(await harness.metric('switchboard_whatsapp_media_total', { source: 'cached' })).toBe(1);
  });

  it('sends three parts in order and records each with its index', async () => {
    const customer = tenantA.customer();
    const media = await harness.storeMedia(tenantA.tenantId, pngBytes(), 'image/png');
    const delivery = messageDelivery(customer, [
      textPart(customer, 'Here is the photo you asked for:'),
      imagePart(customer, media),
      textPart(customer, 'Anything else?'),
    ]);

    await harness.deliver(tenantA.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    const sends = await harness.simulator.sends({ to: customer.customerWaId });
    expect(sends.map((send) => send.type)).toEqual(['text', 'image', 'text']);
    expect(sentIds(outcome.payload)).toEqual(sends.map((send) => send.wamid));
    const records = harness.platform.records.filter(
      (r) => r.request.genesysMessageId === delivery.genesysMessageId,
    );
    expect(records.map((r) => [r.request.whatsappMessageId, r.request.part])).toEqual(
      sends.map((send, index) => [send.wamid, { index, count: 3 }]),
    );
  });

  it('sends only the missing parts of a message an earlier run half sent', async () => {
    const customer = tenantA.customer();
    const delivery = messageDelivery(customer, [
      textPart(customer, 'part one (sent before the crash)'),
      textPart(customer, 'part two'),
      textPart(customer, 'part three'),
    ]);
    await harness.recordSentPart(
      tenantA.tenantId,
      delivery.genesysMessageId,
      0,
      'wamid.SENT-BEFORE-THE-CRASH',
    );

    await harness.deliver(tenantA.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    const sends = await harness.simulator.sends({ to: customer.customerWaId });
    expect(sends.map((send) => (send.payload['text'] as { body: string }).body)).toEqual([
      'part two',
      'part three',
    ]);
    expect(sentIds(outcome.payload)).toEqual([
      'wamid.SENT-BEFORE-THE-CRASH',
      ...sends.map((send) => send.wamid),
    ]);
  });

  it('does not send a part again when a later part fails and the message is retried', async () => {
    const customer = tenantA.customer();
    const media = await harness.storeMedia(tenantA.tenantId, pngBytes(), 'image/png');
    const delivery = messageDelivery(customer, [
      textPart(customer, 'The document follows'),
      imagePart(customer, media),
    ]);
    const uploadFault = await harness.simulator.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'media',
      httpStatus: 503,
      count: 1,
    });

    await harness.deliver(tenantA.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    const sends = await harness.simulator.sends({ to: customer.customerWaId });
    expect(await uploadFault()).toBe(1);
    expect(sends.map((send) => send.type)).toEqual(['text', 'image']);
    expect(outcome.payload).toMatchObject({
      outcome: 'sent',
      whatsappMessageIds: sends.map((send) => send.wamid),
    });
    expect(await harness.metric('switchboard_whatsapp_parts_already_sent_total', {})).toBeGreaterThanOrEqual(
      1,
    );
  });

  it('fails 131047 at once: MessageExpired, a template required, no retry and no dead letter', async () => {
    const customer = tenantA.customer();
    const delivery = messageDelivery(customer, [textPart(customer, 'Are you still there?')]);
    const fault = await harness.simulator.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      errorCode: 131047,
      count: 1,
    });

    await harness.deliver(tenantA.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    expect(outcome.payload).toMatchObject({
      outcome: 'failed',
      whatsappMessageIds: [],
      failure: { stage: 'send', reason: 'MessageExpired', whatsappErrorCode: 131047, templateRequired: true },
    });
    expect(await fault()).toBe(1);
    expect(await harness.simulator.sends({ to: customer.customerWaId })).toEqual([]);
    expect(await harness.deadLetterCount()).toBe(0);
  });

  it('renews a revoked token after the 401 and sends: one sent outcome', async () => {
    const tenant = await harness.addTenant();
    const customer = tenant.customer();
    await harness.deliver(
      tenant.tenantId,
      messageDelivery(customer, [textPart(customer, 'with a fresh token')]),
    );
    await waitFor(
      async () => ((await harness.simulator.sends({ to: customer.customerWaId })).length ? true : undefined),
      'the first send',
    );
    await harness.simulator.revokeToken(await harness.platform.currentToken(tenant.phoneNumberId));
    const delivery = messageDelivery(customer, [textPart(customer, 'with the revoked token at first')]);

    await harness.deliver(tenant.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    expect(outcome.payload.outcome).toBe('sent');
    expect(harness.platform.invalidations(tenant.phoneNumberId)).toBe(1);
    expect(await harness.simulator.sends({ to: customer.customerWaId })).toHaveLength(2);
    expect(await harness.deadLetterCount()).toBe(0);
  });

  it('fails the message and raises the alert metric when a renewed token is refused too', async () => {
    const tenant = await harness.addTenant();
    harness.platform.breakCredentials(tenant.phoneNumberId);
    const customer = tenant.customer();
    const delivery = messageDelivery(customer, [textPart(customer, 'never accepted')]);

    await harness.deliver(tenant.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    expect(outcome.payload).toMatchObject({
      outcome: 'failed',
      failure: { reason: 'GeneralError', whatsappErrorCode: 190, templateRequired: false },
    });
    expect(harness.platform.invalidations(tenant.phoneNumberId)).toBe(1);
    expect(
      await harness.metric('switchboard_whatsapp_auth_failures_total', { tenant: tenant.tenantId }),
    ).toBe(1);
    expect(
      await harness.metric('switchboard_whatsapp_requests_total', {
        kind: 'message',
        outcome: 'unauthorized',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(await harness.deadLetterCount()).toBe(0);
  });

  it('dead-letters with the reason and tells the agent after exactly the configured attempts of 5xx', async () => {
    const tenant = await harness.addTenant();
    const customer = tenant.customer();
    const fault = await harness.simulator.addFault({
      phoneNumberId: tenant.phoneNumberId,
      endpoint: 'messages',
      httpStatus: 500,
    });
    const delivery = messageDelivery(customer, [textPart(customer, 'WhatsApp is down')]);

    const sent = await harness.deliver(tenant.tenantId, delivery);
    const deadLetter = await harness.nextDeadLetter();
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    expect(deadLetter.envelope.id).toBe(sent.id);
    expect(deadLetter.reason).toMatch(
      /^WhatsAppUnavailableError: WhatsApp could not take the message of phone number \d+ now \(HTTP 500, .+\) \(gave up after 3 attempts\)$/,
    );
    expect(deadLetter.attempt).toBe(2);
    expect(await fault()).toBe(3);
    expect(outcome.payload).toMatchObject({
      outcome: 'failed',
      failure: { reason: 'ServerError', templateRequired: false },
    });
  });

  it('paces the customer after 131056 and sends after the wait', async () => {
    const customer = tenantA.customer();
    const fault = await harness.simulator.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      errorCode: 131056,
      count: 1,
    });
    const delivery = messageDelivery(customer, [textPart(customer, 'one message too many')]);
    const started = Date.now();

    await harness.deliver(tenantA.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    expect(outcome.payload.outcome).toBe('sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await fault()).toBe(1);
    expect(await harness.simulator.sends({ to: customer.customerWaId })).toHaveLength(1);
    expect(await harness.redisKeys(`pair:${tenantA.tenantId}:*`)).toEqual([]);
    expect(await harness.deadLetterCount()).toBe(0);
  });

  it('shows the typing indicator without an outcome, and drops a failing one without a dead letter', async () => {
    const customer = tenantB.customer();
    const typing = typingDelivery(customer, 'wamid.CUSTOMER-LAST');
    await harness.deliver(tenantB.tenantId, typing);
    const shown = await waitFor(async () => {
      const sends = await harness.simulator.sends({
        phoneNumberId: tenantB.phoneNumberId,
        kind: 'typing_indicator',
      });
      return sends.length > 0 ? sends : undefined;
    }, 'the typing indicator');
    const fault = await harness.simulator.addFault({
      phoneNumberId: tenantB.phoneNumberId,
      endpoint: 'messages',
      httpStatus: 503,
      count: 5,
    });

    const failingTyping = typingDelivery(customer, 'wamid.CUSTOMER-NEXT');
    await harness.deliver(tenantB.tenantId, failingTyping);
    await waitFor(
      async () =>
        (await harness.metric('switchboard_whatsapp_typing_indicators_total', {
          result: 'dropped',
          reason: 'unavailable',
        })) === 1
          ? true
          : undefined,
      'the typing indicator to be dropped',
    );

    expect(shown[0]?.payload).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.CUSTOMER-LAST',
      typing_indicator: { type: 'text' },
    });
    expect(await fault()).toBe(2);
    expect(await harness.publishedOutcomesOf(typing.genesysMessageId)).toBe(0);
    expect(await harness.publishedOutcomesOf(failingTyping.genesysMessageId)).toBe(0);
    expect(await harness.deadLetterCount()).toBe(0);
  });

  it('refuses for good a delivery with another tenant’s number, and sends nothing', async () => {
    const customer = tenantB.customer();
    const delivery = messageDelivery(customer, [textPart(customer, 'routed to the wrong tenant')]);

    await harness.deliver(tenantA.tenantId, delivery);
    const deadLetter = await harness.nextDeadLetter();

    expect(deadLetter.reason).toBe(
      `UndeliverableError: phone number ${tenantB.phoneNumberId} does not belong to tenant ${tenantA.tenantId}: cross-tenant delivery refused`,
    );
    expect(await harness.simulator.sends({ to: customer.customerWaId })).toEqual([]);
  });

  it('tells the agent and dead-letters a body WhatsApp would refuse, sending none of its parts', async () => {
    const customer = tenantA.customer();
    const delivery = messageDelivery(customer, [textPart(customer, 'fine'), textPart(customer, '')]);

    await harness.deliver(tenantA.tenantId, delivery);
    const deadLetter = await harness.nextDeadLetter();
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);

    expect(deadLetter.reason).toMatch(/^InvalidSendRequestError: invalid WhatsApp send body: text\.body: /);
    expect(outcome.payload).toMatchObject({
      outcome: 'failed',
      failure: { reason: 'InvalidMessageStructure' },
    });
    expect(await harness.simulator.sends({ to: customer.customerWaId })).toEqual([]);
  });
});
