import { BoundedMap } from '@switchboard/shared-util-collections';

/**
 * Integrations Genesys told to slow down (429): until the Retry-After has passed, their other
 * messages wait instead of hammering Genesys. Process-local: the delivery queue has a single
 * active consumer, so the replica that got the 429 is the one sending.
 */
export class IntegrationPauses {
  private readonly until: BoundedMap<string, number>;

  constructor(
    capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.until = new BoundedMap(capacity);
  }

  /** Pauses `integrationId` for `ms` (a later end wins over an earlier one). */
  pause(integrationId: string, ms: number): void {
    const end = this.now() + ms;
    if ((this.until.get(integrationId) ?? 0) < end) this.until.set(integrationId, end);
  }

  /** How long `integrationId` is still paused (0: not paused). */
  remainingMs(integrationId: string): number {
    const end = this.until.get(integrationId);
    if (end === undefined) return 0;
    const remaining = end - this.now();
    if (remaining > 0) return remaining;
    this.until.delete(integrationId);
    return 0;
  }
}
