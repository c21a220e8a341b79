import { AsyncErrorObject } from '../graph-errors/graph-error.catalog';
import { PhoneNumber } from '../phone-numbers/phone-numbers.service';

/** Payload shapes of Meta's `messages` webhook field (spec A2; samples/wa-inbound-*.json, wa-status-*.json). */
export interface WebhookContact {
  profile: { name: string };
  wa_id: string;
}

export type WebhookMessage = Record<string, unknown> & {
  from: string;
  id: string;
  timestamp: string;
  type: string;
};

export interface WebhookStatus {
  id: string;
  recipient_id: string;
  status: string;
  timestamp: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
  pricing?: { billable: boolean; pricing_model: string; category: string; type: string };
  errors?: AsyncErrorObject[];
  biz_opaque_callback_data?: string;
}

export interface WebhookValue {
  messaging_product: 'whatsapp';
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: WebhookContact[];
  messages?: WebhookMessage[];
  statuses?: WebhookStatus[];
  errors?: AsyncErrorObject[];
}

export interface WebhookEnvelope {
  object: 'whatsapp_business_account';
  entry: { id: string; changes: { field: 'messages'; value: WebhookValue }[] }[];
}

export type WebhookValueContent = Pick<WebhookValue, 'contacts' | 'messages' | 'statuses' | 'errors'>;

/** One entry (the WABA) with one `messages` change for the business number. */
export function buildWebhookEnvelope(
  phoneNumber: PhoneNumber,
  content: WebhookValueContent,
): WebhookEnvelope {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: phoneNumber.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: phoneNumber.displayPhoneNumber,
                phone_number_id: phoneNumber.phoneNumberId,
              },
              ...content,
            },
          },
        ],
      },
    ],
  };
}
