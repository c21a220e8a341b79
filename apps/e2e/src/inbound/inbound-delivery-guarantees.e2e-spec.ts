import { QUEUES } from '@switchboard/shared-contracts';
import {
  at,
  BrokerInspector,
  startPlatform,
  type Platform,
  type SeededTenant,
  deliveredMessageIds,
  eventually,
  sleep,
} from '@switchboard/backend-testing-platform';

describe('inbound: exactly once, in order, nothing lost', () => {
  let platform: Platform;
  let tenant: SeededTenant;
  let broker: BrokerInspector;

  beforeAll(async () => {
    platform = await startPlatform({ label: 'guarantees', behindBrokerProxy: ['whatsapp-webhook-service'] });
    tenant = at(platform.tenants);
    broker = new BrokerInspector(platform.vhost.url);
  });

  afterAll(async () => {
    await broker?.close();
    await platform?.stop();
  });

  const firstStatus = async (deliveryId: string) => {
    const delivery = await platform.whatsapp.delivery(deliveryId);
    return (delivery['attempts'] as Array<{ statusCode?: number }>)[0]?.statusCode;
  };

  const acceptedCount = async (wamid: string) => (await platform.genesys.acceptedMessages(wamid)).length;

  it('makes one Genesys call per message when Meta delivers the same webhook 3 more times at once', async () => {
    const sent = await platform.whatsapp.deliverInbound({
      phoneNumberId: tenant.phoneNumberId,
      messages: [
        { type: 'text', from: '15551110001', body: 'duplicate me' },
        { type: 'text', from: '15551110002', body: 'me too' },
      ],
    });
    const redelivered = await platform.whatsapp.redeliver(sent.delivery.id, 3);
    expect(redelivered.deliveries.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    const wamids = deliveredMessageIds(sent);

    await eventually(
      async () => ((await Promise.all(wamids.map(acceptedCount))).every((n) => n >= 1) ? true : undefined),
      20_000,
      'both messages',
    );
    await sleep(2_000);

    expect(await Promise.all(wamids.map(acceptedCount))).toEqual([1, 1]);
  });

  it('refuses a bad signature with 401 and publishes nothing', async () => {
    const before = await platform.genesys.inbound({ kind: 'message' });
    const sent = await platform.whatsapp.deliverInbound({
      phoneNumberId: tenant.phoneNumberId,
      signature: 'invalid',
      maxAttempts: 1,
      messages: [{ type: 'text', from: '15551110003', body: 'forged' }],
    });
    expect(await firstStatus(sent.delivery.id)).toBe(401);
    await sleep(1_500);
    expect(await acceptedCount(at(deliveredMessageIds(sent)))).toBe(0);
    expect((await platform.genesys.inbound({ kind: 'message' })).length).toBe(before.length);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await platform.whatsapp.deliverRaw({
      body: '{"object":"whatsapp_business_account",',
      maxAttempts: 1,
    });
    expect(await firstStatus(response.delivery.id)).toBe(400);
  });

  it('answers 200 for a number no tenant owns and parks the event', async () => {
    const before = await broker.depth(QUEUES.INBOUND_UNROUTABLE);
    const sent = await platform.whatsapp.deliverInbound({
      phoneNumberId: '999000111222333',
      messages: [{ type: 'text', from: '15551110004', body: 'who am I talking to?' }],
    });

    expect(sent.delivery.state).toBe('delivered');
    await eventually(
      async () => ((await broker.depth(QUEUES.INBOUND_UNROUTABLE)) === before + 1 ? true : undefined),
      5_000,
      'the parked event',
    );
  });

  it('answers 503 while the broker is unreachable and delivers once it is back', async () => {
    platform.brokerProxy.cut();
    const sent = await platform.whatsapp.deliverInbound({
      phoneNumberId: tenant.phoneNumberId,
      waitFor: 'first-attempt',
      messages: [{ type: 'text', from: '15551110005', body: 'during the outage' }],
    });
    const wamid = at(deliveredMessageIds(sent));
    expect(await firstStatus(sent.delivery.id)).toBe(503);
    await sleep(1_000);
    expect(await acceptedCount(wamid)).toBe(0);

    platform.brokerProxy.restore();
    await eventually(
      async () => ((await acceptedCount(wamid)) === 1 ? true : undefined),
      60_000,
      'the message after the outage',
    );
  });

  it('keeps the order of 100 messages of one customer sent fast', async () => {
    const customer = '15551110006';
    const wamids: string[] = [];
    for (let i = 0; i < 100; i += 1) {
      const sent = await platform.whatsapp.deliverInbound({
        phoneNumberId: tenant.phoneNumberId,
        waitFor: 'first-attempt',
        messages: [{ type: 'text', from: customer, body: `message ${i}` }],
      });
      wamids.push(at(deliveredMessageIds(sent)));
    }

    const arrived = await eventually(
      async () => {
        const records = (await platform.genesys.inbound({ kind: 'message', customerId: customer })).filter(
          (r) => r.accepted,
        );
        return records.length >= 100 ? records : undefined;
      },
      60_000,
      '100 messages',
    );

    expect(arrived.sort((a, b) => a.seq - b.seq).map((r) => r.providerMessageId)).toEqual(wamids);
  });
});
