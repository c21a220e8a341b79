import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { ClockService } from '../core/clock.service';
import { badRequest } from '../core/genesys-errors.util';
import { newEntityId } from '../core/ids.util';
import type { SimulatedHost } from '../core/simulated-route.util';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';
import type { CreateFaultRequest, FaultKind } from './fault.dto';

export interface FaultRule {
  readonly id: string;
  readonly target: SimulatedHost;
  readonly integrationId?: string;
  /** Only requests of this OAuth client: its Basic credentials (login) or its bearer token (api). */
  readonly clientId?: string;
  readonly kind: FaultKind;
  readonly retryAfterSeconds: number;
  readonly status: number;
  readonly delayMs: number;
  /** Requests the rule still applies to; absent: unlimited. */
  remaining?: number;
  /** Simulated time (ISO) after which the rule no longer applies; absent: no end. */
  readonly expiresAt?: string;
  readonly createdAt: string;
  hits: number;
}

/** Rules that make the simulated hosts misbehave; the oldest matching rule wins. */
@Injectable()
export class FaultsService implements Resettable, OnModuleDestroy {
  private readonly logger = new Logger(FaultsService.name);
  private rules: FaultRule[] = [];
  /** Aborted on shutdown, so that requests held by a delay fault do not keep the app from closing. */
  private readonly shuttingDown = new AbortController();

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) private readonly config: GenesysSimulatorConfig,
    private readonly clock: ClockService,
    registry: SimulatorStateService,
  ) {
    registry.register(this);
  }

  add(request: CreateFaultRequest): FaultRule {
    this.prune();
    if (this.rules.length >= this.config.limits.maxFaultRules) {
      throw badRequest(`at most ${this.config.limits.maxFaultRules} fault rules can be active`);
    }
    const now = this.clock.now();
    const rule: FaultRule = {
      id: newEntityId(),
      target: request.target,
      ...(request.integrationId !== undefined && { integrationId: request.integrationId }),
      ...(request.clientId !== undefined && { clientId: request.clientId }),
      kind: request.kind,
      retryAfterSeconds: request.retryAfterSeconds,
      status: request.status,
      delayMs: request.delayMs,
      ...(request.count !== undefined && { remaining: request.count }),
      ...(request.durationMs !== undefined && {
        expiresAt: new Date(now + request.durationMs).toISOString(),
      }),
      createdAt: new Date(now).toISOString(),
      hits: 0,
    };
    this.rules.push(rule);
    const scope = [rule.integrationId, rule.clientId].filter(Boolean).join(', ');
    this.logger.log(`fault ${rule.id}: ${rule.kind} on ${rule.target}${scope ? ` (${scope})` : ''}`);
    return rule;
  }

  /** The fault to inject into this request, if any; consumes one use of the rule. */
  take(
    host: SimulatedHost,
    integrationId: string | undefined,
    clientId: string | undefined,
  ): FaultRule | undefined {
    this.prune();
    const rule = this.rules.find(
      (candidate) =>
        candidate.target === host &&
        (candidate.integrationId === undefined || candidate.integrationId === integrationId) &&
        (candidate.clientId === undefined || candidate.clientId === clientId),
    );
    if (!rule) return undefined;
    rule.hits += 1;
    if (rule.remaining !== undefined) rule.remaining -= 1;
    const applied = { ...rule };
    this.prune();
    return applied;
  }

  list(): FaultRule[] {
    this.prune();
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(ruleId: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== ruleId);
    return this.rules.length < before;
  }

  /** Waits for a delay fault; cut short when the app shuts down. */
  async hold(delayMs: number): Promise<void> {
    await sleep(delayMs, undefined, { signal: this.shuttingDown.signal }).catch(() => undefined);
  }

  reset(): void {
    this.rules = [];
  }

  onModuleDestroy(): void {
    this.shuttingDown.abort();
  }

  private prune(): void {
    const now = this.clock.now();
    this.rules = this.rules.filter(
      (rule) =>
        (rule.remaining === undefined || rule.remaining > 0) &&
        (rule.expiresAt === undefined || Date.parse(rule.expiresAt) > now),
    );
  }
}
