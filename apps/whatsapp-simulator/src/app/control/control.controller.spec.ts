import { SimulatorHarness, textMessage } from '../../testing/simulator-harness.util';
import { WebhookReceiver } from '../../testing/webhook-receiver.util';
import { ControlController } from './control.controller';

interface State {
  sends: { recorded: number };
  deliveries: { recorded: number; pending: number };
  media: { items: number; bytes: number };
  faults: number;
  tokens: number;
  clockOffsetMs: number;
}

describe(ControlController.name, () => {
  let sut: SimulatorHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    sut = await SimulatorHarness.start({ WEBHOOK_URL: receiver.url });
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  it('resets sends, deliveries, media, faults, tokens and the clock to the configured start', async () => {
    await sut.sendMessage(textMessage());
    await sut.control('POST', 'webhooks/inbound', { messages: [{ type: 'image' }], waitFor: 'final' });
    await sut.control('POST', 'faults', { errorCode: 131000, phoneNumberId: '1' });
    await sut.control('POST', 'tokens', { phoneNumberId: '109876543210987', token: 'extra' });
    await sut.control('POST', 'clock/advance', { ms: 5000 });
    const before = await sut.control<State>('GET', 'state');

    await sut.control('POST', 'reset');
    const after = await sut.control<State>('GET', 'state');

    expect(before.body).toMatchObject({
      sends: { recorded: 1 },
      deliveries: { recorded: 1 },
      media: { items: 1 },
      faults: 1,
      tokens: 2,
    });
    expect(after.body).toMatchObject({
      sends: { recorded: 0 },
      deliveries: { recorded: 0, pending: 0 },
      media: { items: 0, bytes: 0 },
      faults: 0,
      tokens: 1,
      clockOffsetMs: 0,
    });
  });

  it('serves control routes that the Graph media route would otherwise match', async () => {
    const responses = await Promise.all(
      [
        'sends',
        'deliveries',
        'media',
        'faults',
        'tokens',
        'phone-numbers',
        'state',
        'auto-status',
        'onboarding',
      ].map((path) => sut.control('GET', path)),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(9).fill(200));
  });

  it('answers an unknown two-segment path like Graph answers unknown path components', async () => {
    const response = await sut.request<{ error: { code: number } }>('GET', '/control/nothing-here');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe(2500);
  });

  it.each([
    ['clock/advance', { ms: 9e15 }, 'ms'],
    [
      'tokens',
      { phoneNumberId: '109876543210987', token: 'forever', expiresInSeconds: 9e12 },
      'expiresInSeconds',
    ],
    ['faults', { errorCode: 131000, durationMs: 9e15 }, 'durationMs'],
  ])(
    'refuses a duration too large for a date (POST %s) with 400 and keeps answering',
    async (path, body, field) => {
      const refused = await sut.control<{ issues: string[] }>('POST', path, body);
      const state = await sut.control('GET', 'state');
      const send = await sut.sendMessage(textMessage());

      expect(refused.status).toBe(400);
      expect(refused.body.issues[0]).toMatch(new RegExp(`^${field}: `));
      expect(state.status).toBe(200);
      expect(send.status).toBe(200);
    },
  );

  it.each([
    ['webhooks/settings', { initialDelayMs: 2 ** 31 }],
    ['auto-status', { delayMs: 2 ** 31 }],
    ['auto-status', { sequence: Array(11).fill('sent') }],
  ])('refuses a timer setting beyond its bound (PUT %s %j) with 400', async (path, body) => {
    const response = await sut.control('PUT', path, body);

    expect(response.status).toBe(400);
  });

  it('refuses an invalid control request and names the problem', async () => {
    const response = await sut.control<{ issues: string[] }>('POST', 'clock/advance', { ms: -1 });

    expect(response.status).toBe(400);
    expect(response.body.issues[0]).toMatch(/^ms: /);
  });
});
