import {
  BrokerInspector,
  at,
  eventually,
  sleep,
  startPlatform,
  type Platform,
  type SeededTenant,
} from '@switchboard/backend-testing-platform';
import { QUEUES } from '@switchboard/shared-contracts';
import { agentReplies, customerWrites, sendsTo, waitForReceipt, waitForSends } from './outbound.util';

const MAX_ATTEMPTS = 4;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

describe('outbound: WhatsApp errors end as specified, and one tenant’s trouble never slows another', () => {
  let platform: Platform;
  let tenantA: SeededTenant;
  let tenantB: SeededTenant;
  let broker: BrokerInspector;
  let customerCounter = 0;
  const nextCustomer = () => `1555370${String(++customerCounter).padStart(4, '0')}`;

  beforeAll(async () => {
    platform = await startPlatform({
      label: 'outfaults',
      tenants: [{ name: 'Tenant A' }, { name: 'Tenant B' }],
      env: {
        'whatsapp-api-service': {
          WHATSAPP_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
          // A tenant's open breaker is tried again after 3 s instead of a minute.
          WHATSAPP_BREAKER_RESET_TIMEOUT_MS: '3000',
        },
      },
    });
    tenantA = at(platform.tenants, 0);
    tenantB = at(platform.tenants, 1);
    broker = new BrokerInspector(platform.vhost.url);
  });

  afterEach(async () => {
    await platform.whatsapp.clearFaults();
  });

  afterAll(async () => {
    await broker?.close();
    await platform?.stop();
  });

  it('131047 fails fast: a MessageExpired receipt after one attempt', async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenantA, customer);
    await platform.whatsapp.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      errorCode: 131047,
      count: 1,
    });
    const before = (await platform.whatsapp.sends({ phoneNumberId: tenantA.phoneNumberId })).length;

    const reply = await agentReplies(platform, tenantA, customer, { text: 'Outside the window' });
    const receipt = await waitForReceipt(platform, reply.messageId, 'Failed');
    await sleep(1_000);

    expect(receipt.body).toMatchObject({ reasons: [{ code: 'MessageExpired' }], isFinalReceipt: true });
    expect(await sendsTo(platform, tenantA, customer)).toHaveLength(0);
    expect((await platform.whatsapp.sends({ phoneNumberId: tenantA.phoneNumberId })).length).toBe(before);
  });

  it('401 once: the token is fetched again and the message is sent', async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenantA, customer);
    await platform.whatsapp.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      errorCode: 190,
      httpStatus: 401,
      count: 1,
    });

    await agentReplies(platform, tenantA, customer, { text: 'After one 401' });
    const sends = await waitForSends(platform, tenantA, customer, 1);

    expect(sends).toHaveLength(1);
  });

  it('401 twice: a Failed receipt, nothing sent, and the alert metric counts it', async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenantA, customer);
    await platform.whatsapp.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      errorCode: 190,
      httpStatus: 401,
      count: 2,
    });

    const reply = await agentReplies(platform, tenantA, customer, { text: 'After two 401s' });
    const receipt = await waitForReceipt(platform, reply.messageId, 'Failed');
    const metrics = await platform.services['whatsapp-api-service'].metrics();

    expect(receipt.body).toMatchObject({ isFinalReceipt: true });
    expect(await sendsTo(platform, tenantA, customer)).toHaveLength(0);
    expect(metrics).toMatch(/switchboard_whatsapp_auth_failures_total\{[^}]*\} [1-9]/);
  });

  it(`5xx until the retry limit: dead-lettered after ${MAX_ATTEMPTS} attempts and a Failed receipt`, async () => {
    const customer = nextCustomer();
    await customerWrites(platform, tenantA, customer);
    await platform.whatsapp.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      httpStatus: 500,
      body: 'upstream exploded',
    });

    const reply = await agentReplies(platform, tenantA, customer, { text: 'Into the void' });
    const receipt = await waitForReceipt(platform, reply.messageId, 'Failed', 60_000);
    const dead = await eventually(
      async () => {
        const letters = await broker.listDeadLetters(QUEUES.WHATSAPP_DELIVERY);
        return letters.length > 0 ? letters : undefined;
      },
      20_000,
      'the dead letter',
    );

    expect(receipt.body).toMatchObject({ isFinalReceipt: true, reasons: [{ code: 'ServerError' }] });
    expect(dead).toHaveLength(1);
    expect(at(dead).reason).toMatch(/500|upstream/);
    expect(at(dead).reason).toMatch(new RegExp(`${MAX_ATTEMPTS} attempts`));
    expect(await sendsTo(platform, tenantA, customer)).toHaveLength(0);
  });

  it("keeps tenant B's latency while tenant A's WhatsApp answers 5xx, then 130429, for 30 s", async () => {
    const customersA = [nextCustomer(), nextCustomer()];
    const customersB = [nextCustomer(), nextCustomer(), nextCustomer(), nextCustomer()];
    for (const customer of customersA) await customerWrites(platform, tenantA, customer);
    for (const customer of customersB) await customerWrites(platform, tenantB, customer);

    /** Sends B's replies at ~8/s for `ms` and answers each one's webhook → WhatsApp latency. */
    const measureB = async (label: string, ms: number, alsoA: boolean) => {
      const latencies: number[] = [];
      const pending: Promise<void>[] = [];
      const end = Date.now() + ms;
      let n = 0;
      while (Date.now() < end) {
        n += 1;
        const customer = at(customersB, n % customersB.length);
        const text = `${label} B ${n}`;
        pending.push(
          (async () => {
            const started = Date.now();
            await agentReplies(platform, tenantB, customer, { text });
            const send = await eventually(
              async () =>
                (await sendsTo(platform, tenantB, customer)).find(
                  (s) => (s.payload['text'] as { body?: string } | undefined)?.body === text,
                ),
              30_000,
              text,
              50,
            );
            latencies.push(Date.parse(send.receivedAt) - started);
          })(),
        );
        if (alsoA) {
          void agentReplies(platform, tenantA, at(customersA, n % 2), { text: `${label} A ${n}` }).catch(
            () => undefined,
          );
        }
        await sleep(125);
      }
      await Promise.all(pending);
      return latencies;
    };

    const baseline = await measureB('baseline', 10_000, true);
    await platform.whatsapp.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      httpStatus: 503,
      durationMs: 30_000,
    });
    const during5xx = await measureB('5xx', 30_000, true);
    await platform.whatsapp.clearFaults();
    await platform.whatsapp.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      errorCode: 130429,
      durationMs: 30_000,
    });
    const during130429 = await measureB('130429', 30_000, true);

    const figures = {
      baselineP99: percentile(baseline, 99),
      during5xxP99: percentile(during5xx, 99),
      during130429P99: percentile(during130429, 99),
      samples: [baseline.length, during5xx.length, during130429.length],
    };
    process.stdout.write(`\n[outbound isolation] ${JSON.stringify(figures)}\n`);
    const allowed = Math.max(2 * figures.baselineP99, figures.baselineP99 + 500);
    expect(figures.during5xxP99).toBeLessThanOrEqual(allowed);
    expect(figures.during130429P99).toBeLessThanOrEqual(allowed);
  }, 180_000);
});
