import type { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import { SERVICES } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import {
  correlationFor,
  isoAt,
  numberFixture,
  randomDigits,
  randomWamid,
  type NumberFixture,
} from '../../testing/fixtures.util';
import { TestIdentities } from '../../testing/identities.util';
import { StateManagerHarness, eventually } from '../../testing/state-manager-harness.util';
import { ConversationEntity } from '../conversations/conversation.entity';
import { CorrelationService } from '../correlation/correlation.service';
import { StateCache } from './state-cache.service';

describe(`${StateCache.name} with Redis down`, () => {
  let harness: StateManagerHarness;
  let number: NumberFixture;
  let client: StateManagerClient;

  beforeAll(async () => {
    harness = await StateManagerHarness.start({
      label: 'redis-down',
      identities: await TestIdentities.create(),
      // Nothing listens on port 1: every Redis command fails at once.
      env: { REDIS_URL: 'redis://127.0.0.1:1/0' },
    });
    number = numberFixture();
    client = harness.client(SERVICES.OUTBOUND_TRANSFORMER.name);
  });

  afterAll(() => harness.destroy());

  it('answers every read from PostgreSQL', async () => {
    const correlation = correlationFor(number, randomDigits());
    await harness.app.get(CorrelationService).apply(number.tenantId, correlation);

    const active = await client.activeConversation(
      number.tenantId,
      number.phoneNumberId,
      correlation.customerWaId,
    );
    const byId = await client.conversation(number.tenantId, correlation.conversationId);
    const byWamid = await client.messageByWhatsAppId(number.tenantId, correlation.whatsappMessageId);
    const byGenesysId = await client.messageByGenesysId(number.tenantId, correlation.genesysMessageId);

    expect(active).toMatchObject({ conversationId: correlation.conversationId, status: 'active' });
    expect(byId).toEqual(active);
    expect(byWamid).toMatchObject({ genesysMessageId: correlation.genesysMessageId });
    expect(byGenesysId).toEqual(byWamid);
    expect(harness.logs()).toContain('cache read failed, reading PostgreSQL');
  });

  it('records messages and applies statuses', async () => {
    const wamid = randomWamid();
    await client.recordMessage(number.tenantId, {
      direction: 'outbound',
      whatsappMessageId: wamid,
      genesysMessageId: randomUUID(),
      integrationId: number.integrationId,
      phoneNumberId: number.phoneNumberId,
      customerWaId: randomDigits(),
      at: new Date().toISOString(),
    });

    const answer = await client.applyStatus(number.tenantId, wamid, {
      status: 'delivered',
      at: new Date().toISOString(),
    });

    expect(answer).toMatchObject({ applied: true, receipt: 'Delivered' });
    expect((await client.messageByWhatsAppId(number.tenantId, wamid))?.status).toBe('delivered');
  });

  it('still makes one active mapping of concurrent first messages without the lock', async () => {
    const customer = randomDigits();
    const conversationId = randomUUID();
    const now = new Date();
    const correlations = harness.app.get(CorrelationService);

    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        correlations.apply(
          number.tenantId,
          correlationFor(number, customer, { conversationId, messageTime: isoAt(now, i) }),
        ),
      ),
    );

    const rows = await harness.transactions.inTenant(number.tenantId, (tx) =>
      tx.manager.find(ConversationEntity, { where: { tenantId: number.tenantId, customerWaId: customer } }),
    );
    expect(rows).toEqual([
      expect.objectContaining({ status: 'active', lastInboundAt: new Date(isoAt(now, 9)) }),
    ]);
    expect(harness.logs()).toContain('conversation lock unavailable, relying on PostgreSQL alone');
  });

  it('consumes correlations from RabbitMQ', async () => {
    const correlation = correlationFor(number, randomDigits());

    await harness.publishCorrelation(number.tenantId, correlation);

    const view = await eventually(
      async () => (await client.conversation(number.tenantId, correlation.conversationId)) ?? undefined,
      'the mapping',
    );
    expect(view.status).toBe('active');
  });

  it('reports Redis, and only Redis, as not ready', async () => {
    const response = await harness.request<{ details: Record<string, { status: string }> }>(
      'GET',
      '/health/ready',
    );

    expect(response.status).toBe(503);
    expect(response.body.details).toMatchObject({
      postgresql: { status: 'up' },
      rabbitmq: { status: 'up' },
      redis: { status: 'down' },
    });
  });
});
