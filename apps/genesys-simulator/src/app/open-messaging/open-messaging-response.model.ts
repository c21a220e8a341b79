import type { InboundChannel } from './open-messaging.dto';

/** Answers of the inbound Open Messaging endpoints (spec B2, B4; samples/genesys-inbound-response.json). */

/** `OpenMessagingChannel` of the answers: the request's channel, completed by Genesys. */
export interface ResponseChannel {
  readonly id: string;
  readonly platform: 'Open';
  readonly type: 'Private';
  readonly messageId?: string;
  readonly to: { readonly id: string; readonly idType?: string };
  readonly from?: InboundChannel['from'];
  readonly time: string;
}

/** `OpenMessageNormalizedMessage` (samples/genesys-inbound-response.json). */
export interface OpenMessageResponse {
  /** The Genesys MESSAGE id, never the conversation id. */
  readonly id: string;
  readonly channel: ResponseChannel;
  readonly type: 'Text' | 'Structured';
  readonly text?: string;
  readonly content?: readonly unknown[];
  readonly originatingMessageId?: string;
  readonly direction?: 'Inbound';
  /** Only with `prefetchConversationId=true`. */
  readonly conversationId?: string;
}

export interface OpenReceiptResponse {
  readonly id: string;
  readonly channel: ResponseChannel;
  readonly type: 'Receipt';
  readonly status: string;
  readonly reasons?: readonly { readonly code: string; readonly message?: string }[];
  readonly isFinalReceipt: boolean;
  readonly direction: 'Outbound';
}

export interface OpenEventResponse {
  readonly id: string;
  readonly channel: ResponseChannel;
  readonly type: 'Event';
  readonly events: readonly unknown[];
}
