import { z } from 'zod';
import { genesysTimeSchema, genesysToRecipientSchema } from './genesys-common.schema';
import { GENESYS_RECEIPT_REASON_CODES, GENESYS_RECEIPT_STATUSES } from './genesys.constants';

export const genesysReceiptReasonSchema = z.looseObject({
  code: z.enum(GENESYS_RECEIPT_REASON_CODES),
  message: z.string().optional(),
});

/**
 * Body of `POST …/{integrationId}/inbound/open/receipt` (OpenInboundNormalizedReceipt, spec B4): what became
 * of an agent's message on WhatsApp. There is no `Read` status: a WhatsApp "read" can only be passed on as
 * Delivered.
 */
export const genesysReceiptRequestSchema = z
  .looseObject({
    /** The Genesys id of the outbound message (the `id` of the outbound webhook). */
    id: z.string().min(1),
    channel: z.looseObject({
      /** The customer: the external user id Genesys knows them by. */
      to: genesysToRecipientSchema,
      time: genesysTimeSchema,
    }),
    status: z.enum(GENESYS_RECEIPT_STATUSES),
    /** Only with `Failed`. */
    reasons: z.array(genesysReceiptReasonSchema).optional(),
    isFinalReceipt: z.boolean().optional(),
    /** Sent by the dev-center examples. */
    direction: z.literal('Outbound').optional(),
  })
  .refine((receipt) => receipt.status === 'Failed' || receipt.reasons === undefined, {
    path: ['reasons'],
    message: 'Reasons are only allowed on a Failed receipt',
  });

export type GenesysReceiptReason = z.infer<typeof genesysReceiptReasonSchema>;
export type GenesysReceiptRequest = z.infer<typeof genesysReceiptRequestSchema>;
