import { Inject, Injectable, Logger, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import { signMetaWebhook } from '@switchboard/backend-util-signatures';
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { Deferred } from '../common/deferred.util';
import { newLocalId } from '../common/ids.util';
import { RingBuffer } from '@switchboard/shared-util-collections';
import { SimulatorClock } from '../common/simulator-clock.service';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import { PhoneNumbersService } from '../phone-numbers/phone-numbers.service';
import {
  DeliveryKind,
  DeliveryRecord,
  DeliveryRequest,
  DeliveryState,
  DeliveryWait,
  WebhookSettings,
} from './webhook-delivery.types';

/** A delivery with the exact bytes and headers it sends, so that it can be sent again. */
interface TrackedDelivery {
  readonly record: DeliveryRecord;
  readonly headers: Record<string, string>;
  readonly payload: Buffer;
  readonly abort: AbortController;
  readonly firstAttempt: Deferred<DeliveryRecord>;
  readonly settled: Deferred<DeliveryRecord>;
  timer?: NodeJS.Timeout;
}

export interface DeliveryFilter {
  readonly state?: DeliveryState;
  readonly kind?: DeliveryKind;
  readonly phoneNumberId?: string;
  readonly id?: string;
  readonly limit?: number;
}

const RESPONSE_BODY_LIMIT = 1000;

/**
 * Delivers webhooks as Meta does: POST, signed over the exact bytes sent, and only HTTP 200
 * counts; anything else is retried with exponential backoff up to the configured attempts
 * (Meta keeps trying for 7 days; the simulator's bound is configurable).
 */
@Injectable()
export class WebhookDeliveryService implements OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private readonly records: RingBuffer<TrackedDelivery>;
  private readonly pending = new Map<string, TrackedDelivery>();
  private current: WebhookSettings;
  /** Set on shutdown: deliveries asked for by requests still in flight are abandoned at once. */
  private closed = false;

  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) private readonly config: WhatsAppSimulatorConfig,
    private readonly phoneNumbers: PhoneNumbersService,
    private readonly clock: SimulatorClock,
  ) {
    this.records = new RingBuffer(config.MAX_RECORDED_DELIVERIES);
    this.current = this.defaultSettings();
  }

  settings(): WebhookSettings {
    return { ...this.current };
  }

  updateSettings(changes: Partial<WebhookSettings>): WebhookSettings {
    this.current = { ...this.current, ...changes };
    return this.settings();
  }

  /** Starts delivering and returns at once; the promise settles as `wait` asks. */
  deliver(deliveryRequest: DeliveryRequest, wait: DeliveryWait = 'none'): Promise<DeliveryRecord> {
    return waitFor(this.start(deliveryRequest), wait);
  }

  /**
   * Sends the exact bytes and headers of an earlier delivery again, `count` times at once, as
   * new deliveries: Meta delivers at least once, so the same webhook may arrive several times,
   * even concurrently.
   */
  redeliver(id: string, count: number, wait: DeliveryWait = 'none'): Promise<DeliveryRecord[]> {
    const { headers, payload, record } = this.find(id);
    const {
      id: originalId,
      createdAt: _at,
      state: _state,
      nextAttemptAt: _next,
      attempts: _tries,
      ...sent
    } = record;
    const copies = Array.from({ length: count }, () =>
      this.launch({ ...sent, ids: [...sent.ids], redeliveryOf: originalId }, headers, payload),
    );
    return Promise.all(copies.map((copy) => waitFor(copy, wait)));
  }

  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    const items = this.records
      .toArray()
      .map((tracked) => tracked.record)
      .filter(
        (record) =>
          (filter.state === undefined || record.state === filter.state) &&
          (filter.kind === undefined || record.kind === filter.kind) &&
          (filter.phoneNumberId === undefined || record.phoneNumberId === filter.phoneNumberId) &&
          (filter.id === undefined || record.ids.includes(filter.id)),
      );
    return filter.limit === undefined ? items : items.slice(-filter.limit);
  }

  get(id: string): DeliveryRecord {
    return this.find(id).record;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get droppedCount(): number {
    return this.records.dropped;
  }

  reset(): void {
    for (const pending of [...this.pending.values()]) this.finish(pending, 'abandoned');
    this.records.clear();
    this.current = this.defaultSettings();
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const pending of [...this.pending.values()]) this.finish(pending, 'abandoned');
  }

  private defaultSettings(): WebhookSettings {
    return {
      url: this.config.WEBHOOK_URL,
      appSecret: this.config.APP_SECRET,
      verifyToken: this.config.VERIFY_TOKEN,
      maxAttempts: this.config.WEBHOOK_MAX_ATTEMPTS,
      initialDelayMs: this.config.WEBHOOK_RETRY_INITIAL_DELAY_MS,
      factor: this.config.WEBHOOK_RETRY_FACTOR,
      maxDelayMs: this.config.WEBHOOK_RETRY_MAX_DELAY_MS,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
    };
  }

  private find(id: string): TrackedDelivery {
    const tracked =
      this.pending.get(id) ?? this.records.toArray().find((candidate) => candidate.record.id === id);
    if (!tracked) throw new NotFoundException(`no delivery ${id} (never made, or no longer recorded)`);
    return tracked;
  }

  private start(deliveryRequest: DeliveryRequest): TrackedDelivery {
    const phoneNumber =
      deliveryRequest.phoneNumberId === undefined
        ? undefined
        : this.phoneNumbers.find(deliveryRequest.phoneNumberId);
    const url = deliveryRequest.url ?? phoneNumber?.webhookUrl ?? this.current.url;
    const appSecret = phoneNumber?.appSecret ?? this.current.appSecret;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'facebookexternalua',
      ...signatureHeaders(deliveryRequest, appSecret),
    };
    return this.launch(
      {
        kind: deliveryRequest.kind,
        ...(deliveryRequest.phoneNumberId === undefined
          ? {}
          : { phoneNumberId: deliveryRequest.phoneNumberId }),
        ids: [...(deliveryRequest.ids ?? [])],
        url,
        ...(headers['x-hub-signature-256'] === undefined
          ? {}
          : { signature: headers['x-hub-signature-256'] }),
        body: deliveryRequest.body.toString('utf8'),
        bodyBytes: deliveryRequest.body.length,
        maxAttempts: deliveryRequest.maxAttempts ?? this.current.maxAttempts,
      },
      headers,
      deliveryRequest.body,
    );
  }

  private launch(
    fields: Omit<DeliveryRecord, 'id' | 'createdAt' | 'state' | 'attempts'>,
    headers: Record<string, string>,
    payload: Buffer,
  ): TrackedDelivery {
    const record: DeliveryRecord = {
      ...fields,
      id: newLocalId('dlv'),
      createdAt: this.clock.isoNow(),
      state: 'pending',
      attempts: [],
    };
    const tracked: TrackedDelivery = {
      record,
      headers,
      payload,
      abort: new AbortController(),
      firstAttempt: new Deferred(),
      settled: new Deferred(),
    };
    this.makeRoomForPending();
    this.pending.set(record.id, tracked);
    this.records.push(tracked);
    if (this.closed) this.finish(tracked, 'abandoned');
    else void this.attempt(tracked);
    return tracked;
  }

  /** Bounds memory when the webhook target is down for long: the oldest pending delivery is given up. */
  private makeRoomForPending(): void {
    while (this.pending.size >= this.config.WEBHOOK_MAX_PENDING) {
      const [oldest] = this.pending.values();
      this.logger.warn(`abandoning delivery ${oldest.record.id}: more than WEBHOOK_MAX_PENDING pending`);
      this.finish(oldest, 'abandoned');
    }
  }

  private async attempt(pending: TrackedDelivery): Promise<void> {
    const { record } = pending;
    pending.timer = undefined;
    record.nextAttemptAt = undefined;
    const attempt = record.attempts.length + 1;
    const startedAt = Date.now();
    const startedAtIso = this.clock.isoNow();
    let statusCode: number | undefined;
    let responseBody: string | undefined;
    let error: string | undefined;
    try {
      const response = await request(record.url, {
        method: 'POST',
        headers: pending.headers,
        body: pending.payload,
        headersTimeout: this.current.timeoutMs,
        bodyTimeout: this.current.timeoutMs,
        signal: pending.abort.signal,
      });
      statusCode = response.statusCode;
      responseBody = (await response.body.text()).slice(0, RESPONSE_BODY_LIMIT);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    if (record.state !== 'pending') return;
    record.attempts.push({
      attempt,
      startedAt: startedAtIso,
      durationMs: Date.now() - startedAt,
      ...(statusCode === undefined ? {} : { statusCode }),
      ...(error === undefined ? {} : { error }),
      ...(responseBody ? { responseBody } : {}),
    });
    const outcome = statusCode === undefined ? error : `HTTP ${statusCode}`;
    // Successful attempts are routine (thousands per second in a benchmark); failures are not.
    this.logger[statusCode === 200 ? 'debug' : 'log'](
      `webhook ${record.id} (${record.kind}) attempt ${attempt}/${record.maxAttempts} to ${record.url}: ${outcome}`,
    );
    pending.firstAttempt.resolve(record);
    if (statusCode === 200) return this.finish(pending, 'delivered');
    if (attempt >= record.maxAttempts) {
      this.logger.warn(`webhook ${record.id} given up after ${attempt} attempts`);
      return this.finish(pending, 'failed');
    }
    const delay = Math.min(
      this.current.initialDelayMs * this.current.factor ** (attempt - 1),
      this.current.maxDelayMs,
    );
    record.nextAttemptAt = new Date(this.clock.now() + delay).toISOString();
    pending.timer = setTimeout(() => void this.attempt(pending), delay);
  }

  private finish(pending: TrackedDelivery, state: Exclude<DeliveryState, 'pending'>): void {
    const { record } = pending;
    if (pending.timer) clearTimeout(pending.timer);
    if (state === 'abandoned') pending.abort.abort();
    record.state = state;
    record.nextAttemptAt = undefined;
    this.pending.delete(record.id);
    pending.firstAttempt.resolve(record);
    pending.settled.resolve(record);
  }
}

function signatureHeaders(deliveryRequest: DeliveryRequest, appSecret: string): Record<string, string> {
  const mode = deliveryRequest.signature ?? 'valid';
  if (typeof mode === 'object') return { 'x-hub-signature-256': mode.header };
  if (mode === 'none') return {};
  // A wrong signature is still well-formed hex, so that only the comparison can reject it.
  const key = mode === 'valid' ? appSecret : `${appSecret}-but-wrong`;
  return {
    'x-hub-signature-256': signMetaWebhook(deliveryRequest.body, key),
    'x-hub-signature': `sha1=${createHmac('sha1', key).update(deliveryRequest.body).digest('hex')}`,
  };
}

function snapshot(record: DeliveryRecord): DeliveryRecord {
  return structuredClone(record);
}

function waitFor(tracked: TrackedDelivery, wait: DeliveryWait): Promise<DeliveryRecord> {
  if (wait === 'first-attempt') return tracked.firstAttempt.promise.then(snapshot);
  if (wait === 'final') return tracked.settled.promise.then(snapshot);
  return Promise.resolve(snapshot(tracked.record));
}
