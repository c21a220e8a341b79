import type { z } from 'zod';
import { UNRECOGNIZED_VARIANT } from './unrecognized-variant.util';

/** One problem found in an input, located by a dotted path such as `entry.0.changes.0.value.messages.0.id`. */
export interface ValidationError {
  readonly path: string;
  readonly message: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ValidationError[] };

const ROOT_PATH_LABEL = '(root)';

/** Runs `schema` over `input` and reports every problem with the path of the offending field. */
export function validateWithSchema<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
): ValidationResult<z.output<TSchema>> {
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) {
    return { ok: true, value: result.data };
  }
  return { ok: false, errors: result.error.issues.flatMap(toValidationErrors) };
}

/** `entry.0.changes.0.value.messages.0.from` → `entry[0].changes[0].value.messages[0].from`. */
export function formatValidationPath(path: string): string {
  if (path === '') {
    return ROOT_PATH_LABEL;
  }
  return path
    .split('.')
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

/** `entry[0].changes[0].value.messages[0].from: Required` */
export function formatValidationError(error: ValidationError): string {
  return `${formatValidationPath(error.path)}: ${error.message}`;
}

/** One line per error, for logs, dead-letter reasons and exception messages. */
export function formatValidationErrors(errors: readonly ValidationError[]): string {
  return errors.map(formatValidationError).join('\n');
}

function toValidationErrors(issue: z.core.$ZodIssue): ValidationError[] {
  const path = issue.path.map(String);
  // zod reports unknown keys on the object; we name each key so the path points at the field itself.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...path, key].join('.'),
      message: 'Not allowed here (unrecognized key)',
    }));
  }
  return [{ path: path.join('.'), message: issue.message }];
}

function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return 'Required';
  }
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
    return describeUnmatchedDiscriminator(issue.input, issue.discriminator, options);
  }
  return undefined;
}

function describeUnmatchedDiscriminator(
  input: unknown,
  discriminator: string,
  options: readonly unknown[],
): string {
  const value = typeof input === 'object' && input !== null ? Reflect.get(input, discriminator) : undefined;
  if (value === undefined) {
    return 'Required';
  }
  const expected = options.filter((option) => option !== UNRECOGNIZED_VARIANT);
  return `Invalid value: expected one of ${expected.map((option) => JSON.stringify(option)).join(' | ')}`;
}
