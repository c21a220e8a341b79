import type { TenantStanding } from './tenant-status.client';

/** Where the standing of a tenant comes from (tenant-service, or a stand-in in unit tests). */
export interface TenantStandingSource {
  standingOf(tenantId: string): Promise<TenantStanding>;
}

interface InFlight {
  readonly epoch: number;
  readonly standing: Promise<TenantStanding>;
}

/**
 * The standing of tenants for login and refresh, in this process. Only "active" is remembered,
 * and only for `ttlMs`: a suspension or deletion must show at once, and a failure must never
 * turn into an answer (it propagates, and the next caller asks again). Concurrent lookups of one
 * tenant share one request. {@link forget} (tenant-service reported a suspension or deletion)
 * drops the entry, and no request that was already under way can put it back: each `forget`
 * starts a new epoch, and only a request of the current epoch is shared or remembered.
 * Entries exist only for active tenants, so the map is never larger than the set of tenants.
 */
export class TenantStatusCache {
  private readonly activeUntil = new Map<string, number>();
  private readonly inFlight = new Map<string, InFlight>();
  private epoch = 0;

  constructor(
    private readonly source: TenantStandingSource,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  standingOf(tenantId: string): Promise<TenantStanding> {
    const key = tenantId.toLowerCase();
    const until = this.activeUntil.get(key);
    if (until !== undefined && until > this.now()) return Promise.resolve('active');
    this.activeUntil.delete(key);
    const pending = this.inFlight.get(key);
    if (pending && pending.epoch === this.epoch) return pending.standing;
    const epoch = this.epoch;
    const standing = this.source
      .standingOf(key)
      .then((answer) => {
        if (answer === 'active' && this.ttlMs > 0 && epoch === this.epoch) {
          this.activeUntil.set(key, this.now() + this.ttlMs);
        }
        return answer;
      })
      .finally(() => {
        if (this.inFlight.get(key)?.standing === standing) this.inFlight.delete(key);
      });
    this.inFlight.set(key, { epoch, standing });
    return standing;
  }

  /** The tenant was suspended or deleted: the next lookup asks tenant-service again. */
  forget(tenantId: string): void {
    this.activeUntil.delete(tenantId.toLowerCase());
    this.epoch += 1;
  }
}
