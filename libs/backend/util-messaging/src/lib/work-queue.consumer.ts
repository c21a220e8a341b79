import { performance } from 'node:perf_hooks';
import { EXCHANGES, MESSAGE_HEADERS, type Envelope, type QueueName } from '@switchboard/shared-contracts';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { continueTraceparent, runWithContext } from '@switchboard/backend-util-observability';
import type { z } from 'zod';
import type { ConfirmedPublisher, RawPublishProperties } from './confirmed.publisher';
import type { ConsumerEvent, ConsumerObserver } from './consumer.observer';
import { DELAY_EXCHANGE, DELAY_TIER_HEADER, planDelay } from './delay-tier.util';
import { decodeEnvelope, encodeJson, type DecodeResult } from './envelope-codec.util';
import { HoldBackLedger } from './hold-back.ledger';
import {
  HELD_BACK_HEADER,
  PUBLISH_ID_HEADER,
  RETRY_LATER_COUNT_HEADER,
  readCountHeader,
  readStringHeader,
  republishProperties,
  withoutHoldBackHeaders,
  withoutTransientHeaders,
  type MessageHeaders,
} from './message-headers.util';
import type { MessagingConnection } from './messaging.connection';
import { CONSOLE_MESSAGING_LOGGER, type MessagingLogger } from './messaging.logger';
import { findWorkQueue } from './messaging.topology';
import {
  decideFailureOutcome,
  resolveRetryPolicy,
  type DeliveryState,
  type FailureOutcome,
  type RetryPolicy,
} from './retry-policy.util';

export interface MessageContext {
  readonly queue: QueueName;
  /** Envelope.attempt: retries made before this delivery (0 on the first). */
  readonly attempt: number;
  /** RetryLaterError deferrals made before this delivery. */
  readonly retryLaterCount: number;
  readonly headers: Readonly<MessageHeaders>;
  /** The broker delivered it before without an ack (e.g. a consumer died mid-way). */
  readonly redelivered: boolean;
  readonly messageId: string | undefined;
}

export type EnvelopeHandler<TPayload = unknown> = (
  envelope: Envelope<TPayload>,
  context: MessageContext,
) => Promise<void>;

export interface WorkQueueConsumerOptions<TPayload = unknown> {
  readonly queue: QueueName;
  readonly handler: EnvelopeHandler<TPayload>;
  /** Validates the payload too; a mismatch is dead-lettered at once like an invalid envelope. */
  readonly payloadSchema?: z.ZodType<TPayload>;
  /** Handlers running at once. Default 1. */
  readonly concurrency?: number;
  /** Unacked messages the broker may hand over; at least `concurrency`. Default = concurrency. */
  readonly prefetch?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly observer?: ConsumerObserver;
  readonly logger?: MessagingLogger;
  /** How long stop() waits for running handlers before closing anyway. Default 30 s. */
  readonly drainTimeoutMs?: number;
  /**
   * Required for (and only allowed on) an `ordered` work queue: messages with the same key are
   * handled one after the other in arrival order, and their retries happen in place (the
   * message keeps its turn) instead of through the delay queues. Other keys run concurrently.
   */
  readonly orderingKey?: (envelope: Envelope<TPayload>) => string;
  /**
   * Ordered queues only: how long one message may wait in place for its retries in total
   * before it goes through the delay queues after all (a message held unacked for too long is
   * taken back by the broker's consumer timeout). Default 10 min.
   */
  readonly maxInPlaceRetryMs?: number;
  /**
   * At most this many handlers of one tenant run at once, so that a tenant whose calls are slow
   * or waiting (429) leaves the other slots to the other tenants' messages already fetched.
   * Default: no limit beyond `concurrency`.
   */
  readonly maxActivePerTenant?: number;
  /**
   * At most this many messages of one tenant are held here at once (waiting, running or retrying
   * in place) once the prefetch window is nearly full. More are held back: sent round the delay
   * path and taken again after `holdBackDelayMs`, so that a tenant in trouble cannot fill the
   * prefetch window and starve the others' messages (`maxHeldPerTenant` of the window always
   * stays free for them). On an ordered queue a key with messages held back has its later
   * messages held back behind them, so its order is kept. Default: no limit.
   */
  readonly maxHeldPerTenant?: number;
  /** How long a held-back message stays away. Default 2 s. */
  readonly holdBackDelayMs?: number;
}

interface Delivery<TPayload> {
  readonly message: ConsumeMessage;
  /** The channel it arrived on: an ack is only valid there. */
  readonly channel: Channel;
  readonly receivedAt: number;
  readonly decoded: DecodeResult<TPayload>;
  /** Ordering key (ordered queues, valid envelopes only). */
  readonly key: string | undefined;
  readonly tenantId: string | undefined;
}

type DecodedDelivery<TPayload> = Delivery<TPayload> & {
  readonly decoded: Extract<DecodeResult<TPayload>, { ok: true }>;
};

type ObserverHook = keyof ConsumerObserver;
type ObserverEvent<K extends ObserverHook> = Parameters<NonNullable<ConsumerObserver[K]>>[0];

const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_IN_PLACE_RETRY_MS = 600_000;
const DEFAULT_HOLD_BACK_DELAY_MS = 2_000;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
  return value;
}

/**
 * Consumes one work queue: validates each envelope, runs the handler and acks only after it
 * resolved. Failures are retried through the delay path (the retry is confirmed before the
 * original is acked, so a crash in between duplicates instead of losing) and dead-lettered to
 * `<queue>.dlq` with their reason once retries are exhausted. Delivery is at least once:
 * handlers must be idempotent.
 *
 * On an `ordered` queue (single active consumer) messages with the same ordering key run one
 * after the other in arrival order while other keys run concurrently, and a failing message is
 * retried in place, keeping its turn, so that a later message of its key cannot overtake it.
 */
export class WorkQueueConsumer<TPayload = unknown> {
  readonly queue: QueueName;
  private readonly policy: RetryPolicy;
  private readonly concurrency: number;
  private readonly prefetch: number;
  private readonly logger: MessagingLogger;
  private readonly drainTimeoutMs: number;
  private readonly backlog: Delivery<TPayload>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly activeKeys = new Set<string>();
  private readonly activePerTenant = new Map<string, number>();
  private readonly maxActivePerTenant: number;
  private readonly ordered: boolean;
  private readonly maxInPlaceRetryMs: number;
  private readonly maxHeldPerTenant: number | undefined;
  private readonly holdBackDelayMs: number;
  private readonly heldPerTenant = new Map<string, number>();
  private heldTotal = 0;
  private readonly holdBackLedger: HoldBackLedger;
  private readonly holdingBack = new Set<Promise<void>>();
  private readonly stopSignal = new AbortController();
  private wrapper: ChannelWrapper | undefined;
  private channel: Channel | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly connection: MessagingConnection,
    private readonly publisher: ConfirmedPublisher,
    private readonly options: WorkQueueConsumerOptions<TPayload>,
  ) {
    this.queue = options.queue;
    const definition = findWorkQueue(options.queue);
    if (!definition?.deadLetter) {
      throw new Error(
        `${options.queue} is not a work queue with a dead-letter queue; it cannot be consumed here`,
      );
    }
    this.ordered = definition.ordered === true;
    if (this.ordered !== Boolean(options.orderingKey)) {
      throw new Error(
        this.ordered
          ? `${options.queue} is ordered: its consumer needs an orderingKey`
          : `${options.queue} is not ordered: an orderingKey would not keep order across replicas`,
      );
    }
    this.maxInPlaceRetryMs = options.maxInPlaceRetryMs ?? DEFAULT_MAX_IN_PLACE_RETRY_MS;
    this.maxActivePerTenant = positiveInteger(
      'maxActivePerTenant',
      options.maxActivePerTenant ?? Number.MAX_SAFE_INTEGER,
    );
    this.maxHeldPerTenant =
      options.maxHeldPerTenant === undefined
        ? undefined
        : positiveInteger('maxHeldPerTenant', options.maxHeldPerTenant);
    this.holdBackDelayMs = positiveInteger(
      'holdBackDelayMs',
      options.holdBackDelayMs ?? DEFAULT_HOLD_BACK_DELAY_MS,
    );
    // A held-back message that has not come back after many rounds is not waited for any longer.
    this.holdBackLedger = new HoldBackLedger(20 * this.holdBackDelayMs + 30_000);
    this.policy = resolveRetryPolicy(options.retry);
    this.concurrency = positiveInteger('concurrency', options.concurrency ?? 1);
    this.prefetch = positiveInteger('prefetch', options.prefetch ?? this.concurrency);
    if (this.prefetch < this.concurrency) {
      throw new RangeError(`prefetch (${this.prefetch}) must be at least concurrency (${this.concurrency})`);
    }
    this.logger = options.logger ?? CONSOLE_MESSAGING_LOGGER;
    this.drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  }

  /** Handlers currently running. */
  get activeCount(): number {
    return this.inFlight.size;
  }

  async start(): Promise<void> {
    if (this.wrapper) throw new Error(`consumer of ${this.queue} already started`);
    // Consuming a missing queue is a channel error; fail here with a clear message instead.
    await this.connection
      .withChannel((channel) => channel.checkQueue(this.queue))
      .catch((error: Error) => {
        throw new Error(`cannot consume ${this.queue}: ${error.message} (was the topology declared?)`);
      });
    this.wrapper = this.connection.createChannel({
      name: `consumer:${this.queue}`,
      confirm: false,
      setup: async (channel) => {
        this.channel = channel;
        // Deliveries of a closed channel are back in the queue (maybe with another replica,
        // now the active consumer): handling them here too would duplicate and reorder them.
        this.forgetStaleDeliveries();
      },
    });
    await this.wrapper.consume(this.queue, (message) => this.onMessage(message), { prefetch: this.prefetch });
  }

  /** Stops consuming, waits for running handlers (up to the drain timeout), then closes. */
  stop(): Promise<void> {
    this.stopping ??= this.drainAndClose();
    return this.stopping;
  }

  private async drainAndClose(): Promise<void> {
    const wrapper = this.wrapper;
    if (!wrapper) return;
    this.stopSignal.abort();
    await wrapper
      .cancelAll()
      .catch((error: Error) => this.logger.warn(`cancel ${this.queue}: ${error.message}`));
    for (const delivery of this.backlog.splice(0)) {
      this.release(delivery);
      this.requeue(delivery);
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.allSettled([...this.inFlight, ...this.holdingBack]).then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.drainTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.logger.warn(
        `${this.queue}: ${this.inFlight.size} handlers still running after ${this.drainTimeoutMs} ms; closing`,
      );
    }
    await wrapper.close();
  }

  private onMessage(message: ConsumeMessage): void {
    const channel = this.channel;
    // Unreachable: setup assigns the channel before the wrapper starts consuming on it.
    if (!channel) return;
    const decoded = decodeEnvelope(message.content, this.options.payloadSchema);
    const delivery: Delivery<TPayload> = {
      message,
      channel,
      receivedAt: performance.now(),
      decoded,
      key: this.orderingKeyOf(decoded),
      tenantId: decoded.ok ? decoded.envelope.tenantId : undefined,
    };
    if (this.stopping) {
      this.requeue(delivery);
      return;
    }
    const holdBackTag = this.holdBackTag(delivery);
    if (holdBackTag !== undefined) {
      this.holdBack(delivery, holdBackTag);
      return;
    }
    this.countHeld(delivery.tenantId, 1);
    this.backlog.push(delivery);
    this.pump();
  }

  /**
   * Whether a delivery goes round the delay path instead of waiting here (its tenant already
   * holds its share, or earlier messages of its key are on that path): the tag it goes with.
   */
  private holdBackTag(delivery: Delivery<TPayload>): string | undefined {
    const { tenantId, key } = delivery;
    if (this.maxHeldPerTenant === undefined || !tenantId) return undefined;
    // Over its share only while the others could need the room: a tenant alone (or with quiet
    // others) may use the whole window; `maxHeldPerTenant` of it always stays free for the rest.
    const full =
      (this.heldPerTenant.get(tenantId) ?? 0) >= this.maxHeldPerTenant &&
      this.heldTotal >= this.prefetch - this.maxHeldPerTenant;
    const returningTag = readStringHeader(delivery.message.properties.headers ?? {}, HELD_BACK_HEADER);
    const decision =
      returningTag === undefined
        ? this.holdBackLedger.onArrival(key, full)
        : this.holdBackLedger.onReturn(key, returningTag, full);
    return decision.admit ? undefined : decision.tag;
  }

  private holdBack(delivery: Delivery<TPayload>, tag: string): void {
    const headers = delivery.message.properties.headers ?? {};
    const delay = planDelay(this.holdBackDelayMs);
    const run = this.republish(delivery, 'hold-back', DELAY_EXCHANGE, delivery.message.content, {
      ...republishProperties(delivery.message.properties, {
        ...withoutTransientHeaders(headers),
        [HELD_BACK_HEADER]: tag,
        [DELAY_TIER_HEADER]: String(delay.tierMs),
      }),
      expiration: String(delay.expirationMs),
    }).then((published) => {
      if (published) this.notify('onHeldBack', { queue: this.queue, tenantId: delivery.tenantId });
      else this.holdBackLedger.onAbandoned(delivery.key, tag);
    });
    this.holdingBack.add(run);
    void run.finally(() => this.holdingBack.delete(run));
  }

  private countHeld(tenantId: string | undefined, change: 1 | -1): void {
    if (!tenantId) return;
    adjustCount(this.heldPerTenant, tenantId, change);
    this.heldTotal += change;
  }

  /** The delivery is no longer held here (handled, or given back to the broker). */
  private release(delivery: Delivery<TPayload>): void {
    this.countHeld(delivery.tenantId, -1);
  }

  private orderingKeyOf(decoded: DecodeResult<TPayload>): string | undefined {
    if (!decoded.ok || !this.options.orderingKey) return undefined;
    try {
      return this.options.orderingKey(decoded.envelope);
    } catch (error) {
      this.logger.warn(`${this.queue}: orderingKey threw, handled without order: ${String(error)}`);
      return undefined;
    }
  }

  private isStale(delivery: Delivery<TPayload>): boolean {
    return delivery.channel !== this.channel;
  }

  private forgetStaleDeliveries(): void {
    const stale = this.backlog.filter((delivery) => this.isStale(delivery)).length;
    if (stale === 0) return;
    for (let i = this.backlog.length - 1; i >= 0; i -= 1) {
      const delivery = this.backlog[i] as Delivery<TPayload>;
      if (!this.isStale(delivery)) continue;
      this.backlog.splice(i, 1);
      this.release(delivery);
    }
    this.logger.warn(
      `${this.queue}: channel replaced; ${stale} fetched messages left to the broker's redelivery`,
    );
  }

  /**
   * The oldest waiting delivery that may run: its key is not being handled (ordered queues) and
   * its tenant is below `maxActivePerTenant`.
   */
  private nextRunnable(): Delivery<TPayload> | undefined {
    const index = this.backlog.findIndex(
      (delivery) =>
        (!delivery.key || !this.activeKeys.has(delivery.key)) &&
        (!delivery.tenantId || (this.activePerTenant.get(delivery.tenantId) ?? 0) < this.maxActivePerTenant),
    );
    return index < 0 ? undefined : this.backlog.splice(index, 1)[0];
  }

  private countTenant(tenantId: string | undefined, change: 1 | -1): void {
    if (tenantId) adjustCount(this.activePerTenant, tenantId, change);
  }

  private pump(): void {
    while (this.inFlight.size < this.concurrency) {
      const delivery = this.nextRunnable();
      if (!delivery) return;
      const { key, tenantId } = delivery;
      if (key) this.activeKeys.add(key);
      this.countTenant(tenantId, 1);
      const run: Promise<void> = this.process(delivery).finally(() => {
        this.inFlight.delete(run);
        if (key) this.activeKeys.delete(key);
        this.countTenant(tenantId, -1);
        this.release(delivery);
        this.pump();
      });
      this.inFlight.add(run);
    }
  }

  private async process(delivery: Delivery<TPayload>): Promise<void> {
    const headers = delivery.message.properties.headers ?? {};
    this.notify('onConsumed', {
      queue: this.queue,
      tenantId: readStringHeader(headers, MESSAGE_HEADERS.TENANT_ID),
    });
    try {
      const decoded = delivery.decoded;
      if (!decoded.ok) {
        await this.deadLetter(delivery, decoded.reason, readCountHeader(headers, MESSAGE_HEADERS.ATTEMPT), {
          queue: this.queue,
          tenantId: readStringHeader(headers, MESSAGE_HEADERS.TENANT_ID),
        });
        return;
      }
      await this.handle({ ...delivery, decoded }, headers);
    } catch (error) {
      // Only a bug in this class gets here; the message stays safe in the broker.
      this.logger.error(`${this.queue}: unexpected consumer failure: ${String(error)}`);
      this.requeue(delivery);
    }
  }

  private async handle(delivery: DecodedDelivery<TPayload>, headers: MessageHeaders): Promise<void> {
    const { envelope } = delivery.decoded;
    const event: ConsumerEvent = { queue: this.queue, tenantId: envelope.tenantId };
    let state: DeliveryState = {
      attempt: envelope.attempt,
      retryLaterCount: readCountHeader(headers, RETRY_LATER_COUNT_HEADER),
    };
    for (;;) {
      if (this.isStale(delivery)) {
        this.logger.warn(
          `${this.queue}: message ${delivery.message.properties.messageId} dropped: its channel closed, the broker redelivers it`,
        );
        return;
      }
      try {
        await this.runHandler(delivery, headers, state);
      } catch (error) {
        const outcome = decideFailureOutcome(error, state, this.policy);
        const retryInPlace =
          this.ordered &&
          outcome.action === 'retry' &&
          // Everything counts: the time spent behind earlier messages of the key and in handlers,
          // since RabbitMQ takes back a message held unacked longer than its consumer timeout.
          this.elapsed(delivery) + outcome.delayMs <= this.maxInPlaceRetryMs;
        if (!retryInPlace) {
          await this.onHandlerFailure(delivery, outcome, state.attempt, event);
          return;
        }
        this.logger.warn(
          `${this.queue}: message ${delivery.message.properties.messageId} retried in place in ${outcome.delayMs} ms (attempt ${outcome.attempt}): ${outcome.reason}`,
        );
        this.notify('onRetried', {
          ...event,
          durationMs: this.elapsed(delivery),
          attempt: outcome.attempt,
          delayMs: outcome.delayMs,
          reason: outcome.reason,
        });
        if (!(await this.waitUnlessStopping(outcome.delayMs))) {
          this.requeue(delivery);
          return;
        }
        state = { attempt: outcome.attempt, retryLaterCount: outcome.retryLaterCount };
        continue;
      }
      this.ack(delivery);
      this.notify('onSucceeded', { ...event, durationMs: this.elapsed(delivery) });
      return;
    }
  }

  private runHandler(
    delivery: DecodedDelivery<TPayload>,
    headers: MessageHeaders,
    state: DeliveryState,
  ): Promise<void> {
    const envelope = { ...delivery.decoded.envelope, attempt: state.attempt };
    // Logs and outgoing calls of the handler carry the envelope's tenant and correlation id.
    return runWithContext(
      {
        correlationId: envelope.correlationId,
        traceparent: continueTraceparent(envelope.traceparent),
        tenantId: envelope.tenantId,
      },
      () =>
        this.options.handler(envelope, {
          queue: this.queue,
          attempt: state.attempt,
          retryLaterCount: state.retryLaterCount,
          headers,
          redelivered: delivery.message.fields.redelivered,
          messageId: delivery.message.properties.messageId,
        }),
    );
  }

  /** Resolves true after `ms`, or false as soon as the consumer is stopping. */
  private waitUnlessStopping(ms: number): Promise<boolean> {
    const signal = this.stopSignal.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async onHandlerFailure(
    delivery: DecodedDelivery<TPayload>,
    outcome: FailureOutcome,
    attempt: number,
    event: ConsumerEvent,
  ): Promise<void> {
    if (outcome.action === 'dead-letter') {
      await this.deadLetter(delivery, outcome.reason, attempt, event);
      return;
    }
    const delay = planDelay(outcome.delayMs);
    const headers: MessageHeaders = {
      ...withoutHoldBackHeaders(delivery.message.properties.headers ?? {}),
      [MESSAGE_HEADERS.ATTEMPT]: outcome.attempt,
      [RETRY_LATER_COUNT_HEADER]: outcome.retryLaterCount,
      [DELAY_TIER_HEADER]: String(delay.tierMs),
    };
    const published = await this.republish(
      delivery,
      'retry',
      DELAY_EXCHANGE,
      encodeJson({ ...delivery.decoded.json, attempt: outcome.attempt }),
      {
        ...republishProperties(delivery.message.properties, headers),
        expiration: String(delay.expirationMs),
      },
    );
    if (!published) return;
    this.logger.warn(
      `${this.queue}: message ${delivery.message.properties.messageId} retried in ${delay.expirationMs} ms (attempt ${outcome.attempt}): ${outcome.reason}`,
    );
    this.notify('onRetried', {
      ...event,
      durationMs: this.elapsed(delivery),
      attempt: outcome.attempt,
      delayMs: delay.expirationMs,
      reason: outcome.reason,
    });
  }

  private async deadLetter(
    delivery: Delivery<TPayload>,
    reason: string,
    attempt: number,
    event: ConsumerEvent,
  ): Promise<void> {
    const original = delivery.message.properties.headers ?? {};
    const { [PUBLISH_ID_HEADER]: _publishId, ...originalHeaders } = original;
    const headers: MessageHeaders = {
      ...withoutTransientHeaders(original),
      [MESSAGE_HEADERS.ATTEMPT]: attempt,
      [MESSAGE_HEADERS.DEAD_LETTER_REASON]: reason,
      [MESSAGE_HEADERS.DEAD_LETTER_QUEUE]: this.queue,
      [MESSAGE_HEADERS.DEAD_LETTERED_AT]: new Date().toISOString(),
      [MESSAGE_HEADERS.ORIGINAL_HEADERS]: originalHeaders,
    };
    const published = await this.republish(
      delivery,
      'dead-letter',
      EXCHANGES.DEAD_LETTER,
      delivery.message.content,
      republishProperties(delivery.message.properties, headers),
    );
    if (!published) return;
    this.logger.error(
      `${this.queue}: message ${delivery.message.properties.messageId} dead-lettered: ${reason}`,
    );
    this.notify('onDeadLettered', { ...event, durationMs: this.elapsed(delivery), reason });
  }

  /**
   * Publishes the follow-up (retry or dead letter) and acks the original only once the broker
   * confirmed it. If it is not confirmed the original is requeued; a quorum queue's delivery
   * limit still bounds how often that can happen.
   */
  private async republish(
    delivery: Delivery<TPayload>,
    what: string,
    exchange: string,
    content: Buffer,
    properties: RawPublishProperties,
  ): Promise<boolean> {
    try {
      await this.publisher.publish(exchange, this.queue, content, properties);
    } catch (error) {
      this.logger.error(
        `${this.queue}: ${what} of ${delivery.message.properties.messageId} not confirmed, requeued: ${String(error)}`,
      );
      this.requeue(delivery);
      return false;
    }
    this.ack(delivery);
    return true;
  }

  private ack(delivery: Delivery<TPayload>): void {
    try {
      delivery.channel.ack(delivery.message);
    } catch (error) {
      this.logger.warn(`${this.queue}: ack failed, the broker will redeliver: ${String(error)}`);
    }
  }

  private requeue(delivery: Delivery<TPayload>): void {
    try {
      delivery.channel.nack(delivery.message, false, true);
    } catch (error) {
      this.logger.warn(`${this.queue}: requeue failed, the broker will redeliver: ${String(error)}`);
    }
  }

  private elapsed(delivery: Delivery<TPayload>): number {
    return performance.now() - delivery.receivedAt;
  }

  private notify<K extends ObserverHook>(hook: K, event: ObserverEvent<K>): void {
    const observer = this.options.observer;
    try {
      (observer?.[hook] as ((event: ObserverEvent<K>) => void) | undefined)?.call(observer, event);
    } catch (error) {
      this.logger.warn(`${this.queue}: observer ${hook} threw: ${String(error)}`);
    }
  }
}

function adjustCount(counts: Map<string, number>, key: string, change: 1 | -1): void {
  const next = (counts.get(key) ?? 0) + change;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
