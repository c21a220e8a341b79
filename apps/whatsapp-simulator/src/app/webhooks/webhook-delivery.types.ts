import type { WebhookEnvelope } from './webhook-envelope.factory';

export type SignatureMode = 'valid' | 'invalid' | 'none';
export type DeliveryKind = 'messages' | 'statuses' | 'errors' | 'raw';
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'abandoned';
export type DeliveryWait = 'none' | 'first-attempt' | 'final';

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly statusCode?: number;
  readonly error?: string;
  readonly responseBody?: string;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly kind: DeliveryKind;
  readonly phoneNumberId?: string;
  /** Message ids or status ids carried, to find a delivery again. */
  readonly ids: string[];
  readonly url: string;
  /** The X-Hub-Signature-256 header sent, if any. */
  readonly signature?: string;
  /** The exact bytes sent, as UTF-8 text. */
  readonly body: string;
  readonly bodyBytes: number;
  readonly maxAttempts: number;
  /** The delivery whose exact bytes and headers this one sends again (`POST /control/deliveries/{id}/redeliver`). */
  readonly redeliveryOf?: string;
  readonly createdAt: string;
  state: DeliveryState;
  nextAttemptAt?: string;
  readonly attempts: DeliveryAttempt[];
}

export interface DeliveryRequest {
  readonly kind: DeliveryKind;
  readonly body: Buffer;
  readonly phoneNumberId?: string;
  readonly ids?: readonly string[];
  /** How to sign; a string is sent as the header value itself. */
  readonly signature?: SignatureMode | { readonly header: string };
  readonly url?: string;
  readonly maxAttempts?: number;
}

export interface WebhookSettings {
  url: string;
  appSecret: string;
  verifyToken: string;
  maxAttempts: number;
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  timeoutMs: number;
}

/** A built webhook and what became of its delivery. */
export interface DeliveredWebhook {
  readonly delivery: DeliveryRecord;
  readonly payload: WebhookEnvelope;
}
