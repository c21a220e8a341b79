import { secret, type ConfigContext } from '@switchboard/backend-util-config';
import { SERVICES, SERVICE_NAMES } from '@switchboard/shared-contracts';
import { z } from 'zod';

/**
 * Services that may authenticate with client credentials. auth-service is not one of them: it
 * signs its own service tokens, so a client secret named after it could only impersonate it.
 */
export const SERVICE_CLIENT_NAMES: readonly string[] = SERVICE_NAMES.filter(
  (name) => name !== SERVICES.AUTH.name,
);

/** The development secret of a service client (sandbox and tests; refused in production). */
export function devServiceClientSecret(name: string): string {
  return `dev-only-${name}-secret`;
}

export type ServiceClientSecrets = ReadonlyMap<string, string>;

function devDefaults(): ServiceClientSecrets {
  return new Map(SERVICE_CLIENT_NAMES.map((name) => [name, devServiceClientSecret(name)]));
}

/**
 * `SERVICE_CLIENT_SECRETS=name=secret,name=secret`: the client credentials each service presents
 * (HTTP Basic) to obtain service tokens and the JWKS. Required in production, where every secret
 * must pass the platform's secret rules (length, no development default, no weak value); outside
 * production, unset means the development secret of every service. Messages never echo a secret.
 */
export function serviceClientSecretsVar(ctx: ConfigContext) {
  const text = ctx.isProduction ? z.string({ error: 'is required in production' }) : z.string().optional();
  return text.transform((value, issues): ServiceClientSecrets => {
    if (value === undefined) return devDefaults();
    const clients = new Map<string, string>();
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    if (entries.length === 0) issues.addIssue({ code: 'custom', message: 'names no service client' });
    for (const entry of entries) {
      const separator = entry.indexOf('=');
      const name = separator > 0 ? entry.slice(0, separator).trim() : '';
      const clientSecret = separator > 0 ? entry.slice(separator + 1).trim() : '';
      if (!name || !clientSecret) {
        issues.addIssue({ code: 'custom', message: 'every entry must be name=secret' });
        continue;
      }
      if (!SERVICE_CLIENT_NAMES.includes(name)) {
        issues.addIssue({
          code: 'custom',
          message: `"${name.slice(0, 64)}" is not a service client (one of ${SERVICE_CLIENT_NAMES.join(', ')})`,
        });
        continue;
      }
      if (clients.has(name)) {
        issues.addIssue({ code: 'custom', message: `"${name}" is listed twice` });
        continue;
      }
      const checked = secret(ctx, { devDefault: devServiceClientSecret(name) }).safeParse(clientSecret);
      if (!checked.success) {
        for (const issue of checked.error.issues) {
          issues.addIssue({ code: 'custom', message: `secret of "${name}" ${issue.message}` });
        }
        continue;
      }
      clients.set(name, clientSecret);
    }
    return clients;
  });
}
