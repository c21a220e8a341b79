import type { LoggerService } from '@nestjs/common';
import { describeError } from './errors.util';

const DEFAULT_INTERVAL_MS = 30_000;

interface Occurrences {
  lastLoggedAt: number;
  suppressed: number;
}

/**
 * Logs a recurring failure (Redis down: every request would fail the same way) at most once per
 * interval for each kind of failure, with how many occurrences were left out in between.
 */
export class ThrottledWarning {
  private readonly kinds = new Map<string, Occurrences>();

  constructor(
    private readonly logger: Pick<LoggerService, 'warn'>,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** `what` names the kind of failure; `error` gives this occurrence's reason. */
  warn(what: string, error: unknown): void {
    const now = this.now();
    const seen = this.kinds.get(what);
    if (seen && now - seen.lastLoggedAt < this.intervalMs) {
      seen.suppressed += 1;
      return;
    }
    const also = seen?.suppressed ? ` (${seen.suppressed} more since the last report)` : '';
    this.logger.warn(`${what}: ${describeError(error)}${also}`);
    this.kinds.set(what, { lastLoggedAt: now, suppressed: 0 });
  }
}
