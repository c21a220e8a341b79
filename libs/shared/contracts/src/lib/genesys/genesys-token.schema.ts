import { z } from 'zod';

/** Answer of `POST https://login.{domain}/oauth/token` (client credentials, spec B1). No refresh token. */
export const genesysTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'Must be "bearer"'),
  /** Seconds; 24 h by default (between 5 min and 48 h). Re-request at about 80 %. */
  expires_in: z.number().int().positive(),
});

export type GenesysTokenResponse = z.infer<typeof genesysTokenResponseSchema>;
