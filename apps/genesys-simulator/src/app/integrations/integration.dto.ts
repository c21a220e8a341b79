import { z } from 'zod';
import { MIN_WEBHOOK_SECRET_LENGTH, SANDBOX_ORGANIZATION_ID } from '../config/genesys-simulator.config';

const entityReference = z.object({ id: z.string().min(1) });

/** `OpenIntegrationRequest` (spec B5). The webhook URL may be http on loopback: this is a sandbox. */
export const createIntegrationSchema = z.object({
  name: z.string().min(1),
  outboundNotificationWebhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  outboundNotificationWebhookSignatureSecretToken: z
    .string()
    .min(MIN_WEBHOOK_SECRET_LENGTH, `must be more than ${MIN_WEBHOOK_SECRET_LENGTH - 1} characters`),
  webhookHeaders: z.record(z.string(), z.string()).optional(),
  supportedContent: entityReference.optional(),
  messagingSetting: entityReference.optional(),
});

/** `OpenIntegrationUpdateRequest`: every field optional, same rules. */
export const updateIntegrationSchema = createIntegrationSchema.partial();

/** Control API: create an integration with a chosen id in any organisation. */
export const seedIntegrationSchema = createIntegrationSchema.extend({
  id: z.string().min(1).optional(),
  organizationId: z.string().min(1).default(SANDBOX_ORGANIZATION_ID),
});

export const listIntegrationsQuerySchema = z.object({
  pageSize: z.coerce.number().int().min(1).max(500).default(25),
  pageNumber: z.coerce.number().int().min(1).default(1),
});

export type CreateIntegrationRequest = z.infer<typeof createIntegrationSchema>;
export type UpdateIntegrationRequest = z.infer<typeof updateIntegrationSchema>;
export type ListIntegrationsQuery = z.infer<typeof listIntegrationsQuerySchema>;

interface EntityReference {
  readonly id: string;
  readonly selfUri: string;
}

/** An integration as the API returns it: never with its webhook secret. */
export interface IntegrationView {
  readonly id: string;
  readonly name: string;
  readonly supportedContent: EntityReference;
  readonly messagingSetting?: EntityReference;
  readonly outboundNotificationWebhookUrl: string;
  readonly webhookHeaders: Readonly<Record<string, string>>;
  readonly status: 'active';
  readonly recipient: EntityReference;
  readonly createStatus: 'Initiated' | 'Completed' | 'Error';
  readonly dateCreated: string;
  readonly dateModified: string;
  readonly selfUri: string;
}

/** Genesys's paged entity listing. */
export interface EntityListing<T> {
  readonly entities: readonly T[];
  readonly pageSize: number;
  readonly pageNumber: number;
  readonly total: number;
  readonly pageCount: number;
  readonly firstUri: string;
  readonly selfUri: string;
  readonly lastUri: string;
}
