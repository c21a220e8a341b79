import { z } from 'zod';

/** Unix seconds, sent by Meta as a string of digits (e.g. `"1767225600"`). */
export const whatsAppTimestampSchema = z.string().regex(/^\d+$/, 'Must be a numeric string (Unix seconds)');

export const whatsAppIdSchema = z.string().min(1);

/** An error as it appears inside webhooks: `messages[].errors`, `statuses[].errors`, `value.errors` (spec A5). */
export const whatsAppWebhookErrorSchema = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

export type WhatsAppWebhookError = z.infer<typeof whatsAppWebhookErrorSchema>;
