import { z } from 'zod';

/** tenant-service `/internal/lookup/...`: how to route one phone number or integration. */
export const tenantLookupSchema = z.looseObject({
  tenantId: z.string().min(1),
  tenantStatus: z.enum(['active', 'suspended']),
  numberId: z.string().min(1),
  phoneNumberId: z.string().min(1),
  displayNumber: z.string().nullable(),
  wabaId: z.string(),
  throughputTier: z.number().int().positive(),
  /** Null before Genesys onboarding: messages cannot be delivered yet. */
  integrationId: z.string().nullable(),
  genesysRegion: z.string().min(1),
});
export type TenantLookup = z.infer<typeof tenantLookupSchema>;

/** auth-service `/internal/{genesys,whatsapp}-tokens/...`. */
export const cloudTokenSchema = z.looseObject({
  accessToken: z.string().min(1),
  expiresAt: z.string().nullable(),
});
export type CloudToken = z.infer<typeof cloudTokenSchema>;
