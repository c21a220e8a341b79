import type { BreakerStateName } from '../metrics/gateway-metrics.service';
import { UpstreamBreakers, type BreakerOptions } from './upstream-breakers.service';
import { CircuitOpenError, UpstreamFailure, classifyConnectionError } from './upstream-failure.error';

const OPTIONS: BreakerOptions = {
  consecutiveFailures: 5,
  errorThresholdPercent: 50,
  volumeThreshold: 20,
  windowMs: 30_000,
  resetTimeoutMs: 200,
};

const failing = () => Promise.reject(new UpstreamFailure('unavailable', 'svc', 'down'));
const succeeding = () => Promise.resolve('ok');

describe(UpstreamBreakers.name, () => {
  let sut: UpstreamBreakers;
  let transitions: [string, BreakerStateName][];

  beforeEach(() => {
    transitions = [];
    sut = new UpstreamBreakers(OPTIONS, (service, state, transition) => {
      if (transition) transitions.push([service, state]);
    });
  });

  afterEach(() => sut.shutdown());

  it('opens after 5 upstream failures in a row and then refuses at once', async () => {
    for (let attempt = 0; attempt < 4; attempt += 1)
      await expect(sut.run('svc', failing)).rejects.toThrow('down');
    expect(sut.state('svc')).toBe('closed');
    await expect(sut.run('svc', failing)).rejects.toThrow('down');

    const work = jest.fn(succeeding);
    await expect(sut.run('svc', work)).rejects.toBeInstanceOf(CircuitOpenError);

    expect(work).not.toHaveBeenCalled();
    expect(sut.state('svc')).toBe('open');
    expect(transitions).toEqual([['svc', 'open']]);
  });

  it('starts counting again after a success', async () => {
    for (let round = 0; round < 3; round += 1) {
      for (let attempt = 0; attempt < 4; attempt += 1) await sut.run('svc', failing).catch(() => undefined);
      await sut.run('svc', succeeding);
    }

    expect(sut.state('svc')).toBe('closed');
  });

  it('does not count errors that are not the upstream’s', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await expect(sut.run('svc', () => Promise.reject(new Error('client went away')))).rejects.toThrow();
    }

    expect(sut.state('svc')).toBe('closed');
  });

  it('half-opens after the reset timeout, lets one probe through and closes on its success', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) await sut.run('svc', failing).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, OPTIONS.resetTimeoutMs + 50));
    expect(sut.state('svc')).toBe('half-open');

    let release: (value: string) => void = () => undefined;
    const probe = sut.run('svc', () => new Promise<string>((resolve) => (release = resolve)));
    await expect(sut.run('svc', succeeding)).rejects.toBeInstanceOf(CircuitOpenError);
    release('ok');

    await expect(probe).resolves.toBe('ok');
    expect(sut.state('svc')).toBe('closed');
    expect(transitions.map(([, state]) => state)).toEqual(['open', 'half-open', 'closed']);
  });

  it('tells how long until the next try', async () => {
    const slow = new UpstreamBreakers({ ...OPTIONS, resetTimeoutMs: 60_000 });
    try {
      for (let attempt = 0; attempt < 5; attempt += 1) await slow.run('svc', failing).catch(() => undefined);

      const refusal = await slow.run('svc', succeeding).catch((error: CircuitOpenError) => error);

      expect(refusal).toBeInstanceOf(CircuitOpenError);
      expect((refusal as CircuitOpenError).retryAfterSeconds).toBe(60);
    } finally {
      slow.shutdown();
    }
  });

  it('keeps services apart', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) await sut.run('a', failing).catch(() => undefined);

    await expect(sut.run('b', succeeding)).resolves.toBe('ok');
    expect([sut.state('a'), sut.state('b')]).toEqual(['open', 'closed']);
  });
});

describe(classifyConnectionError.name, () => {
  it('tells an unreachable service from a broken connection', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

    expect(classifyConnectionError(refused, 'svc')).toMatchObject({
      kind: 'unavailable',
      message: 'svc is unreachable (ECONNREFUSED)',
    });
    expect(classifyConnectionError(reset, 'svc')).toMatchObject({ kind: 'bad-gateway' });
  });
});
