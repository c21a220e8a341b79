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

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Counts the requests made to the simulated Genesys hosts (control requests are not counted). */
@Injectable()
export class RequestStatsService implements Resettable {
  private since = new Date();
  private total = 0;
  private byRoute: Record<string, number> = {};
  private byIntegration: Record<string, number> = {};
  private byStatus: Record<string, number> = {};
  private tokenTotal = 0;
  private tokenByClient: Record<string, TokenRequestCounts> = {};

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
      byRoute: this.byRoute,
      byIntegration: this.byIntegration,
      byStatus: this.byStatus,
      tokenRequests: { total: this.tokenTotal, byClient: this.tokenByClient },
    });
  }

  reset(): void {
    this.since = new Date();
    this.total = 0;
    this.byRoute = {};
    this.byIntegration = {};
    this.byStatus = {};
    this.tokenTotal = 0;
    this.tokenByClient = {};
  }

  private tokenCounts(clientId: string | undefined): TokenRequestCounts {
    const key = clientId ?? ANONYMOUS_CLIENT;
    this.tokenByClient[key] ??= { requests: 0, issued: 0, rejected: 0 };
    return this.tokenByClient[key];
  }
}
