import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  KeyedCircuitBreakers,
  KeyedPauses,
  KeyedRateLimiter,
  KeyedSemaphore,
} from '@switchboard/backend-util-resilience';
import { genesysApiBaseUrl, type GenesysRegion } from '@switchboard/shared-contracts';
import type { GenesysMetrics, GenesysRequestOutcome, GenesysWaitReason } from '../metrics/genesys-metrics';
import {
  classifyGenesysStatus,
  describeGenesysErrorBody,
  headerValue,
  MIN_RETRY_AFTER_MS,
  retryAfterMs,
  type GenesysAnswer,
} from './genesys-answer.util';
import { genesysInboundUrl, type GenesysCallKind } from './genesys-endpoints.util';
import type { GenesysTransport } from './genesys-transport';
import {
  GenesysCircuitOpenError,
  GenesysCredentialsRejectedError,
  GenesysRateLimitedError,
  GenesysRequestRejectedError,
  GenesysThrottledError,
  GenesysUnavailableError,
} from './genesys.errors';

/** One call to the Open Messaging inbound API on behalf of a tenant. */
export interface GenesysCall {
  readonly kind: GenesysCallKind;
  readonly tenantId: string;
  readonly integrationId: string;
  readonly region: GenesysRegion;
  readonly body: unknown;
}

/** The integration's Genesys token (auth-service's broker via CloudTokenClient). */
export interface GenesysTokenSource {
  genesysToken(integrationId: string): Promise<string>;
  invalidateGenesysToken(integrationId: string): Promise<void>;
}

export interface GenesysApiClientLogger {
  warn(message: string): void;
}

export interface GenesysApiClientOptions {
  readonly transport: GenesysTransport;
  readonly tokens: GenesysTokenSource;
  /** Concurrent calls per tenant. */
  readonly tenantSlots: KeyedSemaphore;
  readonly rateLimiter: Pick<KeyedRateLimiter, 'reserve'>;
  readonly pauses: KeyedPauses;
  /** Per Genesys region (createRegionBreakers): an open one refuses with GenesysCircuitOpenError. */
  readonly breakers: KeyedCircuitBreakers;
  readonly metrics: GenesysMetrics;
  /** One API base for every region (the simulator); unset: `https://api.{region domain}`. */
  readonly apiBaseUrl?: string;
  /** Wait after a 429 without a usable Retry-After. */
  readonly defaultRetryAfterMs: number;
  /** Longer waits are handed back to the queue (RetryLaterError) instead of held in-process. */
  readonly maxInlineWaitMs: number;
  readonly logger?: GenesysApiClientLogger;
}

/** Inline waits in a row before the call goes back to the queue anyway (others keep taking the budget). */
const MAX_INLINE_WAITS = 3;

/**
 * Sends one call to Genesys with everything that keeps Genesys and the other tenants safe: at
 * most N calls of a tenant at once, the tenant token's rate, integrations paused after a 429,
 * the region's circuit breaker, and one renewal of the token after a 401. Resolves with the 2xx
 * answer; every other outcome is a typed error that tells the queue what to do.
 */
export class GenesysApiClient {
  constructor(private readonly options: GenesysApiClientOptions) {}

  send(call: GenesysCall): Promise<GenesysAnswer> {
    return this.options.tenantSlots.run(call.tenantId, () => this.sendHoldingSlot(call));
  }

  private async sendHoldingSlot(call: GenesysCall): Promise<GenesysAnswer> {
    const { tokens } = this.options;
    const first = await this.request(call, await tokens.genesysToken(call.integrationId));
    if (classifyGenesysStatus(first.status) !== 'unauthorized') return this.accepted(call, first);

    this.options.logger?.warn(
      `Genesys answered 401 to the ${call.kind} for integration ${call.integrationId}: renewing the token and trying once more`,
    );
    await tokens.invalidateGenesysToken(call.integrationId);
    const second = await this.request(call, await tokens.genesysToken(call.integrationId));
    if (classifyGenesysStatus(second.status) === 'unauthorized') {
      this.options.metrics.recordAuthFailure(call.tenantId);
      throw new GenesysCredentialsRejectedError(
        `Genesys rejected the credentials of integration ${call.integrationId}: 401 with a renewed token too (${describeGenesysErrorBody(second.body)}); check the integration's OAuth client`,
      );
    }
    return this.accepted(call, second);
  }

  /** One HTTP request, after the tenant's turn has come; 5xx and no-answer go through the breaker as failures. */
  private async request(call: GenesysCall, accessToken: string): Promise<GenesysAnswer> {
    await this.waitForTurn(call);
    const url = genesysInboundUrl(
      this.options.apiBaseUrl ?? genesysApiBaseUrl(call.region),
      call.integrationId,
      call.kind,
    );
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const answer = await this.options.breakers.run(call.region, async () => {
        const answer = await this.options.transport.post({ url, accessToken, body: call.body });
        if (classifyGenesysStatus(answer.status) === 'unavailable') {
          throw new GenesysUnavailableError(
            'server_error',
            `Genesys answered ${answer.status} to the ${call.kind} for integration ${call.integrationId}: ${describeGenesysErrorBody(answer.body)}`,
            answer.status,
          );
        }
        return answer;
      });
      this.options.metrics.recordRequest(call.kind, outcomeOf(answer.status), answer.status, seconds());
      return answer;
    } catch (error) {
      if (error instanceof GenesysUnavailableError) {
        this.options.metrics.recordRequest(call.kind, error.unavailability, error.status, seconds());
      } else if (error instanceof GenesysCircuitOpenError) {
        this.options.metrics.recordWait('circuit_open', 'deferred');
      }
      throw error;
    }
  }

  /** What a non-401 answer means: the 2xx itself, or the error for the queue. */
  private accepted(call: GenesysCall, answer: GenesysAnswer): GenesysAnswer {
    const what = `the ${call.kind} for integration ${call.integrationId}`;
    switch (classifyGenesysStatus(answer.status)) {
      case 'accepted':
        return answer;
      case 'rate-limited': {
        const delayMs = retryAfterMs(headerValue(answer, 'retry-after'), this.options.defaultRetryAfterMs);
        this.options.pauses.pause(call.integrationId, delayMs);
        this.options.metrics.recordRateLimited(call.tenantId);
        throw new GenesysRateLimitedError(
          delayMs,
          `Genesys answered 429 to ${what}: retry after ${Math.ceil(delayMs / 1000)} s; integration paused until then`,
        );
      }
      default:
        throw new GenesysRequestRejectedError(
          answer.status,
          `Genesys refused ${what} with ${answer.status}: ${describeGenesysErrorBody(answer.body)}`,
        );
    }
  }

  /**
   * Waits while the integration is paused after a 429 or the tenant's rate budget is spent:
   * in-process for short waits, otherwise back to the queue without burning an attempt.
   */
  private async waitForTurn(call: GenesysCall): Promise<void> {
    for (let inlineWaits = 0; ; inlineWaits += 1) {
      const pausedMs = this.options.pauses.remainingMs(call.integrationId);
      const waitMs = pausedMs > 0 ? pausedMs : await this.options.rateLimiter.reserve(call.tenantId);
      if (waitMs === 0) return;
      const reason: GenesysWaitReason = pausedMs > 0 ? 'integration_paused' : 'tenant_rate';
      if (waitMs > this.options.maxInlineWaitMs || inlineWaits >= MAX_INLINE_WAITS) {
        this.options.metrics.recordWait(reason, 'deferred');
        throw new GenesysThrottledError(
          Math.max(waitMs, MIN_RETRY_AFTER_MS),
          reason === 'integration_paused'
            ? `integration ${call.integrationId} is paused after a 429 from Genesys for ${Math.ceil(waitMs / 1000)} s more`
            : `tenant ${call.tenantId} has used its Genesys call rate; next call possible in ${Math.ceil(waitMs / 1000)} s`,
        );
      }
      this.options.metrics.recordWait(reason, 'inline');
      await sleep(waitMs);
    }
  }
}

function outcomeOf(status: number): GenesysRequestOutcome {
  switch (classifyGenesysStatus(status)) {
    case 'accepted':
      return 'accepted';
    case 'unauthorized':
      return 'unauthorized';
    case 'rate-limited':
      return 'rate_limited';
    case 'unavailable':
      return 'server_error';
    case 'rejected':
      return 'rejected';
  }
}
