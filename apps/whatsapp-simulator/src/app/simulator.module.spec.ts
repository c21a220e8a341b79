import { SimulatorHarness, textMessage } from '../testing/simulator-harness.util';
import { watchTimers } from '@switchboard/backend-testing-infra';
import { WebhookReceiver } from '../testing/webhook-receiver.util';
import { SimulatorModule } from './simulator.module';

describe(SimulatorModule.name, () => {
  it('closes at once and leaves no timers behind: retries, automatic statuses and delayed answers are cancelled', async () => {
    const receiver = await WebhookReceiver.start(() => 500);
    const timers = watchTimers();
    const sut = await SimulatorHarness.start({
      WEBHOOK_URL: receiver.url,
      AUTO_STATUS_ENABLED: 'true',
      AUTO_STATUS_DELAY_MS: '60000',
      WEBHOOK_RETRY_INITIAL_DELAY_MS: '60000',
      WEBHOOK_RETRY_MAX_DELAY_MS: '60000',
    });
    await sut.sendMessage(textMessage());
    await sut.control('POST', 'webhooks/inbound', {
      messages: [{ type: 'text', body: 'retried in a minute' }],
      waitFor: 'first-attempt',
    });
    await sut.control('POST', 'faults', { delayMs: 60_000, count: 1 });
    const held = sut.sendMessage(textMessage());
    // The fault is used up (and listed no more) once the held request has reached it.
    while ((await sut.control<{ items: unknown[] }>('GET', 'faults')).body.items.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const started = Date.now();
    await sut.close();
    const closeMs = Date.now() - started;
    const heldAnswer = await held;
    await receiver.close();
    const openTimers = await timers.open();
    timers.stop();

    expect(closeMs).toBeLessThan(1000);
    expect(heldAnswer.status).toBe(200);
    expect(openTimers).toEqual([]);
  });
});
