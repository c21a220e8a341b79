import { setTimeout as sleep } from 'node:timers/promises';
import { messageDelivery, textPart } from '../../testing/deliveries.fixture';
import {
  WhatsAppApiServiceHarness,
  waitFor,
  type TestTenant,
} from '../../testing/whatsapp-api-service-harness.util';

describe('tenant isolation toward WhatsApp', () => {
  let harness: WhatsAppApiServiceHarness;
  let tenantA: TestTenant;
  let tenantB: TestTenant;

  beforeAll(async () => {
    harness = await WhatsAppApiServiceHarness.start('isolation', {
      WHATSAPP_MAX_ATTEMPTS: '5',
      WHATSAPP_BREAKER_CONSECUTIVE_FAILURES: '2',
      WHATSAPP_BREAKER_RESET_TIMEOUT_MS: '60000',
    });
    tenantA = await harness.addTenant();
    tenantB = await harness.addTenant();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('keeps sending tenant B’s messages while tenant A’s breaker is open, and holds A’s without calling WhatsApp', async () => {
    const failing = await harness.simulator.addFault({
      phoneNumberId: tenantA.phoneNumberId,
      endpoint: 'messages',
      httpStatus: 503,
      durationMs: 120_000,
    });
    const customerA = tenantA.customer();
    await harness.deliver(
      tenantA.tenantId,
      messageDelivery(customerA, [textPart(customerA, 'A while Meta fails')]),
    );
    await waitFor(
      async () =>
        (await harness.metric('switchboard_whatsapp_circuit_breaker_state', { tenant: tenantA.tenantId })) ===
        2
          ? true
          : undefined,
      'tenant A’s breaker to open',
    );
    const hitsWhenOpened = await failing();

    const customerB = tenantB.customer();
    const delivery = messageDelivery(customerB, [textPart(customerB, 'B is not held up')]);
    const started = Date.now();
    await harness.deliver(tenantB.tenantId, delivery);
    const outcome = await harness.outcomeOf(delivery.genesysMessageId);
    const otherCustomerOfA = tenantA.customer();
    await harness.deliver(
      tenantA.tenantId,
      messageDelivery(otherCustomerOfA, [textPart(otherCustomerOfA, 'A again')]),
    );
    await sleep(1_500);

    expect(outcome.payload.outcome).toBe('sent');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hitsWhenOpened).toBe(2);
    expect(await failing()).toBe(2);
    expect(
      await harness.metric('switchboard_whatsapp_circuit_breaker_state', { tenant: tenantB.tenantId }),
    ).toBe(0);
    expect(
      await harness.metric('switchboard_whatsapp_waits_total', { reason: 'circuit_open', mode: 'deferred' }),
    ).toBeGreaterThanOrEqual(2);
    expect(await harness.pendingOutcomes()).toBe(0);
    expect(await harness.deadLetterCount()).toBe(0);
  });
});
