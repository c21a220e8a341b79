import { QUEUES } from '@switchboard/shared-contracts';
import {
  at,
  BrokerInspector,
  startPlatform,
  type Platform,
  type SeededTenant,
  deliveredMessageIds,
  eventually,
} from '@switchboard/backend-testing-platform';

describe('inbound: Genesys trouble', () => {
  let platform: Platform;
  let stormTenant: SeededTenant;
  let brokenTenant: SeededTenant;
  let broker: BrokerInspector;

  beforeAll(async () => {
    platform = await startPlatform({
      label: 'faults',
      tenants: [{ region: 'eu-west-1' }, { region: 'us-east-1' }],
      env: {
        'genesys-api-service': {
          GENESYS_MAX_ATTEMPTS: '4',
          GENESYS_RETRY_BASE_DELAY_MS: '200',
          GENESYS_RETRY_MAX_DELAY_MS: '500',
          GENESYS_BREAKER_RESET_TIMEOUT_MS: '1000',
        },
      },
    });
    [stormTenant, brokenTenant] = platform.tenants as [SeededTenant, SeededTenant];
    broker = new BrokerInspector(platform.vhost.url);
  });

  afterAll(async () => {
    await broker?.close();
    await platform?.stop();
  });

  async function send(tenant: SeededTenant, customer: string, count: number): Promise<string[]> {
    const sent = await platform.whatsapp.deliverInbound({
      phoneNumberId: tenant.phoneNumberId,
      messages: Array.from({ length: count }, (_, i) => ({ type: 'text', from: customer, body: `m${i}` })),
    });
    return deliveredMessageIds(sent);
  }

  const allAccepted = async (wamids: string[]) => {
    const counts = await Promise.all(
      wamids.map(async (id) => (await platform.genesys.acceptedMessages(id)).length),
    );
    return counts.every((n) => n === 1) ? counts : undefined;
  };

  it('waits out a 10 s 429 storm and then delivers every message, none dead-lettered', async () => {
    await platform.genesys.addFault({
      integrationId: stormTenant.integrationId,
      kind: 'rate-limit',
      retryAfterSeconds: 2,
      durationMs: 10_000,
    });
    const before = await platform.genesys.answersByStatus();
    const startedAt = Date.now();
    const wamids = [
      ...(await send(stormTenant, '15552220001', 10)),
      ...(await send(stormTenant, '15552220002', 10)),
    ];

    await eventually(() => allAccepted(wamids), 60_000, 'all 20 messages after the storm');

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(9_000);
    const after = await platform.genesys.answersByStatus();
    expect((after['429'] ?? 0) - (before['429'] ?? 0)).toBeGreaterThan(0);
    expect(await broker.deadLetters.count(QUEUES.GENESYS_DELIVERY)).toBe(0);
  });

  it('dead-letters a message Genesys keeps failing with its reason, and replay delivers it once Genesys recovers', async () => {
    const before = await platform.genesys.answersByStatus();
    const fault = await platform.genesys.addFault({
      integrationId: brokenTenant.integrationId,
      kind: 'server-error',
      status: 500,
    });
    const wamid = at(await send(brokenTenant, '15552220003', 1));

    const dead = await eventually(
      async () => {
        const letters = await broker.listDeadLetters(QUEUES.GENESYS_DELIVERY);
        return letters[0];
      },
      60_000,
      'the dead letter',
    );
    expect(dead.reason).toMatch(/500/);
    expect(dead.reason).toMatch(/4 attempts/);
    expect(dead.tenantId).toBe(brokenTenant.tenantId);
    const after = await platform.genesys.answersByStatus();
    expect((after['500'] ?? 0) - (before['500'] ?? 0)).toBe(4);
    expect(await platform.genesys.acceptedMessages(wamid)).toHaveLength(0);

    await platform.genesys.clearFaults();
    expect(fault.id).toBeDefined();
    expect(await broker.deadLetters.replay(QUEUES.GENESYS_DELIVERY)).toBe(1);

    await eventually(() => allAccepted([wamid]), 30_000, 'the replayed message');
    expect(await broker.deadLetters.count(QUEUES.GENESYS_DELIVERY)).toBe(0);
  });
});
