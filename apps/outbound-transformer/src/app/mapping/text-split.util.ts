/**
 * Boundaries to split a long text at, most preferred first: a paragraph, a line, a word. A
 * boundary is only taken in the second half of the allowed length, so that no part is tiny.
 */
const BOUNDARIES: readonly RegExp[] = [/\n[ \t]*\n\s*/g, /\n\s*/g, /\s+/g];

/**
 * Splits `text` into parts of at most `maxLength` UTF-16 code units (the unit WhatsApp's limits
 * and our schemas count), in order, preferring paragraph, then line, then word boundaries, and
 * never cutting a surrogate pair in two. The whitespace at a boundary is dropped; nothing else is.
 */
export function splitText(text: string, maxLength: number): string[] {
  if (!Number.isSafeInteger(maxLength) || maxLength < 2) {
    throw new RangeError(`maxLength must be an integer of at least 2, got ${maxLength}`);
  }
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const { end, next } = splitPoint(rest, maxLength);
    const part = rest.slice(0, end);
    if (part.trim() !== '') parts.push(part);
    rest = rest.slice(next);
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts;
}

/** Where the first part ends (`end`) and the next begins (`next`, after the boundary's whitespace). */
function splitPoint(text: string, maxLength: number): { end: number; next: number } {
  const window = text.slice(0, maxLength + 1);
  const minimum = Math.floor(maxLength / 2);
  for (const boundary of BOUNDARIES) {
    let best: { end: number; next: number } | undefined;
    for (const match of window.matchAll(boundary)) {
      if (match.index > maxLength) break;
      if (match.index >= minimum) best = { end: match.index, next: match.index + match[0].length };
    }
    if (best) return best;
  }
  const end = isHighSurrogate(text.charCodeAt(maxLength - 1)) ? maxLength - 1 : maxLength;
  return { end, next: end };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
