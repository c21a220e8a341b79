import { Logger } from '@nestjs/common';
import { RetryLaterError } from '@switchboard/backend-util-messaging';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';

export interface IdempotencyClaimsOptions {
  /** Processing lease of a claim: a consumer that dies mid-way blocks its message this long. */
  readonly leaseMs: number;
  /** How long finished work is remembered as done. */
  readonly doneTtlSeconds: number;
}

/** Value of a claim whose work is finished; any other value is the owner token of a lease. */
export const DONE_MARKER = 'done';

export type ClaimState =
  | { readonly state: 'claimed'; readonly token: string }
  | { readonly state: 'done' }
  | { readonly state: 'leased'; readonly remainingMs: number };

export type ClaimedWorkOutcome = 'handled' | 'duplicate';

// One round trip decides: free → take a lease; done → duplicate; someone's lease → how long it lasts.
const CLAIM_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {'claimed', 0}
end
if current == ARGV[3] then return {'done', 0} end
return {'leased', redis.call('PTTL', KEYS[1])}`;

const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// The work is done whoever holds the key now; the answer says whether it was still ours.
const COMPLETE_SCRIPT = `
local owned = redis.call('GET', KEYS[1]) == ARGV[1]
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
if owned then return 1 end
return 0`;

/**
 * At-most-once side effects over at-least-once delivery. A claim is a Redis key taken with a
 * short processing lease (value = owner token) and turned into `done` for the idempotency TTL
 * once the work is confirmed. A failure releases it (only by its owner), so that the retry is
 * not mistaken for a duplicate; a consumer that dies mid-way leaves a lease that expires by
 * itself, and whoever meets a live lease comes back when it ends instead of dropping the message.
 */
export class IdempotencyClaims {
  private readonly logger = new Logger(IdempotencyClaims.name);

  constructor(
    private readonly redis: Redis,
    private readonly options: IdempotencyClaimsOptions,
  ) {}

  async claim(key: string): Promise<ClaimState> {
    const token = randomUUID();
    const [state, ttl] = (await this.redis.eval(CLAIM_SCRIPT, 1, key, token, this.leaseMs, DONE_MARKER)) as [
      string,
      number,
    ];
    if (state === 'claimed') return { state, token };
    if (state === 'done') return { state };
    return { state: 'leased', remainingMs: ttl > 0 ? ttl : this.leaseMs };
  }

  /** Extends the lease while its owner still holds it. */
  async renew(key: string, token: string): Promise<boolean> {
    return (await this.redis.eval(RENEW_SCRIPT, 1, key, token, this.leaseMs)) === 1;
  }

  /** Gives the key up (only if `token` still holds it) so that a retry can claim it again. */
  async release(key: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
  }

  /** Marks the work done for the idempotency TTL; false when the lease had been lost meanwhile. */
  async complete(key: string, token: string): Promise<boolean> {
    const owned = await this.redis.eval(
      COMPLETE_SCRIPT,
      1,
      key,
      token,
      DONE_MARKER,
      this.options.doneTtlSeconds,
    );
    return owned === 1;
  }

  /**
   * Runs `work` once per key: `duplicate` when it was done before; RetryLaterError while another
   * consumer holds the lease. The lease is renewed while the work runs (a large download may take
   * longer than one lease), released when it fails and turned into `done` when it succeeds.
   */
  async runOnce(key: string, work: () => Promise<void>): Promise<ClaimedWorkOutcome> {
    const claim = await this.claim(key);
    if (claim.state === 'done') return 'duplicate';
    if (claim.state === 'leased') {
      throw new RetryLaterError(
        claim.remainingMs,
        `${key} is being handled by another consumer (lease ends in ${claim.remainingMs} ms)`,
      );
    }
    const heartbeat = setInterval(
      () => {
        this.renew(key, claim.token).catch((error: Error) =>
          this.logger.warn(`could not renew the lease of ${key}: ${error.message}`),
        );
      },
      Math.max(250, Math.floor(this.leaseMs / 3)),
    );
    try {
      await work();
    } catch (error) {
      clearInterval(heartbeat);
      await this.release(key, claim.token).catch((releaseError: Error) =>
        // The lease expires by itself; the retry waits for it instead of being lost.
        this.logger.warn(`could not release ${key}: ${releaseError.message}`),
      );
      throw error;
    }
    clearInterval(heartbeat);
    // The work is confirmed: failing now would only repeat it. A lost `done` costs at most a
    // duplicate when WhatsApp delivers the same event again.
    const owned = await this.complete(key, claim.token).catch((error: Error) => {
      this.logger.warn(`could not mark ${key} done: ${error.message}`);
      return true;
    });
    if (!owned) this.logger.warn(`the lease of ${key} had expired before its work was confirmed`);
    return 'handled';
  }

  private get leaseMs(): number {
    return this.options.leaseMs;
  }
}
