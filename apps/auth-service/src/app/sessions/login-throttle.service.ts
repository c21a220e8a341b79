import { createHash } from 'node:crypto';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyLoginAttemptsError } from '../core/domain-errors.util';

export interface LoginLimiters {
  /** Failed logins per (email, client address). */
  readonly byEmailAndIp: RateLimiterAbstract;
  /** Failed logins per client address, whatever the email (password spraying). */
  readonly byIp: RateLimiterAbstract;
}

function emailAndIpKey(email: string, ip: string): string {
  // The email is hashed so that Redis holds no addresses.
  return `${createHash('sha256').update(email.toLowerCase()).digest('base64url').slice(0, 22)}|${ip}`;
}

/**
 * Throttles failed logins. The limiters are shared across replicas (Redis), with an in-memory
 * insurance limiter while Redis is unreachable. Only failures count; a success clears the
 * (email, address) counter but not the address's.
 */
export class LoginThrottle {
  constructor(private readonly limiters: LoginLimiters) {}

  /** Throws {@link TooManyLoginAttemptsError} when either limit is used up. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [pair, address] = await Promise.all([
      this.limiters.byEmailAndIp.get(emailAndIpKey(email, ip)),
      this.limiters.byIp.get(ip),
    ]);
    const waits = [
      exhausted(pair, this.limiters.byEmailAndIp.points),
      exhausted(address, this.limiters.byIp.points),
    ].filter((ms): ms is number => ms !== null);
    if (waits.length > 0) throw new TooManyLoginAttemptsError(Math.ceil(Math.max(...waits) / 1000));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      consumeIgnoringLimit(this.limiters.byEmailAndIp, emailAndIpKey(email, ip)),
      consumeIgnoringLimit(this.limiters.byIp, ip),
    ]);
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.limiters.byEmailAndIp.delete(emailAndIpKey(email, ip));
  }
}

/** Milliseconds until the key may try again, or null while it has points left. */
function exhausted(result: RateLimiterRes | null, points: number): number | null {
  if (!result || result.consumedPoints < points) return null;
  return Math.max(result.msBeforeNext, 1000);
}

async function consumeIgnoringLimit(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (rejection) {
    // Over the limit already: the rejection carries the counters, nothing more to record.
    if (rejection instanceof Error) throw rejection;
  }
}
