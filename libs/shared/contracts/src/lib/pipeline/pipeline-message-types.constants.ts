/** Envelope `type` of every message on the pipeline exchange, by producer. */
export const PIPELINE_MESSAGE_TYPES = {
  /** whatsapp-webhook-service → inbound-transformer: one `value.messages[]` item. */
  WHATSAPP_MESSAGE: 'whatsapp.message',
  /** whatsapp-webhook-service → inbound-transformer: one `value.statuses[]` item. */
  WHATSAPP_STATUS: 'whatsapp.status',
  /** whatsapp-webhook-service → inbound-transformer: one `value.errors[]` item (system error). */
  WHATSAPP_ERROR: 'whatsapp.error',
  /** inbound-transformer → genesys-api-service: an Open Messaging inbound message. */
  GENESYS_INBOUND_MESSAGE: 'genesys.inbound-message',
  /** inbound-transformer → genesys-api-service: a receipt for an agent's message. */
  GENESYS_RECEIPT: 'genesys.receipt',
  /** → genesys-api-service: a typing event from the customer. */
  GENESYS_TYPING: 'genesys.typing',
  /** genesys-api-service → state-manager: what Genesys answered for an inbound message. */
  GENESYS_CORRELATION: 'genesys.correlation',
  /** genesys-webhook-service → outbound-transformer: an agent's or bot's message (Text, Structured). */
  GENESYS_OUTBOUND_MESSAGE: 'genesys.outbound-message',
  /** genesys-webhook-service → outbound-transformer: a Genesys receipt about a customer's message. */
  GENESYS_OUTBOUND_RECEIPT: 'genesys.outbound-receipt',
  /** genesys-webhook-service → outbound-transformer: the agent is typing. */
  GENESYS_OUTBOUND_TYPING: 'genesys.outbound-typing',
  /** outbound-transformer → whatsapp-api-service: an agent's message as WhatsApp sends. */
  WHATSAPP_SEND: 'whatsapp.send',
  /** outbound-transformer → whatsapp-api-service: show the customer that the agent is typing. */
  WHATSAPP_TYPING: 'whatsapp.typing',
  /** outbound-transformer / whatsapp-api-service → receipts and portal: sent or failed. */
  WHATSAPP_DELIVERY_OUTCOME: 'whatsapp.delivery-outcome',
  /** → agent-portal-service: something an agent or admin should see (system errors, ...). */
  PORTAL_NOTICE: 'portal.notice',
} as const;

export type PipelineMessageType = (typeof PIPELINE_MESSAGE_TYPES)[keyof typeof PIPELINE_MESSAGE_TYPES];
