import { z } from 'zod';
import {
  formatValidationError,
  formatValidationErrors,
  formatValidationPath,
  validateWithSchema,
} from './validation.util';

describe(validateWithSchema.name, () => {
  const sut = validateWithSchema;
  const schema = z.object({
    entry: z.array(z.object({ id: z.string(), tags: z.strictObject({ a: z.string() }).optional() })),
    kind: z
      .discriminatedUnion('type', [z.object({ type: z.literal('a') }), z.object({ type: z.literal('b') })])
      .optional(),
  });

  it('returns the parsed value of a valid input', () => {
    expect(sut(schema, { entry: [{ id: 'x' }] })).toEqual({ ok: true, value: { entry: [{ id: 'x' }] } });
  });

  it('reports a missing field as Required with its dotted path', () => {
    expect(sut(schema, { entry: [{ id: 'x' }, {}] })).toEqual({
      ok: false,
      errors: [{ path: 'entry.1.id', message: 'Required' }],
    });
  });

  it('names each unrecognized key of a strict object', () => {
    const result = sut(schema, { entry: [{ id: 'x', tags: { a: 'x', b: 'y', c: 'z' } }] });

    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual([
      'entry.0.tags.b',
      'entry.0.tags.c',
    ]);
  });

  it('reports a missing discriminator as Required and a wrong one with the expected values', () => {
    const missing = sut(schema, { entry: [], kind: {} });
    const wrong = sut(schema, { entry: [], kind: { type: 'c' } });

    expect(missing.ok ? [] : missing.errors).toEqual([{ path: 'kind.type', message: 'Required' }]);
    expect(wrong.ok ? [] : wrong.errors).toEqual([
      { path: 'kind.type', message: 'Invalid value: expected one of "a" | "b"' },
    ]);
  });

  it('reports a wrong root type at the root path', () => {
    const result = sut(schema, 'not an object');

    expect(result.ok ? '' : formatValidationErrors(result.errors)).toMatch(/^\(root\): /);
  });
});

describe(formatValidationPath.name, () => {
  it.each([
    ['entry.0.changes.0.value.messages.0.from', 'entry[0].changes[0].value.messages[0].from'],
    ['text.body', 'text.body'],
    ['0.id', '[0].id'],
    ['', '(root)'],
  ])('formats %j as %j', (path, expected) => {
    expect(formatValidationPath(path)).toBe(expected);
  });
});

describe(formatValidationError.name, () => {
  it('puts the bracketed path before the message', () => {
    expect(
      formatValidationError({ path: 'entry.0.changes.0.value.messages.0.from', message: 'Required' }),
    ).toBe('entry[0].changes[0].value.messages[0].from: Required');
  });
});

describe(formatValidationErrors.name, () => {
  it('writes one line per error', () => {
    const sut = formatValidationErrors;

    expect(
      sut([
        { path: 'a.0', message: 'Required' },
        { path: 'b', message: 'Too big' },
      ]),
    ).toBe('a[0]: Required\nb: Too big');
  });
});
