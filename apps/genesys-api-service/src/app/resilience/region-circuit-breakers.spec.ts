import { classifyError } from '@switchboard/backend-util-messaging';
import {
  GenesysCircuitOpenError,
  GenesysRequestRejectedError,
  GenesysUnavailableError,
} from '../genesys/genesys.errors';
import {
  RegionCircuitBreakers,
  type BreakerState,
  type CircuitBreakerSettings,
} from './region-circuit-breakers';

const SETTINGS: CircuitBreakerSettings = {
  consecutiveFailures: 5,
  errorThresholdPercent: 50,
  volumeThreshold: 20,
  windowMs: 30_000,
  resetTimeoutMs: 200,
};

const unavailable = () =>
  Promise.reject(new GenesysUnavailableError('server_error', 'Genesys answered 503', 503));
const rejected = () => Promise.reject(new GenesysRequestRejectedError(400, 'Genesys answered 400'));
const answered = () => Promise.resolve('answer');

describe(RegionCircuitBreakers.name, () => {
  let sut: RegionCircuitBreakers;
  let states: [string, BreakerState][];

  const create = (settings: Partial<CircuitBreakerSettings> = {}) => {
    const breakers = new RegionCircuitBreakers({
      settings: { ...SETTINGS, ...settings },
      isFailure: (error) => error instanceof GenesysUnavailableError,
      onStateChange: (region, state) => states.push([region, state]),
    });
    created.push(breakers);
    return breakers;
  };
  const created: RegionCircuitBreakers[] = [];

  beforeEach(() => {
    states = [];
    sut = create();
  });

  afterEach(() => {
    for (const breakers of created.splice(0)) breakers.shutdown();
  });

  async function fail(region: string, times: number, breakers = sut): Promise<void> {
    for (let call = 0; call < times; call += 1) {
      await expect(breakers.run(region, unavailable)).rejects.toBeInstanceOf(GenesysUnavailableError);
    }
  }

  it('opens after 5 failures in a row and then refuses at once without calling Genesys', async () => {
    await fail('eu-west-1', 4);
    expect(sut.state('eu-west-1')).toBe('closed');
    await fail('eu-west-1', 1);

    const call = jest.fn(answered);
    const refusal = await sut.run('eu-west-1', call).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(GenesysCircuitOpenError);
    expect(call).not.toHaveBeenCalled();
    expect(sut.state('eu-west-1')).toBe('open');
    expect(states).toEqual([
      ['eu-west-1', 'closed'],
      ['eu-west-1', 'open'],
    ]);
  });

  it('opens when more than half of at least 20 calls in the window failed, without 5 in a row', async () => {
    for (let call = 0; call < 10; call += 1) {
      await sut.run('us-east-1', answered);
      await fail('us-east-1', 1);
    }
    expect(sut.state('us-east-1')).toBe('closed');

    await fail('us-east-1', 1);

    expect(sut.state('us-east-1')).toBe('open');
  });

  it('does not count answers such as 4xx or 429 as failures', async () => {
    for (let call = 0; call < 30; call += 1) {
      await expect(sut.run('eu-west-1', rejected)).rejects.toBeInstanceOf(GenesysRequestRejectedError);
    }

    expect(sut.state('eu-west-1')).toBe('closed');
  });

  it('starts counting consecutive failures again after a success', async () => {
    for (let round = 0; round < 3; round += 1) {
      await fail('eu-west-1', 4);
      await sut.run('eu-west-1', answered);
    }

    expect(sut.state('eu-west-1')).toBe('closed');
  });

  it('asks to come back when it half-opens, without burning an attempt', async () => {
    const slow = create({ resetTimeoutMs: 60_000 });
    await fail('eu-west-1', 5, slow);

    const refusal = (await slow
      .run('eu-west-1', answered)
      .catch((error: unknown) => error)) as GenesysCircuitOpenError;

    expect(refusal.delayMs).toBeGreaterThan(55_000);
    expect(refusal.delayMs).toBeLessThanOrEqual(60_000);
    expect(classifyError(refusal).kind).toBe('retry-later');
  });

  it('half-opens after the reset timeout, lets one probe through and closes when it succeeds', async () => {
    await fail('eu-west-1', 5);
    await new Promise((resolve) => setTimeout(resolve, SETTINGS.resetTimeoutMs + 50));
    expect(sut.state('eu-west-1')).toBe('half-open');

    let answer: (value: string) => void = () => undefined;
    const probe = sut.run('eu-west-1', () => new Promise<string>((resolve) => (answer = resolve)));
    await expect(sut.run('eu-west-1', answered)).rejects.toBeInstanceOf(GenesysCircuitOpenError);
    answer('ok');

    await expect(probe).resolves.toBe('ok');
    expect(sut.state('eu-west-1')).toBe('closed');
    expect(states.map(([, state]) => state)).toEqual(['closed', 'open', 'half-open', 'closed']);
  });

  it('opens again at once when the probe fails', async () => {
    await fail('eu-west-1', 5);
    await new Promise((resolve) => setTimeout(resolve, SETTINGS.resetTimeoutMs + 50));

    await fail('eu-west-1', 1);

    expect(sut.state('eu-west-1')).toBe('open');
  });

  it('keeps regions apart', async () => {
    await fail('eu-west-1', 5);

    await expect(sut.run('us-east-1', answered)).resolves.toBe('answer');
    expect([sut.state('eu-west-1'), sut.state('us-east-1')]).toEqual(['open', 'closed']);
  });
});
