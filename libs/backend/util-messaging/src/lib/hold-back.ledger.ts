import { randomUUID } from 'node:crypto';

export type HoldBackDecision = { readonly admit: true } | { readonly admit: false; readonly tag: string };

interface KeyLedger {
  /** Next number to give a message of the key that is held back. */
  assigned: number;
  /** Number of the oldest held-back message of the key not yet let in. */
  expected: number;
  /** Numbers whose message went back to the queue instead (its hold-back was not confirmed). */
  readonly abandoned: Set<number>;
  lastProgressAt: number;
}

const ADMIT: HoldBackDecision = { admit: true };
const UNKEYED = '-';

/**
 * Which messages a consumer lets in and which it holds back (sends round the delay path) while
 * their tenant holds its share, keeping the order of each ordering key: every held-back message
 * of a key is numbered, later messages of the key are held back behind it, and on its way back
 * only the oldest number of the key is let in (as soon as the tenant has room); the others go
 * round again. A number that never comes back (lost, or handled by a previous consumer) stops
 * being waited for after `stallMs`.
 */
export class HoldBackLedger {
  private readonly keys = new Map<string, KeyLedger>();

  constructor(
    private readonly stallMs: number,
    private readonly now: () => number = Date.now,
    private readonly instance: string = randomUUID(),
  ) {}

  /** A message seen for the first time. */
  onArrival(key: string | undefined, tenantFull: boolean): HoldBackDecision {
    if (key === undefined) return tenantFull ? this.hold(UNKEYED) : ADMIT;
    const ledger = this.keys.get(key);
    if (!ledger && !tenantFull) return ADMIT;
    const entry = ledger ?? this.open(key);
    const tag = this.tag(entry.assigned);
    entry.assigned += 1;
    return { admit: false, tag };
  }

  /** A message back from the delay path, with the tag it was held back with. */
  onReturn(key: string | undefined, tag: string, tenantFull: boolean): HoldBackDecision {
    const number = this.numberOf(tag);
    const ledger = key === undefined ? undefined : this.keys.get(key);
    if (!ledger || number === undefined || number < ledger.expected) {
      // Unkeyed, held back by another consumer, or no longer waited for: only the tenant's share counts.
      return tenantFull ? { admit: false, tag } : ADMIT;
    }
    if (number > ledger.expected && this.now() - ledger.lastProgressAt <= this.stallMs) {
      return { admit: false, tag };
    }
    if (tenantFull) {
      // It is (or, after a stall, now counts as) the oldest of its key: keep everyone behind it.
      ledger.expected = number;
      return { admit: false, tag };
    }
    ledger.expected = number;
    this.advance(key as string, ledger);
    return ADMIT;
  }

  /** The hold-back was not confirmed: the message went back to the queue, not round the delay path. */
  onAbandoned(key: string | undefined, tag: string): void {
    const number = this.numberOf(tag);
    const ledger = key === undefined ? undefined : this.keys.get(key);
    if (!ledger || number === undefined) return;
    if (number === ledger.expected) this.advance(key as string, ledger);
    else ledger.abandoned.add(number);
  }

  /** Keys with messages on the delay path (for tests and metrics). */
  get keysHeldBack(): number {
    return this.keys.size;
  }

  private open(key: string): KeyLedger {
    const ledger: KeyLedger = { assigned: 0, expected: 0, abandoned: new Set(), lastProgressAt: this.now() };
    this.keys.set(key, ledger);
    return ledger;
  }

  private advance(key: string, ledger: KeyLedger): void {
    ledger.expected += 1;
    while (ledger.abandoned.delete(ledger.expected)) ledger.expected += 1;
    ledger.lastProgressAt = this.now();
    if (ledger.expected >= ledger.assigned) this.keys.delete(key);
  }

  private hold(suffix: string): HoldBackDecision {
    return { admit: false, tag: `${this.instance}:${suffix}` };
  }

  private tag(number: number): string {
    return `${this.instance}:${number}`;
  }

  /** The number of a tag this ledger gave out; undefined for another consumer's or an unkeyed tag. */
  private numberOf(tag: string): number | undefined {
    const [instance, suffix] = tag.split(':');
    if (instance !== this.instance || suffix === undefined || !/^\d+$/.test(suffix)) return undefined;
    return Number(suffix);
  }
}
