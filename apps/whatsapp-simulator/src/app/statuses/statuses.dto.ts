import { z } from 'zod';
import { MAX_TIMER_MS } from '../common/bounds.constants';
import { STATUS_VALUES } from '../config/whatsapp-simulator.config';
import { deliveryOptionsShape, webhookTargetShape } from '../webhooks/webhook-delivery.dto';
import { PRICING_CATEGORIES } from './status.factory';

const digits = z.string().regex(/^\d{1,20}$/, 'must be digits');

export const statusInputSchema = z.strictObject({
  /** The wamid of one of our messages (any id is accepted, known or not). */
  id: z.string().min(1),
  status: z.enum(STATUS_VALUES),
  /** Defaults to the recipient of the recorded send. */
  recipientId: digits.optional(),
  timestamp: z.number().int().min(0).optional(),
  /** For `failed`: the WhatsApp error code (default AUTO_STATUS_FAILED_CODE). */
  errorCode: z.number().int().min(0).optional(),
  errorDetails: z.string().optional(),
  category: z.enum(PRICING_CATEGORIES).optional(),
  conversationId: z.string().min(1).optional(),
  bizOpaqueCallbackData: z.string().optional(),
});

export type StatusInput = z.output<typeof statusInputSchema>;

export const deliverStatusesSchema = z.strictObject({
  ...deliveryOptionsShape,
  ...webhookTargetShape,
  /** Batched into one POST, in this order (which need not be sent → delivered → read). */
  statuses: z.array(statusInputSchema).min(1),
});

export type DeliverStatusesDto = z.output<typeof deliverStatusesSchema>;

export const autoStatusSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  /** Between statuses; the n-th status of the sequence comes after n × delayMs. */
  delayMs: z
    .number()
    .int()
    .min(0)
    .max(MAX_TIMER_MS / 10)
    .optional(),
  sequence: z.array(z.enum(STATUS_VALUES)).max(10).optional(),
  failedErrorCode: z.number().int().min(0).optional(),
});

export type AutoStatusSettingsDto = z.output<typeof autoStatusSettingsSchema>;
