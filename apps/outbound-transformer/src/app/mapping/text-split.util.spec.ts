import { splitText } from './text-split.util';

describe(splitText.name, () => {
  it('keeps a text that fits as one part, unchanged', () => {
    expect(splitText('Hello  Jane\n\nbye ', 4096)).toEqual(['Hello  Jane\n\nbye ']);
  });

  it('returns no part for an empty or blank text', () => {
    expect(splitText('', 10)).toEqual([]);
    expect(splitText(' \n ', 10)).toEqual([]);
  });

  it('splits at the last paragraph break that fits', () => {
    const first = 'a'.repeat(60);
    const second = 'b'.repeat(30);
    const third = 'c'.repeat(50);

    expect(splitText(`${first}\n\n${second}\n\n${third}`, 100)).toEqual([`${first}\n\n${second}`, third]);
  });

  it('prefers a line break to a word break, and a word break to a hard cut', () => {
    expect(splitText(`${'a'.repeat(70)}\n${'b'.repeat(10)} ${'c'.repeat(40)}`, 100)).toEqual([
      'a'.repeat(70),
      `${'b'.repeat(10)} ${'c'.repeat(40)}`,
    ]);
    expect(splitText(`${'a'.repeat(70)} ${'b'.repeat(50)}`, 100)).toEqual(['a'.repeat(70), 'b'.repeat(50)]);
    expect(splitText('x'.repeat(250), 100)).toEqual(['x'.repeat(100), 'x'.repeat(100), 'x'.repeat(50)]);
  });

  it('ignores a boundary so early that the part would be tiny', () => {
    const text = `ab\n\n${'c'.repeat(200)}`;

    expect(splitText(text, 100)).toEqual([`ab\n\n${'c'.repeat(96)}`, 'c'.repeat(100), 'c'.repeat(4)]);
  });

  it('never cuts a surrogate pair in two', () => {
    const text = `${'a'.repeat(99)}😀${'b'.repeat(10)}`;

    const parts = splitText(text, 100);

    expect(parts).toEqual(['a'.repeat(99), `😀${'b'.repeat(10)}`]);
    expect(parts.join('')).toBe(text);
  });

  it('splits a long text into parts within the limit that read in order', () => {
    const words = Array.from({ length: 2000 }, (_, index) => `word${index}`);
    const text = words.join(' ');

    const parts = splitText(text, 4096);

    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((part) => part.length <= 4096)).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });
});
