import { z } from 'zod';

export interface ConfigContext {
  readonly isProduction: boolean;
}

/** Thrown at start when the environment does not satisfy a service's schema; names every variable. */
export class ConfigValidationError extends Error {
  constructor(
    readonly serviceName: string,
    readonly problems: readonly string[],
  ) {
    super(`${serviceName}: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = ConfigValidationError.name;
  }
}

/**
 * Well-known weak values, also when padded to the minimum length: placeholders copied from an
 * example file ("change…", "replace…", "your secret", "example"), the word password, one
 * character repeated.
 */
const WEAK_SECRET =
  /change.?(it|me|this)|replace.?(it|me|this)|your.?secret|example|placeholder|password|^(.)\3*$/i;

export interface SecretOptions {
  /** Value used outside production when the variable is unset (sandbox and tests only). */
  readonly devDefault?: string;
  readonly minLength?: number;
}

/**
 * A secret variable. In production it must be set, at least `minLength` long, and neither the
 * development default nor a well-known weak value; elsewhere the development default applies.
 */
export function secret(ctx: ConfigContext, options: SecretOptions = {}) {
  const minLength = options.minLength ?? 16;
  if (!ctx.isProduction) {
    const base = z.string().min(1);
    return options.devDefault === undefined ? base : base.default(options.devDefault);
  }
  return z
    .string({ error: 'is required in production' })
    .min(minLength, `must be at least ${minLength} characters in production`)
    .refine((value) => value !== options.devDefault, 'must not be the development default in production')
    .refine((value) => !WEAK_SECRET.test(value), 'is a well-known weak value');
}

/** A boolean variable written as true/false/1/0/yes/no. */
export function booleanVar(defaultValue: boolean) {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
}

/** A TCP port number. */
export function portVar(defaultValue: number) {
  return z.coerce.number().int().min(1).max(65535).default(defaultValue);
}

/** A whole number within bounds. */
export function intVar(defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return z.coerce.number().int().min(min).max(max).default(defaultValue);
}

/** An http(s) URL (a base URL of a cloud or of a peer service). */
export function urlVar(defaultValue?: string) {
  const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
  return defaultValue === undefined ? url : url.default(defaultValue);
}

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

/**
 * Validates the environment against a service's schema and returns the typed configuration.
 * Unknown variables are ignored; a missing or invalid one stops the service with its name.
 */
export function loadConfig<TShape extends z.ZodRawShape>(
  serviceName: string,
  buildShape: (ctx: ConfigContext) => TShape,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.infer<z.ZodObject<TShape>> & { NODE_ENV: NodeEnvironment }> {
  const nodeEnv = z.enum(NODE_ENVIRONMENTS).default('development').safeParse(env['NODE_ENV']);
  if (!nodeEnv.success) {
    throw new ConfigValidationError(serviceName, [
      `NODE_ENV: must be one of ${NODE_ENVIRONMENTS.join(', ')}`,
    ]);
  }
  const ctx: ConfigContext = { isProduction: nodeEnv.data === 'production' };
  const schema = z.object(buildShape(ctx));
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      return issue.code === 'invalid_type' && env[name] === undefined
        ? `${name}: is required${ctx.isProduction ? ' in production' : ''}`
        : `${name}: ${issue.message}`;
    });
    throw new ConfigValidationError(serviceName, problems);
  }
  return Object.freeze({ ...result.data, NODE_ENV: nodeEnv.data });
}
