import { z } from 'zod';
import { GENESYS_INTEGRATION_CREATE_STATUSES, GENESYS_WEBHOOK_SECRET_MIN_LENGTH } from './genesys.constants';

const entityReferenceSchema = z.looseObject({ id: z.string().min(1), selfUri: z.string().optional() });

/** Genesys only calls webhooks over https on port 443. */
export const genesysWebhookUrlSchema = z
  .url({ protocol: /^https$/, error: 'Must be an https URL' })
  .refine((url) => ['', '443'].includes(new URL(url).port), 'Must use port 443');

const webhookSecretSchema = z
  .string()
  .min(
    GENESYS_WEBHOOK_SECRET_MIN_LENGTH,
    `Must be longer than ${GENESYS_WEBHOOK_SECRET_MIN_LENGTH - 1} characters`,
  );

/** An Open Messaging integration (`/api/v2/conversations/messaging/integrations/open/{id}`, spec B5). */
export const genesysIntegrationSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  supportedContent: entityReferenceSchema.optional(),
  messagingSetting: entityReferenceSchema.optional(),
  outboundNotificationWebhookUrl: genesysWebhookUrlSchema,
  /** Not always returned by GET; when present it must be long enough. */
  outboundNotificationWebhookSignatureSecretToken: webhookSecretSchema.optional(),
  /** Sent with every webhook request (e.g. a tenant key). */
  webhookHeaders: z.record(z.string(), z.string()).optional(),
  status: z.string().optional(),
  /** Flow routing of the integration. */
  recipient: entityReferenceSchema.optional(),
  createStatus: z.enum(GENESYS_INTEGRATION_CREATE_STATUSES).optional(),
  createError: z.looseObject({}).optional(),
});

/** Body that creates an integration: here the secret is required. */
export const genesysIntegrationRequestSchema = z.looseObject({
  name: z.string().min(1),
  supportedContent: entityReferenceSchema.optional(),
  messagingSetting: entityReferenceSchema.optional(),
  outboundNotificationWebhookUrl: genesysWebhookUrlSchema,
  outboundNotificationWebhookSignatureSecretToken: webhookSecretSchema,
  webhookHeaders: z.record(z.string(), z.string()).optional(),
});

export type GenesysIntegration = z.infer<typeof genesysIntegrationSchema>;
export type GenesysIntegrationRequest = z.infer<typeof genesysIntegrationRequestSchema>;
