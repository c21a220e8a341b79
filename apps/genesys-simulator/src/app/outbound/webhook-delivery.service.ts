import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { signGenesysWebhook, signWebhook } from '@switchboard/backend-util-signatures';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { RingBuffer } from '@switchboard/shared-util-collections';
import { ClockService } from '../core/clock.service';
import { notFound } from '../core/genesys-errors.util';
import { newEntityId } from '../core/ids.util';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';
import type { StoredIntegration } from '../integrations/integrations.service';

/**
 * How the simulator signs a webhook: `valid` as Genesys does; the others are negative modes
 * for the receiver's tests (a wrong key, Meta's hex encoding, no header at all).
 */
export const SIGNATURE_MODES = ['valid', 'wrong-secret', 'hex', 'none'] as const;
export type SignatureMode = (typeof SIGNATURE_MODES)[number];

export const SIGNATURE_HEADER = 'X-Hub-Signature-256';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'gave-up' | 'cancelled';
export type AttemptOutcome = 'delivered' | 'will-retry' | 'failed' | 'gave-up' | 'cancelled';

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly statusCode?: number;
  readonly error?: string;
  readonly responseBody?: string;
  readonly outcome: AttemptOutcome;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly integrationId: string;
  readonly messageId?: string;
  readonly type: string;
  readonly url: string;
  readonly signatureMode: SignatureMode;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The exact bytes sent (UTF-8). */
  readonly body: string;
  /** The delivery whose exact bytes and headers this one sends again (`POST /control/deliveries/{id}/redeliver`). */
  readonly redeliveryOf?: string;
  readonly createdAt: string;
  status: DeliveryStatus;
  completedAt?: string;
  attempts: DeliveryAttempt[];
}

export interface DeliveryRequest {
  readonly integration: StoredIntegration;
  readonly body: string;
  readonly type: string;
  readonly messageId?: string;
  readonly signatureMode: SignatureMode;
}

export interface StartedDelivery {
  readonly delivery: DeliveryRecord;
  /** Settles with the final record once the delivery succeeded, failed, gave up or was cancelled. */
  readonly completion: Promise<DeliveryRecord>;
}

export interface DeliveryFilter {
  readonly integrationId?: string;
  readonly messageId?: string;
  readonly status?: DeliveryStatus;
}

type AttemptResult =
  | { readonly kind: 'response'; readonly statusCode: number; readonly body: string }
  | { readonly kind: 'timeout' | 'network-error' | 'cancelled'; readonly error: string };

const MAX_RECORDED_RESPONSE_CHARS = 2_000;

function signatureFor(body: string, secret: string, mode: SignatureMode): string | undefined {
  switch (mode) {
    case 'valid':
      return signGenesysWebhook(body, secret);
    case 'wrong-secret':
      return signGenesysWebhook(body, `${secret}-not-the-integration-secret`);
    case 'hex':
      return signWebhook(body, secret, 'hex');
    case 'none':
      return undefined;
  }
}

/** Genesys retries on a timeout, a 429 or a 5xx; any other answer ends the delivery (spec B3). */
function isRetryable(result: AttemptResult): boolean {
  if (result.kind === 'cancelled') return false;
  if (result.kind !== 'response') return true;
  return result.statusCode === 429 || result.statusCode >= 500;
}

/**
 * POSTs outbound notifications to an integration's webhook as Genesys does (spec B3): the raw
 * bytes signed with the integration's secret (base64 HMAC-SHA256), the integration's
 * `webhookHeaders`, a timeout per attempt and a fixed delay between retries. Every attempt is
 * recorded. At most MAX_PENDING_DELIVERIES are in progress: beyond, the oldest is cancelled.
 */
@Injectable()
export class WebhookDeliveryService implements Resettable, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private readonly deliveries: RingBuffer<DeliveryRecord>;
  private readonly agent = new Agent({ keepAliveTimeout: 1_000 });
  /** Deliveries in progress (attempting or waiting to retry), oldest first, with their cancellation. */
  private readonly inProgress = new Map<string, AbortController>();
  /** Set on shutdown: deliveries asked for by requests still in flight are cancelled at once. */
  private closed = false;

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) private readonly config: GenesysSimulatorConfig,
    private readonly clock: ClockService,
    registry: SimulatorStateService,
  ) {
    this.deliveries = new RingBuffer(config.limits.maxDeliveries);
    registry.register(this);
  }

  deliver(request: DeliveryRequest): StartedDelivery {
    const { integration } = request;
    const signature = signatureFor(request.body, integration.webhookSecret, request.signatureMode);
    const delivery: DeliveryRecord = {
      id: newEntityId(),
      integrationId: integration.id,
      ...(request.messageId !== undefined && { messageId: request.messageId }),
      type: request.type,
      url: integration.outboundNotificationWebhookUrl,
      signatureMode: request.signatureMode,
      requestHeaders: {
        ...integration.webhookHeaders,
        'Content-Type': 'application/json',
        ...(signature !== undefined && { [SIGNATURE_HEADER]: signature }),
      },
      body: request.body,
      createdAt: this.clock.nowIso(),
      status: 'pending',
      attempts: [],
    };
    return this.launch(delivery);
  }

  /**
   * Sends an earlier delivery's exact bytes and headers again, `count` times at once, as new
   * deliveries: what a receiver sees when Genesys delivers the same message more than once.
   */
  redeliver(deliveryId: string, count: number): StartedDelivery[] {
    const original = this.deliveries.toArray().find((delivery) => delivery.id === deliveryId);
    if (!original) throw notFound(`delivery ${deliveryId} not found (never made, or no longer recorded)`);
    const { id, completedAt: _completedAt, attempts: _attempts, ...sent } = original;
    return Array.from({ length: count }, () =>
      this.launch({
        ...sent,
        id: newEntityId(),
        redeliveryOf: id,
        createdAt: this.clock.nowIso(),
        status: 'pending',
        attempts: [],
      }),
    );
  }

  list(filter: DeliveryFilter): DeliveryRecord[] {
    return this.deliveries
      .toArray()
      .filter(
        (delivery) => filter.integrationId === undefined || delivery.integrationId === filter.integrationId,
      )
      .filter((delivery) => filter.messageId === undefined || delivery.messageId === filter.messageId)
      .filter((delivery) => filter.status === undefined || delivery.status === filter.status);
  }

  /** Cancels the deliveries in progress and forgets the recorded ones. */
  reset(): void {
    this.cancelInProgress();
    this.deliveries.clear();
  }

  /** Before the HTTP server closes, so that `?wait=true` requests waiting for a delivery end now. */
  onModuleDestroy(): void {
    this.closed = true;
    this.cancelInProgress();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  private launch(delivery: DeliveryRecord): StartedDelivery {
    const { maxPendingDeliveries } = this.config.limits;
    for (const [id, oldest] of this.inProgress) {
      if (this.inProgress.size < maxPendingDeliveries) break;
      this.logger.warn(`cancelling delivery ${id}: more than MAX_PENDING_DELIVERIES in progress`);
      oldest.abort();
      this.inProgress.delete(id);
    }
    const cancellation = new AbortController();
    if (this.closed) cancellation.abort();
    this.inProgress.set(delivery.id, cancellation);
    this.deliveries.push(delivery);
    const completion = this.run(delivery, cancellation.signal).then(() => {
      this.inProgress.delete(delivery.id);
      return delivery;
    });
    return { delivery, completion };
  }

  private cancelInProgress(): void {
    for (const cancellation of this.inProgress.values()) cancellation.abort();
    this.inProgress.clear();
  }

  private async run(delivery: DeliveryRecord, cancelled: AbortSignal): Promise<void> {
    const { maxRetries, retryDelayMs } = this.config.webhook;
    for (let attempt = 1; ; attempt += 1) {
      const startedAt = Date.now();
      const result = await this.attempt(delivery, cancelled);
      const outcome = this.outcomeOf(result, attempt > maxRetries);
      delivery.attempts.push({
        attempt,
        startedAt: new Date(startedAt).toISOString(),
        durationMs: Date.now() - startedAt,
        ...(result.kind === 'response'
          ? { statusCode: result.statusCode, responseBody: result.body }
          : { error: result.error }),
        outcome,
      });
      // Delivered attempts are routine (thousands per second in a benchmark); the others are not.
      this.logger[outcome === 'delivered' ? 'debug' : 'log'](
        `delivery ${delivery.id} (${delivery.type}) attempt ${attempt} → ${
          result.kind === 'response' ? result.statusCode : result.error
        }: ${outcome}`,
      );
      if (outcome !== 'will-retry') {
        this.complete(delivery, outcome);
        return;
      }
      try {
        await sleep(retryDelayMs, undefined, { signal: cancelled });
      } catch {
        this.complete(delivery, 'cancelled');
        return;
      }
    }
  }

  private outcomeOf(result: AttemptResult, retriesExhausted: boolean): AttemptOutcome {
    if (result.kind === 'cancelled') return 'cancelled';
    if (result.kind === 'response' && result.statusCode >= 200 && result.statusCode < 300) return 'delivered';
    if (!isRetryable(result)) return 'failed';
    return retriesExhausted ? 'gave-up' : 'will-retry';
  }

  private complete(delivery: DeliveryRecord, status: Exclude<DeliveryStatus, 'pending'>): void {
    delivery.status = status;
    delivery.completedAt = this.clock.nowIso();
  }

  private async attempt(delivery: DeliveryRecord, cancelled: AbortSignal): Promise<AttemptResult> {
    if (cancelled.aborted) return { kind: 'cancelled', error: 'cancelled' };
    const timeout = AbortSignal.timeout(this.config.webhook.timeoutMs);
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        headers: delivery.requestHeaders,
        body: delivery.body,
        signal: AbortSignal.any([timeout, cancelled]),
        dispatcher: this.agent,
      });
      const body = await response.body.text();
      return {
        kind: 'response',
        statusCode: response.statusCode,
        body: body.slice(0, MAX_RECORDED_RESPONSE_CHARS),
      };
    } catch (error) {
      if (cancelled.aborted) return { kind: 'cancelled', error: 'cancelled' };
      if (timeout.aborted)
        return { kind: 'timeout', error: `timeout after ${this.config.webhook.timeoutMs} ms` };
      return { kind: 'network-error', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
