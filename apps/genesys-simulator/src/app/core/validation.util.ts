import { z } from 'zod';
import { badRequest, type GenesysErrorDetail } from './genesys-errors.util';

/** `content[0].attachment.url` for the path `['content', 0, 'attachment', 'url']`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function describeIssue(issue: z.core.$ZodIssue): GenesysErrorDetail {
  const fieldName = formatFieldPath(issue.path);
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined;
  const errorMessage = missing ? 'is required' : issue.message;
  return fieldName === '' ? { errorMessage } : { fieldName, errorMessage };
}

/**
 * Parses a request body; a failure becomes a 400 whose message names every offending field,
 * e.g. `channel.from.id: is required`.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const details = result.error.issues.map(describeIssue);
  const message = details
    .map((detail) => (detail.fieldName ? `${detail.fieldName}: ${detail.errorMessage}` : detail.errorMessage))
    .join('; ');
  throw badRequest(message, details);
}
