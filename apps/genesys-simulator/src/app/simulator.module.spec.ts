import { inboundTextMessage, messagePath } from '../testing/inbound-message.fixture';
import { startSimulator, TEST_INTEGRATION_ID } from '../testing/simulator-test-app.util';
import { watchTimers } from '@switchboard/backend-testing-infra';
import { WebhookReceiver } from '../testing/webhook-receiver.util';
import { SimulatorModule } from './simulator.module';

describe(SimulatorModule.name, () => {
  it('closes at once and leaves no timers behind: delayed requests and deliveries in progress end', async () => {
    const receiver = await WebhookReceiver.start(() => 'hang');
    const timers = watchTimers();
    const sut = await startSimulator({
      INTEGRATION_WEBHOOK_URL: receiver.url(),
      WEBHOOK_TIMEOUT_MS: '60000',
      WEBHOOK_RETRY_DELAY_MS: '60000',
    });
    const token = await sut.token();
    const awaitedDelivery = sut
      .http()
      .post('/control/outbound/messages?wait=true')
      .send({ integrationId: TEST_INTEGRATION_ID, customerId: '15551234567', text: 'never answered' })
      .then((response) => response.body as { delivery: { status: string } });
    await receiver.waitFor(1);
    await sut.http().post('/control/faults').send({ kind: 'delay', delayMs: 60_000, count: 1 }).expect(201);
    const held = sut
      .http()
      .post(messagePath(TEST_INTEGRATION_ID))
      .set('Authorization', `Bearer ${token}`)
      .send(inboundTextMessage())
      .then((response) => response.status);
    // The fault is used up (and listed no more) once the held request has reached it.
    while (((await sut.http().get('/control/faults')).body as unknown[]).length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const started = Date.now();
    await sut.close();
    const closeMs = Date.now() - started;
    const [delivery, heldStatus] = await Promise.all([awaitedDelivery, held]);
    await receiver.close();
    const openTimers = await timers.open();
    timers.stop();

    expect(closeMs).toBeLessThan(1000);
    expect(delivery.delivery.status).toBe('cancelled');
    expect(heldStatus).toBe(200);
    expect(openTimers).toEqual([]);
  });
});
