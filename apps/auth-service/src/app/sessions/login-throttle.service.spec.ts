import { RateLimiterMemory } from 'rate-limiter-flexible';
import { TooManyLoginAttemptsError } from '../core/domain-errors.util';
import { LoginThrottle } from './login-throttle.service';

describe(LoginThrottle.name, () => {
  const build = () =>
    new LoginThrottle({
      byEmailAndIp: new RateLimiterMemory({ points: 3, duration: 600 }),
      byIp: new RateLimiterMemory({ points: 5, duration: 900 }),
    });

  async function fail(sut: LoginThrottle, email: string, ip: string, times: number) {
    for (let i = 0; i < times; i += 1) await sut.recordFailure(email, ip);
  }

  it('lets an address try until its failures for one email reach the limit, then asks it to wait', async () => {
    const sut = build();
    await fail(sut, 'ann@example.com', '10.0.0.1', 2);
    await expect(sut.assertAllowed('ann@example.com', '10.0.0.1')).resolves.toBeUndefined();
    await fail(sut, 'ann@example.com', '10.0.0.1', 1);
    const refusal = await sut.assertAllowed('ann@example.com', '10.0.0.1').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyLoginAttemptsError);
    expect((refusal as TooManyLoginAttemptsError).retryAfterSeconds).toBeGreaterThan(590);
    expect((refusal as TooManyLoginAttemptsError).retryAfterSeconds).toBeLessThanOrEqual(600);
  });

  it('counts the email without regard to case', async () => {
    const sut = build();
    await fail(sut, 'Ann@Example.com', '10.0.0.1', 3);
    await expect(sut.assertAllowed('ann@example.com', '10.0.0.1')).rejects.toBeInstanceOf(
      TooManyLoginAttemptsError,
    );
  });

  it('does not block the same email from another address', async () => {
    const sut = build();
    await fail(sut, 'ann@example.com', '10.0.0.1', 3);
    await expect(sut.assertAllowed('ann@example.com', '10.0.0.2')).resolves.toBeUndefined();
  });

  it('blocks an address that sprays many emails', async () => {
    const sut = build();
    for (let i = 0; i < 5; i += 1) await sut.recordFailure(`user${i}@example.com`, '10.0.0.9');
    await expect(sut.assertAllowed('fresh@example.com', '10.0.0.9')).rejects.toBeInstanceOf(
      TooManyLoginAttemptsError,
    );
  });

  it('forgets the failures of an email and address after a success, but not the address’s', async () => {
    const sut = build();
    await fail(sut, 'ann@example.com', '10.0.0.1', 2);
    await sut.recordSuccess('ann@example.com', '10.0.0.1');
    await fail(sut, 'ann@example.com', '10.0.0.1', 2);
    await expect(sut.assertAllowed('ann@example.com', '10.0.0.1')).resolves.toBeUndefined();
    await fail(sut, 'bob@example.com', '10.0.0.1', 1);
    await expect(sut.assertAllowed('ann@example.com', '10.0.0.1')).rejects.toBeInstanceOf(
      TooManyLoginAttemptsError,
    );
  });

  it('keeps counting failures past the limit without throwing', async () => {
    const sut = build();
    await expect(fail(sut, 'ann@example.com', '10.0.0.1', 10)).resolves.toBeUndefined();
  });
});
