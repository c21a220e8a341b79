import {
  classifyError,
  PermanentError,
  RetryableError,
  RetryLaterError,
} from '@switchboard/backend-util-messaging';
import {
  CircuitOpenError,
  KeyedCircuitBreakers,
  type BreakerState,
  type CircuitBreakerSettings,
} from './keyed-circuit-breakers';

const SETTINGS: CircuitBreakerSettings = {
  consecutiveFailures: 5,
  errorThresholdPercent: 50,
  volumeThreshold: 20,
  windowMs: 30_000,
  resetTimeoutMs: 200,
};

class PartnerUnavailableError extends RetryableError {}

const unavailable = () => Promise.reject(new PartnerUnavailableError('the partner answered 503'));
const rejected = () => Promise.reject(new PermanentError('the partner answered 400'));
const answered = () => Promise.resolve('answer');

describe(KeyedCircuitBreakers.name, () => {
  let sut: KeyedCircuitBreakers;
  let states: [string, BreakerState][];
  const created: KeyedCircuitBreakers[] = [];

  const create = (
    options: Partial<CircuitBreakerSettings> = {},
    refusal?: (key: string, delayMs: number) => RetryLaterError,
  ) => {
    const breakers = new KeyedCircuitBreakers({
      settings: { ...SETTINGS, ...options },
      isFailure: (error) => error instanceof PartnerUnavailableError,
      onStateChange: (key, state) => states.push([key, state]),
      refusal,
    });
    created.push(breakers);
    return breakers;
  };

  beforeEach(() => {
    states = [];
    sut = create();
  });

  afterEach(() => {
    for (const breakers of created.splice(0)) breakers.shutdown();
  });

  async function fail(key: string, times: number, breakers = sut): Promise<void> {
    for (let call = 0; call < times; call += 1) {
      await expect(breakers.run(key, unavailable)).rejects.toBeInstanceOf(PartnerUnavailableError);
    }
  }

  it('opens after 5 failures in a row and then refuses at once without calling the partner', async () => {
    await fail('eu-west-1', 4);
    expect(sut.state('eu-west-1')).toBe('closed');
    await fail('eu-west-1', 1);

    const call = jest.fn(answered);
    const refusal = await sut.run('eu-west-1', call).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(CircuitOpenError);
    expect((refusal as CircuitOpenError).key).toBe('eu-west-1');
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

  it('does not count errors that say nothing about the key’s health', async () => {
    for (let call = 0; call < 30; call += 1) {
      await expect(sut.run('eu-west-1', rejected)).rejects.toBeInstanceOf(PermanentError);
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
      .catch((error: unknown) => error)) as CircuitOpenError;

    expect(refusal.delayMs).toBeGreaterThan(55_000);
    expect(refusal.delayMs).toBeLessThanOrEqual(60_000);
    expect(classifyError(refusal).kind).toBe('retry-later');
  });

  it('refuses with the error the caller chose', async () => {
    class TenantPausedError extends RetryLaterError {}
    const custom = create({}, (key, delayMs) => new TenantPausedError(delayMs, `tenant ${key} paused`));
    await fail('tenant-a', 5, custom);

    const refusal = await custom.run('tenant-a', answered).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(TenantPausedError);
    expect((refusal as Error).message).toBe('tenant tenant-a paused');
  });

  it('half-opens after the reset timeout, lets one probe through and closes when it succeeds', async () => {
    await fail('eu-west-1', 5);
    await new Promise((resolve) => setTimeout(resolve, SETTINGS.resetTimeoutMs + 50));
    expect(sut.state('eu-west-1')).toBe('half-open');

    let answer: (value: string) => void = () => undefined;
    const probe = sut.run('eu-west-1', () => new Promise<string>((resolve) => (answer = resolve)));
    await expect(sut.run('eu-west-1', answered)).rejects.toBeInstanceOf(CircuitOpenError);
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

  it('keeps keys apart', async () => {
    await fail('tenant-a', 5);

    await expect(sut.run('tenant-b', answered)).resolves.toBe('answer');
    expect([sut.state('tenant-a'), sut.state('tenant-b')]).toEqual(['open', 'closed']);
  });
});
