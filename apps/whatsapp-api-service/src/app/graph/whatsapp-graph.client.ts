import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KeyedCircuitBreakers, KeyedPauses } from '@switchboard/backend-util-resilience';
import type {
  WhatsAppSendMessageRequest,
  WhatsAppTypingIndicatorRequest,
} from '@switchboard/shared-contracts';
import type {
  GraphCallKind,
  GraphRequestOutcome,
  WhatsAppMetrics,
  WhatsAppWaitReason,
} from '../metrics/whatsapp-metrics';
import type { NumberRateLimits } from '../pacing/number-rate-limits';
import type { RecipientPacing } from '../pacing/recipient-pacing.store';
import {
  classifyGraphAnswer,
  describeGraphError,
  MIN_RETRY_AFTER_MS,
  readSendAnswer,
  readUploadAnswer,
  retryAfterMs,
  type GraphAnswer,
} from './graph-answer.util';
import { graphMediaUrl, graphMessagesUrl } from './graph-endpoints.util';
import type { GraphRequestBody, GraphTransport } from './graph-transport';
import type { MultipartBody } from './multipart-body.util';
import {
  WhatsAppCircuitOpenError,
  WhatsAppCredentialsRejectedError,
  WhatsAppPairRateExhaustedError,
  WhatsAppPairRateLimitedError,
  WhatsAppRateLimitedError,
  WhatsAppRequestRejectedError,
  WhatsAppThrottledError,
  WhatsAppUnauthorizedError,
  WhatsAppUnavailableError,
} from './whatsapp.errors';

/** The tenant's number that sends. */
export interface Sender {
  readonly tenantId: string;
  readonly phoneNumberId: string;
  /** Messages per second WhatsApp allows this number (tenant-service), when known. */
  readonly throughputTier?: number;
}

/** The number's WhatsApp token (auth-service's broker via CloudTokenClient). */
export interface WhatsAppTokenSource {
  whatsAppToken(phoneNumberId: string): Promise<string>;
  invalidateWhatsAppToken(phoneNumberId: string): Promise<void>;
}

export interface WhatsAppGraphClientLogger {
  warn(message: string): void;
}

export interface WhatsAppGraphClientOptions {
  readonly transport: GraphTransport;
  readonly tokens: WhatsAppTokenSource;
  readonly rateLimits: Pick<NumberRateLimits, 'reserve'>;
  /** Numbers paused after 4 / 80007 / 429, per process. */
  readonly pauses: KeyedPauses;
  readonly pacing: Pick<RecipientPacing, 'pause' | 'strike' | 'reset'>;
  /** Per tenant (createTenantBreakers): an open one refuses with WhatsAppCircuitOpenError. */
  readonly breakers: KeyedCircuitBreakers;
  readonly metrics: WhatsAppMetrics;
  readonly graphBaseUrl: string;
  readonly graphVersion: string;
  readonly requestTimeoutMs: number;
  readonly uploadTimeoutMs: number;
  /** Wait after 4 / 80007 / 429 without a usable Retry-After. */
  readonly defaultRetryAfterMs: number;
  /** Longer waits are handed back to the queue (RetryLaterError) instead of held in-process. */
  readonly maxInlineWaitMs: number;
  /** 131056 in a row for one customer before the message fails. */
  readonly pairRateMaxRetries: number;
  readonly logger?: WhatsAppGraphClientLogger;
}

/** A send WhatsApp took: its wamid, or (2xx without one) what was unreadable. */
export type SendAnswer = { readonly wamid: string } | { readonly unreadable: string };

interface GraphCall {
  readonly kind: GraphCallKind;
  readonly sender: Sender;
  readonly url: string;
  readonly timeoutMs: number;
  /** A fresh body for each try (a streamed upload cannot be sent twice). */
  readonly body: () => Promise<GraphRequestBody>;
  /** The customer of a message send: paced after 131056. */
  readonly recipient?: string;
}

/** Inline waits in a row before the call goes back to the queue anyway (others keep taking the budget). */
const MAX_INLINE_WAITS = 3;

/**
 * Calls the Graph API for one tenant's number with everything that keeps WhatsApp and the other
 * tenants safe: the number's send rate (shared in Redis), pauses after rate-limit codes, the
 * customer's pacing after 131056, the tenant's circuit breaker, and one renewal of the token
 * after 401 / 190 / 0. Every failure is a typed error (whatsapp.errors.ts).
 */
export class WhatsAppGraphClient {
  constructor(private readonly options: WhatsAppGraphClientOptions) {}

  /** `POST /{phone-number-id}/messages` with a send body (spec A3). */
  async sendMessage(sender: Sender, body: WhatsAppSendMessageRequest): Promise<SendAnswer> {
    const { graphBaseUrl, graphVersion, requestTimeoutMs } = this.options;
    const answer = await this.exchange({
      kind: 'message',
      sender,
      url: graphMessagesUrl(graphBaseUrl, graphVersion, sender.phoneNumberId),
      timeoutMs: requestTimeoutMs,
      body: () => Promise.resolve({ json: body }),
      recipient: body.to,
    });
    return readSendAnswer(answer.body);
  }

  /** `POST /{phone-number-id}/media`, multipart (spec A4): the uploaded media id. */
  async uploadMedia(
    sender: Sender,
    openBody: () => Promise<MultipartBody>,
  ): Promise<{ mediaId: string } | { unreadable: string }> {
    const { graphBaseUrl, graphVersion, uploadTimeoutMs } = this.options;
    const answer = await this.exchange({
      kind: 'media_upload',
      sender,
      url: graphMediaUrl(graphBaseUrl, graphVersion, sender.phoneNumberId),
      timeoutMs: uploadTimeoutMs,
      body: openBody,
    });
    return readUploadAnswer(answer.body);
  }

  /** The typing indicator (mark-as-read with `typing_indicator`, spec A3). */
  async sendTyping(sender: Sender, body: WhatsAppTypingIndicatorRequest): Promise<void> {
    const { graphBaseUrl, graphVersion, requestTimeoutMs } = this.options;
    await this.exchange({
      kind: 'typing',
      sender,
      url: graphMessagesUrl(graphBaseUrl, graphVersion, sender.phoneNumberId),
      timeoutMs: requestTimeoutMs,
      body: () => Promise.resolve({ json: body }),
    });
  }

  /** One call, and once more with a renewed token when the first token was refused. */
  private async exchange(call: GraphCall): Promise<GraphAnswer> {
    const { tokens, metrics, logger } = this.options;
    const { tenantId, phoneNumberId } = call.sender;
    try {
      return await this.request(call, await tokens.whatsAppToken(phoneNumberId));
    } catch (error) {
      if (!(error instanceof WhatsAppUnauthorizedError)) throw error;
      logger?.warn(
        `WhatsApp refused the token of phone number ${phoneNumberId} (tenant ${tenantId}, ${describeGraphError(error.details)}): renewing it and trying once more`,
      );
    }
    await tokens.invalidateWhatsAppToken(phoneNumberId);
    try {
      return await this.request(call, await tokens.whatsAppToken(phoneNumberId));
    } catch (error) {
      if (!(error instanceof WhatsAppUnauthorizedError)) throw error;
      metrics.recordAuthFailure(tenantId);
      throw new WhatsAppCredentialsRejectedError(
        `WhatsApp refused the renewed token of phone number ${phoneNumberId} (tenant ${tenantId}) too (${describeGraphError(error.details)}): its credentials need an administrator`,
        error.details,
      );
    }
  }

  /** One HTTP request after the number's (and customer's) turn has come, through the tenant's breaker. */
  private async request(call: GraphCall, accessToken: string): Promise<GraphAnswer> {
    const { metrics, breakers, transport } = this.options;
    const paced = await this.waitForTurn(call);
    const what = this.describeCall(call);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let body: GraphRequestBody | undefined;
    let answer: GraphAnswer;
    try {
      answer = await breakers.run(call.sender.tenantId, async () => {
        // Opened only once the breaker let the call through: an open one costs no storage read.
        body = await call.body();
        const answer = await transport.post({ url: call.url, accessToken, body, timeoutMs: call.timeoutMs });
        const verdict = classifyGraphAnswer(answer);
        if (verdict.kind === 'unavailable') {
          throw new WhatsAppUnavailableError(
            verdict.details.code === undefined ? 'server_error' : 'transient_code',
            `WhatsApp could not take ${what} now (${describeGraphError(verdict.details)})`,
            verdict.details,
          );
        }
        if (verdict.kind === 'unauthorized') {
          throw new WhatsAppUnauthorizedError(`WhatsApp refused the token for ${what}`, verdict.details);
        }
        return answer;
      });
    } catch (error) {
      if (error instanceof WhatsAppUnavailableError) {
        metrics.recordRequest(call.kind, outcomeOfUnavailable(error), error.details?.code, seconds());
      } else if (error instanceof WhatsAppUnauthorizedError) {
        metrics.recordRequest(call.kind, 'unauthorized', error.details.code, seconds());
      } else if (error instanceof WhatsAppCircuitOpenError) {
        metrics.recordWait('circuit_open', 'deferred');
      }
      throw error;
    } finally {
      destroyStream(body);
    }
    return this.settle(call, answer, seconds(), paced);
  }

  /** What a counted-as-healthy answer means: the 2xx itself, or the error for the delivery. */
  private async settle(
    call: GraphCall,
    answer: GraphAnswer,
    seconds: number,
    paced: boolean,
  ): Promise<GraphAnswer> {
    const { metrics, pauses, pacing } = this.options;
    const { tenantId, phoneNumberId } = call.sender;
    const verdict = classifyGraphAnswer(answer);
    const what = this.describeCall(call);
    if (verdict.kind === 'ok') {
      metrics.recordRequest(call.kind, 'accepted', undefined, seconds);
      // The customer took a message again: the next 131056 starts from 4^0 s.
      if (paced && call.recipient !== undefined) await pacing.reset(tenantId, phoneNumberId, call.recipient);
      return answer;
    }
    const { details } = verdict;
    switch (verdict.kind) {
      case 'rate-limited': {
        metrics.recordRequest(call.kind, 'rate_limited', details.code, seconds);
        const delayMs = retryAfterMs(answer, this.options.defaultRetryAfterMs);
        pauses.pause(numberKey(call.sender), delayMs);
        throw new WhatsAppRateLimitedError(
          delayMs,
          `WhatsApp rate-limited ${what} (${describeGraphError(details)}): number paused for ${Math.ceil(delayMs / 1000)} s`,
          details,
        );
      }
      case 'pair-rate-limited': {
        metrics.recordRequest(call.kind, 'pair_rate_limited', details.code, seconds);
        if (call.recipient === undefined) {
          throw new WhatsAppRequestRejectedError(
            `WhatsApp refused ${what} (${describeGraphError(details)})`,
            details,
          );
        }
        const strike = await pacing.strike(tenantId, phoneNumberId, call.recipient);
        if (strike.consecutive >= this.options.pairRateMaxRetries) {
          await pacing.reset(tenantId, phoneNumberId, call.recipient);
          throw new WhatsAppPairRateExhaustedError(
            `WhatsApp kept refusing messages to this customer (131056, pair rate limit) after ${strike.consecutive} paced retries`,
            details,
          );
        }
        throw new WhatsAppPairRateLimitedError(
          strike.delayMs,
          `WhatsApp paces messages to this customer (131056): next try in ${strike.delayMs / 1000} s`,
          details,
        );
      }
      default:
        metrics.recordRequest(call.kind, 'rejected', details.code, seconds);
        throw new WhatsAppRequestRejectedError(
          `WhatsApp refused ${what} (${describeGraphError(details)})`,
          details,
        );
    }
  }

  /**
   * Waits while the number is paused, the customer is paced (131056) or the number's message
   * rate is spent: in-process for short waits, otherwise back to the queue without burning an attempt.
   * Resolves whether the customer has a 131056 streak on record (a success must clear it).
   */
  private async waitForTurn(call: GraphCall): Promise<boolean> {
    const { pauses, pacing, rateLimits, metrics, maxInlineWaitMs } = this.options;
    const { tenantId, phoneNumberId, throughputTier } = call.sender;
    let paced = false;
    for (let inlineWaits = 0; ; inlineWaits += 1) {
      let reason: WhatsAppWaitReason = 'number_paused';
      let waitMs = pauses.remainingMs(numberKey(call.sender));
      if (waitMs === 0 && call.recipient !== undefined) {
        reason = 'recipient_pacing';
        const pause = await pacing.pause(tenantId, phoneNumberId, call.recipient);
        paced = pause.struck;
        waitMs = pause.remainingMs;
      }
      // Uploads are not messages: WhatsApp's throughput (spec A6) counts messages only.
      if (waitMs === 0 && call.kind !== 'media_upload') {
        reason = 'number_rate';
        waitMs = await rateLimits.reserve(tenantId, phoneNumberId, throughputTier);
      }
      if (waitMs === 0) return paced;
      if (waitMs > maxInlineWaitMs || inlineWaits >= MAX_INLINE_WAITS) {
        metrics.recordWait(reason, 'deferred');
        throw new WhatsAppThrottledError(
          Math.max(waitMs, MIN_RETRY_AFTER_MS),
          this.describeWait(call, reason, waitMs),
        );
      }
      metrics.recordWait(reason, 'inline');
      await sleep(waitMs);
    }
  }

  private describeWait(call: GraphCall, reason: WhatsAppWaitReason, waitMs: number): string {
    const seconds = Math.ceil(waitMs / 1000);
    const number = `phone number ${call.sender.phoneNumberId}`;
    switch (reason) {
      case 'number_paused':
        return `${number} is paused after a rate limit from WhatsApp for ${seconds} s more`;
      case 'recipient_pacing':
        return `messages from ${number} to this customer are paced (131056) for ${seconds} s more`;
      default:
        return `${number} has used its send rate; next send possible in ${seconds} s`;
    }
  }

  private describeCall(call: GraphCall): string {
    const what = call.kind === 'media_upload' ? 'the media upload' : `the ${call.kind}`;
    return `${what} of phone number ${call.sender.phoneNumberId}`;
  }
}

function destroyStream(body: GraphRequestBody | undefined): void {
  if (body && 'stream' in body) body.stream.destroy();
}

/** Key of a tenant's number in the pauses. */
export function numberKey(sender: Pick<Sender, 'tenantId' | 'phoneNumberId'>): string {
  return `${sender.tenantId}:${sender.phoneNumberId}`;
}

function outcomeOfUnavailable(error: WhatsAppUnavailableError): GraphRequestOutcome {
  switch (error.unavailability) {
    case 'timeout':
      return 'timeout';
    case 'network_error':
      return 'network_error';
    default:
      return 'server_error';
  }
}
