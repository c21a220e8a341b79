import { z } from 'zod';
import { MAX_TOKEN_VALIDITY_SECONDS, SANDBOX_ORGANIZATION_ID } from '../config/genesys-simulator.config';

export const registerOAuthClientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  organizationId: z.string().min(1).default(SANDBOX_ORGANIZATION_ID),
  accessTokenValiditySeconds: z.int().positive().max(MAX_TOKEN_VALIDITY_SECONDS).optional(),
});

export const tokenSelectorSchema = z.union([
  z.object({ token: z.string().min(1) }).strict(),
  z.object({ clientId: z.string().min(1) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
