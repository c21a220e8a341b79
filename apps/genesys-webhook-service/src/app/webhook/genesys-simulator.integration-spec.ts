import { genesysOutboundEventSchema, PIPELINE_MESSAGE_TYPES } from '@switchboard/shared-contracts';
import {
  startGenesysSimulator,
  type GenesysSimulatorProcess,
  type SentNotification,
  type SimulatedDelivery,
} from '../../testing/genesys-simulator-process.util';
import { outboundBody } from '../../testing/samples.util';
import { WebhookServiceHarness, type TestIntegration } from '../../testing/webhook-service-harness.util';

const CUSTOMER = '15557654321';
// A 1×1 PNG.
const PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/**
 * The real Genesys simulator (a child process) POSTs signed outbound webhooks to the service, as
 * Genesys does: its own signing, retries on 503 (here 100 ms apart) and redeliveries.
 */
describe('genesys-webhook-service driven by the Genesys simulator', () => {
  let harness: WebhookServiceHarness;
  let simulator: GenesysSimulatorProcess;
  let integration: TestIntegration;

  beforeAll(async () => {
    [harness, simulator] = await Promise.all([
      WebhookServiceHarness.start('genesys-webhook-sim'),
      startGenesysSimulator({ WEBHOOK_RETRY_DELAY_MS: '100', WEBHOOK_TIMEOUT_MS: '10000' }),
    ]);
    integration = harness.integration();
    await simulator.control('POST', '/control/integrations', {
      id: integration.integrationId,
      name: 'WA Support Integration',
      outboundNotificationWebhookUrl: harness.webhookUrl(integration.integrationId),
      outboundNotificationWebhookSignatureSecretToken: integration.secret,
    });
  });

  afterEach(async () => {
    harness.tenants.down = false;
    await harness.drain();
  });

  afterAll(async () => {
    await simulator?.stop();
    await harness?.stop();
  });

  const send = (path: string, body: Record<string, unknown>) =>
    simulator.control<SentNotification>('POST', `/control/outbound/${path}?wait=true`, {
      integrationId: integration.integrationId,
      customerId: CUSTOMER,
      ...body,
    });

  const statuses = (delivery: SimulatedDelivery) => delivery.attempts.map((attempt) => attempt.statusCode);

  it('publishes an agent’s text message as one envelope with the simulator’s exact webhook', async () => {
    const sent = await send('messages', { text: 'Hello from the agent' });

    expect(sent.delivery.status).toBe('delivered');
    const [received, ...more] = await harness.drain();
    expect(more).toEqual([]);
    expect(received!.envelope).toMatchObject({
      tenantId: integration.tenantId,
      type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
    });
    expect(genesysOutboundEventSchema.parse(received!.envelope.payload)).toEqual({
      kind: 'message',
      integrationId: integration.integrationId,
      genesysMessageId: sent.messageId,
      customerId: CUSTOMER,
      conversationId: sent.payload['conversationId'],
      receivedAt: expect.any(String),
      webhook: sent.payload,
    });
  });

  it('publishes a message redelivered 3 times at once only once, every copy answered 2xx', async () => {
    const sent = await send('messages', { text: 'Only once, please' });

    const { deliveries } = await simulator.control<{ deliveries: SimulatedDelivery[] }>(
      'POST',
      `/control/deliveries/${sent.delivery.id}/redeliver?wait=true`,
      { count: 3 },
    );

    expect(deliveries.map((delivery) => delivery.status)).toEqual(['delivered', 'delivered', 'delivered']);
    const received = await harness.drain();
    expect(received.map(({ envelope }) => envelope.payload.genesysMessageId)).toEqual([sent.messageId]);
  });

  it('publishes once when the first delivery and 3 redeliveries all race after tenant-service comes back', async () => {
    harness.tenants.down = true;
    const newcomer = harness.integration();
    await simulator.control('POST', '/control/integrations', {
      id: newcomer.integrationId,
      name: 'Newcomer Integration',
      outboundNotificationWebhookUrl: harness.webhookUrl(newcomer.integrationId),
      outboundNotificationWebhookSignatureSecretToken: newcomer.secret,
    });
    const first = await simulator.control<SentNotification>('POST', '/control/outbound/messages', {
      integrationId: newcomer.integrationId,
      customerId: CUSTOMER,
      text: 'Racing copies',
    });
    const copies = await simulator.control<{ deliveries: SimulatedDelivery[] }>(
      'POST',
      `/control/deliveries/${first.delivery.id}/redeliver`,
      { count: 3 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    harness.tenants.down = false;
    const ended = await Promise.all(
      [first.delivery, ...copies.deliveries].map((delivery) => waitForDelivery(simulator, delivery.id)),
    );

    expect(ended.map((delivery) => delivery.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect(ended.every((delivery) => statuses(delivery).includes(503))).toBe(true);
    const received = await harness.drain();
    expect(received.map(({ envelope }) => envelope.payload.genesysMessageId)).toEqual([first.messageId]);
  });

  it('publishes an attachment message with the simulator’s download URL', async () => {
    const sent = await send('messages', {
      attachments: [{ mime: 'image/png', filename: 'pixel.png', dataBase64: PIXEL_PNG }],
    });

    expect(sent.delivery.status).toBe('delivered');
    const [received] = await harness.drain();
    const content = (received!.envelope.payload.webhook as { content: { attachment: { url: string } }[] })
      .content;
    expect(content[0]!.attachment.url).toMatch(new RegExp(`^${simulator.baseUrl}/api/v2/downloads/`));
  });

  it('publishes a quick reply (Structured) as a message', async () => {
    await send('structured', { text: 'Did that help?', quickReplies: [{ text: 'Yes' }, { text: 'No' }] });

    const received = await harness.drain();
    expect(
      received.map(({ envelope }) => [envelope.type, (envelope.payload.webhook as { type: string }).type]),
    ).toEqual([[PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE, 'Structured']]);
  });

  it('publishes a typing event as kind typing', async () => {
    const sent = await send('typing', { durationMs: 3000 });

    expect(sent.delivery.status).toBe('delivered');
    const received = await harness.drain();
    expect(received.map(({ envelope }) => [envelope.type, envelope.payload.kind])).toEqual([
      [PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING, 'typing'],
    ]);
  });

  it('publishes receipts as kind receipt, each status of a message once', async () => {
    const message = await send('messages', { text: 'Receipts follow' });
    await harness.drain();
    const receipt = (status: string) =>
      simulator.control<SentNotification>('POST', '/control/outbound/receipts?wait=true', {
        integrationId: integration.integrationId,
        messageId: message.messageId,
        status,
      });

    await receipt('Delivered');
    await receipt('Delivered');
    await receipt('Read');

    const received = await harness.drain();
    expect(
      received.map(({ envelope }) => [
        envelope.payload.kind,
        envelope.payload.genesysMessageId,
        (envelope.payload.webhook as { status: string }).status,
      ]),
    ).toEqual([
      ['receipt', message.messageId, 'Delivered'],
      ['receipt', message.messageId, 'Read'],
    ]);
  });

  it.each(['wrong-secret', 'hex', 'none'])(
    'refuses a webhook signed %s with 401 (Genesys does not retry it) and publishes nothing',
    async (signatureMode) => {
      const sent = await send('messages', { text: 'Forged', signatureMode });

      expect(sent.delivery.status).toBe('failed');
      expect(statuses(sent.delivery)).toEqual([401]);
      expect(await harness.messageCount()).toBe(0);
    },
  );

  it('does not publish an echo of an Inbound message', async () => {
    const echo = outboundBody('genesys-outbound-text.json', integration.integrationId);
    echo.direction = 'Inbound';

    const sent = await simulator.control<SentNotification>('POST', '/control/outbound/raw?wait=true', {
      integrationId: integration.integrationId,
      body: echo,
    });

    expect(sent.delivery.status).toBe('delivered');
    expect(sent.delivery.attempts[0]).toMatchObject({ statusCode: 200 });
    expect(await harness.messageCount()).toBe(0);
  });
});

async function waitForDelivery(simulator: GenesysSimulatorProcess, id: string): Promise<SimulatedDelivery> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const deliveries = await simulator.control<SimulatedDelivery[]>('GET', '/control/deliveries');
    const delivery = deliveries.find((candidate) => candidate.id === id);
    if (delivery && delivery.status !== 'pending') return delivery;
    if (Date.now() > deadline) throw new Error(`delivery ${id} still pending`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
