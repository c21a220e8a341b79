import type { ConfigContext } from '@switchboard/backend-util-config';
import { z } from 'zod';

/** A private ES256 signing key as configured: an EC P-256 JWK with its key id. */
export const privateSigningJwkSchema = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
  kid: z.string().min(1).max(128),
  alg: z.literal('ES256').optional(),
});

export type PrivateSigningJwk = z.infer<typeof privateSigningJwkSchema>;

const keyListSchema = z
  .array(privateSigningJwkSchema)
  .min(1, 'must hold at least one key')
  .superRefine((keys, ctx) => {
    const kids = keys.map((key) => key.kid);
    if (new Set(kids).size !== kids.length)
      ctx.addIssue({ code: 'custom', message: 'key ids (kid) must be unique' });
  });

/**
 * `AUTH_SIGNING_KEYS`: a JSON array of private EC P-256 JWKs, each with a `kid`. The first signs,
 * all of them verify (and are published in the JWKS), so a key can be rotated in front and the
 * old one kept until the tokens it signed have expired. Required in production; unset elsewhere,
 * auth-service generates a key at start. Messages never echo the value (it is a private key).
 */
export function signingKeysVar(ctx: ConfigContext) {
  const text = ctx.isProduction ? z.string({ error: 'is required in production' }) : z.string().optional();
  return text.transform((value, issues): readonly PrivateSigningJwk[] | undefined => {
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      issues.addIssue({ code: 'custom', message: 'must be a JSON array of private EC P-256 JWKs with kid' });
      return z.NEVER;
    }
    const result = keyListSchema.safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const where = issue.path.length > 0 ? `[${issue.path.join('.')}] ` : '';
        issues.addIssue({ code: 'custom', message: `${where}${issue.message}` });
      }
      return z.NEVER;
    }
    return result.data;
  });
}
