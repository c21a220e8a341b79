import { Injectable } from '@nestjs/common';
import { type Resettable, SimulatorStateService } from './simulator-state.service';

export interface TokenRequestCounts {
  /** Every request to `/oauth/token` presenting this client id, including failed and faulted ones. */
  requests: number;
  issued: number;
  rejected: number;
}

export interface RequestStatsSnapshot {
  readonly since: string;
  readonly total: number;
  readonly byRoute: Readonly<Record<string, number>>;
  readonly byIntegration: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly tokenRequests: {
    readonly total: number;
    readonly byClient: Readonly<Record<string, TokenRequestCounts>>;
  };
}

/** Unauthenticated token requests are counted under this client id. */
export const ANONYMOUS_CLIENT = '(none)';

/**
 * Integration and client ids come from request paths and headers, so anyone can make up new
 * ones: beyond this many distinct keys per table, the rest are counted under {@link OTHER_KEY}.
 * (Maps, not objects: a path segment such as `__proto__` or `constructor` is just a key.)
 */
export const MAX_DISTINCT_KEYS = 1_000;
export const OTHER_KEY = '(other)';

function boundedKey(counts: Map<string, unknown>, key: string): string {
  return counts.has(key) || counts.size < MAX_DISTINCT_KEYS ? key : OTHER_KEY;
}

function increment(counts: Map<string, number>, key: string): void {
  const bounded = boundedKey(counts, key);
  counts.set(bounded, (counts.get(bounded) ?? 0) + 1);
}

/** Counts the requests made to the simulated Genesys hosts (control requests are not counted). */
@Injectable()
export class RequestStatsService implements Resettable {
  private since = new Date();
  private total = 0;
  private readonly byRoute = new Map<string, number>();
  private readonly byIntegration = new Map<string, number>();
  private readonly byStatus = new Map<string, number>();
  private tokenTotal = 0;
  private readonly tokenByClient = new Map<string, TokenRequestCounts>();

  constructor(registry: SimulatorStateService) {
    registry.register(this);
  }

  recordRequest(route: string, integrationId: string | undefined): void {
    this.total += 1;
    increment(this.byRoute, route);
    if (integrationId !== undefined) increment(this.byIntegration, integrationId);
  }

  recordStatus(status: number): void {
    increment(this.byStatus, String(status));
  }

  recordTokenRequest(clientId: string | undefined): void {
    this.tokenTotal += 1;
    this.tokenCounts(clientId).requests += 1;
  }

  recordTokenOutcome(clientId: string | undefined, outcome: 'issued' | 'rejected'): void {
    this.tokenCounts(clientId)[outcome] += 1;
  }

  snapshot(): RequestStatsSnapshot {
    return structuredClone({
      since: this.since.toISOString(),
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byIntegration: Object.fromEntries(this.byIntegration),
      byStatus: Object.fromEntries(this.byStatus),
      tokenRequests: { total: this.tokenTotal, byClient: Object.fromEntries(this.tokenByClient) },
    });
  }

  reset(): void {
    this.since = new Date();
    this.total = 0;
    this.byRoute.clear();
    this.byIntegration.clear();
    this.byStatus.clear();
    this.tokenTotal = 0;
    this.tokenByClient.clear();
  }

  private tokenCounts(clientId: string | undefined): TokenRequestCounts {
    const key = boundedKey(this.tokenByClient, clientId ?? ANONYMOUS_CLIENT);
    let counts = this.tokenByClient.get(key);
    if (!counts) {
      counts = { requests: 0, issued: 0, rejected: 0 };
      this.tokenByClient.set(key, counts);
    }
    return counts;
  }
}
