import { z } from 'zod';
import { MAX_TIMER_MS } from '../common/bounds.constants';
import { DeliveryRequest } from './webhook-delivery.types';

const httpUrl = z.url({ protocol: /^https?$/ });
const digits = z.string().regex(/^\d{1,20}$/, 'must be digits');

/**
 * Which business number a webhook is for (`value.metadata`, `entry[].id`): a registered number
 * (default: the first seeded one) or any id, e.g. to test a webhook for an unknown number.
 */
export const webhookTargetShape = {
  phoneNumberId: digits.optional(),
  displayPhoneNumber: digits.optional(),
  wabaId: digits.optional(),
};

/** Options every "deliver a webhook now" control request accepts. */
export const deliveryOptionsShape = {
  /** `valid` (default), `invalid` (well-formed but wrong) or `none` (no signature header). */
  signature: z.enum(['valid', 'invalid', 'none']).default('valid'),
  /** Send this exact X-Hub-Signature-256 value instead. */
  signatureHeader: z.string().optional(),
  /** Deliver to this URL instead of the phone number's or the configured one. */
  url: httpUrl.optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  /** Answer at once (`none`), after the first attempt, or when delivered or given up (`final`). */
  waitFor: z.enum(['none', 'first-attempt', 'final']).default('none'),
};

export type DeliveryOptionsDto = z.output<z.ZodObject<typeof deliveryOptionsShape>>;

export function toDeliveryRequest(
  options: DeliveryOptionsDto,
  request: Pick<DeliveryRequest, 'kind' | 'body' | 'phoneNumberId' | 'ids'>,
): DeliveryRequest {
  return {
    ...request,
    signature:
      options.signatureHeader === undefined ? options.signature : { header: options.signatureHeader },
    url: options.url,
    maxAttempts: options.maxAttempts,
  };
}

export const rawWebhookSchema = z
  .strictObject({
    ...deliveryOptionsShape,
    /** The exact text to send. */
    body: z.string().optional(),
    /** The exact bytes to send, base64-encoded. */
    bodyBase64: z.base64().optional(),
    /** A value to send as JSON.stringify(json). */
    json: z.unknown().optional(),
    phoneNumberId: z
      .string()
      .regex(/^\d{1,20}$/, 'must be digits')
      .optional(),
  })
  .refine((raw) => [raw.body, raw.bodyBase64, raw.json].filter((value) => value !== undefined).length === 1, {
    message: 'exactly one of body, bodyBase64 or json is required',
  });

export type RawWebhookDto = z.output<typeof rawWebhookSchema>;

export function rawWebhookBytes(raw: RawWebhookDto): Buffer {
  if (raw.body !== undefined) return Buffer.from(raw.body, 'utf8');
  if (raw.bodyBase64 !== undefined) return Buffer.from(raw.bodyBase64, 'base64');
  return Buffer.from(JSON.stringify(raw.json), 'utf8');
}

export const webhookSettingsSchema = z.strictObject({
  url: httpUrl.optional(),
  appSecret: z.string().min(1).optional(),
  verifyToken: z.string().min(1).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  initialDelayMs: z.number().int().min(0).max(MAX_TIMER_MS).optional(),
  factor: z.number().min(1).max(10).optional(),
  maxDelayMs: z.number().int().min(0).max(MAX_TIMER_MS).optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
});

export type WebhookSettingsDto = z.output<typeof webhookSettingsSchema>;

export const verifyWebhookSchema = z.strictObject({
  url: httpUrl.optional(),
  phoneNumberId: z
    .string()
    .regex(/^\d{1,20}$/, 'must be digits')
    .optional(),
  verifyToken: z.string().optional(),
  challenge: z.string().min(1).optional(),
  mode: z.string().optional(),
});

export type VerifyWebhookDto = z.output<typeof verifyWebhookSchema>;

export const redeliverSchema = z.strictObject({
  /** How many identical copies to send at once (concurrent duplicates). */
  count: z.number().int().min(1).max(100).default(1),
  waitFor: deliveryOptionsShape.waitFor,
});

export type RedeliverDto = z.output<typeof redeliverSchema>;

export const deliveriesQuerySchema = z.object({
  state: z.enum(['pending', 'delivered', 'failed', 'abandoned']).optional(),
  kind: z.enum(['messages', 'statuses', 'errors', 'raw']).optional(),
  phoneNumberId: z.string().optional(),
  /** A message or status id the delivery carried. */
  id: z.string().optional(),
  limit: z.coerce.number().int().min(1).optional(),
});

export type DeliveriesQueryDto = z.output<typeof deliveriesQuerySchema>;
