import { rewriteUnrecognizedVariant, UNRECOGNIZED_VARIANT } from './unrecognized-variant.util';

describe(rewriteUnrecognizedVariant.name, () => {
  const sut = rewriteUnrecognizedVariant('type', ['text', 'image'], 'originalType');

  it('wraps an unknown variant, keeping its fields and the raw object', () => {
    const poll = { id: '1', type: 'poll', poll: { question: 'Lunch?' } };

    expect(sut(poll)).toEqual({ ...poll, type: UNRECOGNIZED_VARIANT, originalType: 'poll', raw: poll });
  });

  it.each([
    ['a known variant', { type: 'text', text: { body: 'hi' } }],
    ['an object without discriminator', { id: '1' }],
    ['a non-string discriminator', { type: 5 }],
    ['an array', [{ type: 'poll' }]],
    ['a primitive', 'poll'],
    ['null', null],
  ])('passes %s unchanged', (_label, input) => {
    expect(sut(input)).toBe(input);
  });

  it('passes an already rewritten variant unchanged', () => {
    const rewritten = sut({ id: '1', type: 'poll' });

    expect(sut(rewritten)).toBe(rewritten);
  });

  it('wraps a variant named like the marker when it carries no raw object', () => {
    const input = { id: '1', type: UNRECOGNIZED_VARIANT };

    expect(sut(input)).toEqual({ ...input, originalType: UNRECOGNIZED_VARIANT, raw: input });
  });
});
