/**
 * Discriminator value given to a variant this version of the contracts does not know (a WhatsApp message
 * type Meta added later, a Genesys content type we do not handle, …).
 *
 * Why a rewrite and not a `type: string` catch-all: a catch-all member would stop TypeScript from narrowing
 * `switch (message.type)`, and zod cannot route "any other string" inside a discriminated union. So, before
 * validation, an unknown variant becomes `{ <discriminator>: 'unrecognized', <originalKey>: 'poll', raw: {…} }`
 * (plus whatever shared fields its schema keeps), which the union validates like any other member while
 * known variants stay strictly validated.
 */
export const UNRECOGNIZED_VARIANT = 'unrecognized';

export type UnrecognizedVariant = typeof UNRECOGNIZED_VARIANT;

/**
 * Builds the preprocessing step that rewrites unknown variants (see UNRECOGNIZED_VARIANT). Inputs that are
 * not objects, lack the discriminator or use a known value pass unchanged, so the union reports them as usual;
 * an already rewritten variant also passes unchanged, so validating a parsed value again gives the same value.
 */
export function rewriteUnrecognizedVariant(
  discriminator: string,
  knownValues: readonly string[],
  originalKey: string,
): (input: unknown) => unknown {
  const known = new Set(knownValues);
  return (input) => {
    if (!isPlainRecord(input)) {
      return input;
    }
    const value = input[discriminator];
    if (typeof value !== 'string' || known.has(value) || isAlreadyRewritten(input, discriminator)) {
      return input;
    }
    return { ...input, [discriminator]: UNRECOGNIZED_VARIANT, [originalKey]: value, raw: input };
  };
}

function isAlreadyRewritten(input: Record<string, unknown>, discriminator: string): boolean {
  return input[discriminator] === UNRECOGNIZED_VARIANT && isPlainRecord(input['raw']);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
