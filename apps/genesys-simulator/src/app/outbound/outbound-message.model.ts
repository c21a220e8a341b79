import type { MediaType, OriginatingEntity } from '../core/genesys-vocabulary.constants';

/** The "Outbound Open NormalizedMessage" Genesys POSTs to the webhook (spec B3, samples/genesys-outbound-*.json). */
export interface OutboundChannel {
  readonly id: string;
  readonly platform: 'Open';
  readonly type: 'Private';
  readonly messageId?: string;
  readonly to: { readonly id: string; readonly idType: string };
  readonly from: { readonly nickname: string; readonly id: string; readonly idType: 'Opaque' };
  readonly time: string;
  /** Only `replyToMessageId` (the quoted message's Genesys id; our convention, not Genesys's). */
  readonly metadata?: { readonly replyToMessageId: string };
}

export interface OutboundAttachmentContent {
  readonly contentType: 'Attachment';
  readonly attachment: {
    readonly id: string;
    readonly mediaType: MediaType;
    readonly url: string;
    readonly mime: string;
    readonly filename?: string;
    readonly contentSizeBytes: number;
  };
}

export interface OutboundQuickReplyContent {
  readonly contentType: 'QuickReply';
  readonly quickReply: { readonly text: string; readonly payload: string; readonly action: 'Message' };
}

export interface OutboundTypingEvent {
  readonly eventType: 'Typing';
  readonly typing: { readonly type: 'On'; readonly duration: number };
}

interface OutboundBase {
  readonly id: string;
  readonly channel: OutboundChannel;
  readonly direction: 'Outbound';
  readonly conversationId: string;
}

export interface OutboundTextMessage extends OutboundBase {
  readonly type: 'Text';
  readonly text?: string;
  readonly originatingEntity: OriginatingEntity;
  readonly content?: readonly OutboundAttachmentContent[];
}

export interface OutboundStructuredMessage extends OutboundBase {
  readonly type: 'Structured';
  readonly text: string;
  readonly originatingEntity: OriginatingEntity;
  readonly content: readonly OutboundQuickReplyContent[];
}

export interface OutboundEventMessage extends OutboundBase {
  readonly type: 'Event';
  readonly events: readonly OutboundTypingEvent[];
}

export interface OutboundReceiptMessage extends OutboundBase {
  readonly type: 'Receipt';
  readonly status: string;
  readonly reasons?: readonly { readonly code: string; readonly message?: string }[];
  readonly isFinalReceipt: boolean;
}

export type OutboundNormalizedMessage =
  OutboundTextMessage | OutboundStructuredMessage | OutboundEventMessage | OutboundReceiptMessage;
