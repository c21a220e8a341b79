import { UpstreamUnavailableError } from '../core/domain-errors.util';
import { TenantStatusCache, type TenantStandingSource } from './tenant-status-cache.service';
import type { TenantStanding } from './tenant-status.client';

const TENANT = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const TTL_MS = 30_000;

/** tenant-service in memory: answers what `answers` says, counting the calls; each call can be held. */
class ScriptedSource implements TenantStandingSource {
  readonly answers = new Map<string, TenantStanding | Error>();
  calls = 0;
  private held: (() => void)[] = [];
  hold = false;

  async standingOf(tenantId: string): Promise<TenantStanding> {
    this.calls += 1;
    const answer = this.answers.get(tenantId) ?? 'gone';
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (answer instanceof Error) throw answer;
    return answer;
  }

  release(): void {
    this.held.splice(0).forEach((resolve) => resolve());
  }
}

describe(TenantStatusCache.name, () => {
  let source: ScriptedSource;
  let clock: number;
  let sut: TenantStatusCache;

  beforeEach(() => {
    source = new ScriptedSource();
    clock = 1_000_000;
    sut = new TenantStatusCache(source, TTL_MS, () => clock);
  });

  it('remembers an active tenant for the time to live, then asks again', async () => {
    source.answers.set(TENANT, 'active');

    await sut.standingOf(TENANT);
    clock += TTL_MS - 1;
    const cached = await sut.standingOf(TENANT);
    const callsWithinTtl = source.calls;
    clock += 1;
    await sut.standingOf(TENANT);

    expect(cached).toBe('active');
    expect(callsWithinTtl).toBe(1);
    expect(source.calls).toBe(2);
  });

  it.each(['suspended', 'gone'] as const)('never remembers a %s tenant', async (standing) => {
    source.answers.set(TENANT, standing);

    const answers = [await sut.standingOf(TENANT), await sut.standingOf(TENANT)];

    expect(answers).toEqual([standing, standing]);
    expect(source.calls).toBe(2);
  });

  it('never remembers a failure: it reaches the caller, and the next lookup asks again', async () => {
    source.answers.set(TENANT, new UpstreamUnavailableError('tenant-service unreachable', 5));

    await expect(sut.standingOf(TENANT)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    source.answers.set(TENANT, 'suspended');

    await expect(sut.standingOf(TENANT)).resolves.toBe('suspended');
    expect(source.calls).toBe(2);
  });

  it('asks again at once after a tenant was forgotten (suspended or deleted)', async () => {
    source.answers.set(TENANT, 'active');
    await sut.standingOf(TENANT);
    source.answers.set(TENANT, 'suspended');

    sut.forget(TENANT);

    await expect(sut.standingOf(TENANT)).resolves.toBe('suspended');
  });

  it('does not remember an "active" answer that was under way when the tenant was forgotten', async () => {
    source.answers.set(TENANT, 'active');
    source.hold = true;
    const underWay = sut.standingOf(TENANT);
    sut.forget(TENANT);
    source.release();
    await underWay;
    source.hold = false;
    source.answers.set(TENANT, 'suspended');

    await expect(sut.standingOf(TENANT)).resolves.toBe('suspended');
    expect(source.calls).toBe(2);
  });

  it('shares one request among concurrent lookups of a tenant', async () => {
    source.answers.set(TENANT, 'suspended');
    source.hold = true;

    const lookups = [sut.standingOf(TENANT), sut.standingOf(TENANT), sut.standingOf(TENANT)];
    await Promise.resolve();
    source.release();

    await expect(Promise.all(lookups)).resolves.toEqual(['suspended', 'suspended', 'suspended']);
    expect(source.calls).toBe(1);
  });

  it('asks for every lookup when the time to live is 0', async () => {
    sut = new TenantStatusCache(source, 0, () => clock);
    source.answers.set(TENANT, 'active');

    await sut.standingOf(TENANT);
    await sut.standingOf(TENANT);

    expect(source.calls).toBe(2);
  });

  it('treats the id without regard to case', async () => {
    source.answers.set(TENANT, 'active');

    await sut.standingOf(TENANT.toUpperCase());
    await sut.standingOf(TENANT);

    expect(source.calls).toBe(1);
  });
});
