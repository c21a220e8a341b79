/** What the first bytes of a file say it is. */
export interface SniffedType {
  /** The most specific MIME type the bytes show. */
  readonly mimeType: string;
  /** Every declared MIME type these bytes are consistent with (`mimeType` included). */
  readonly compatible: readonly string[];
}

/** How many leading bytes `sniffMimeType` looks at. */
export const SNIFF_WINDOW_BYTES = 4096;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const MPEG4_FAMILY = ['video/mp4', 'audio/mp4', 'video/3gpp', 'audio/3gpp'];
const TEXT_FAMILY = ['text/plain', 'text/csv'];

const only = (mimeType: string): SniffedType => ({ mimeType, compatible: [mimeType] });
const family = (mimeType: string, compatible: readonly string[]): SniffedType => ({
  mimeType,
  compatible: compatible.includes(mimeType) ? compatible : [mimeType, ...compatible],
});

/**
 * Recognises the file types the WhatsApp and Genesys media rules deal with (spec A4, B5) by their
 * magic numbers, plus plain text and the markup that must never pass for text (HTML, XML, SVG).
 * Returns undefined for anything else. Works on the first SNIFF_WINDOW_BYTES bytes.
 */
export function sniffMimeType(head: Uint8Array): SniffedType | undefined {
  const bytes = head.subarray(0, SNIFF_WINDOW_BYTES);
  return sniffBinary(bytes) ?? sniffText(bytes);
}

function sniffBinary(bytes: Uint8Array): SniffedType | undefined {
  const at = (offset: number, signature: readonly number[] | string) => matches(bytes, offset, signature);
  if (at(0, [0xff, 0xd8, 0xff])) return only('image/jpeg');
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return only('image/png');
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return only('image/gif');
  if (at(0, 'RIFF') && at(8, 'WEBP')) return only('image/webp');
  if (at(0, 'RIFF') && at(8, 'WAVE')) return only('audio/wav');
  if (at(0, '%PDF-')) return only('application/pdf');
  if (at(4, 'ftyp')) return sniffIsoMedia(ascii(bytes, 8, 4));
  if (at(0, 'OggS')) return family('audio/ogg', ['audio/ogg', 'audio/opus', 'video/ogg', 'application/ogg']);
  if (at(0, '#!AMR-WB\n')) return only('audio/amr-wb');
  if (at(0, '#!AMR\n')) return only('audio/amr');
  if (at(0, 'ID3')) return family('audio/mpeg', ['audio/mpeg', 'audio/aac']);
  if (at(0, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(bytes);
  if (at(0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return family('application/x-ole-storage', [
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      'application/vnd.ms-outlook',
    ]);
  }
  // Byte-order marks before MPEG frame sync: FF FE also looks like an MPEG layer I header.
  if (at(0, [0xef, 0xbb, 0xbf]) || at(0, [0xff, 0xfe]) || at(0, [0xfe, 0xff])) return undefined;
  return sniffMpegAudio(bytes);
}

function sniffIsoMedia(brand: string): SniffedType {
  if (brand.startsWith('3g')) return family('video/3gpp', MPEG4_FAMILY);
  if (brand === 'M4A ' || brand === 'M4B ') return family('audio/mp4', MPEG4_FAMILY);
  if (brand === 'qt  ') return only('video/quicktime');
  if (['heic', 'heix', 'mif1', 'msf1'].includes(brand)) return only('image/heic');
  if (brand === 'avif') return only('image/avif');
  return family('video/mp4', MPEG4_FAMILY);
}

/** Office Open XML files are ZIP archives; the part names near the start say which kind. */
function sniffZip(bytes: Uint8Array): SniffedType {
  const text = ascii(bytes, 0, bytes.length);
  const kinds = [
    { mimeType: DOCX, marker: 'word/' },
    { mimeType: XLSX, marker: 'xl/' },
    { mimeType: PPTX, marker: 'ppt/' },
  ].filter(({ marker }) => text.includes(marker));
  if (kinds.length === 1) return only((kinds[0] as { mimeType: string }).mimeType);
  return family('application/zip', ['application/zip', DOCX, XLSX, PPTX]);
}

/** An MPEG audio frame header (MP3) or an ADTS header (AAC): 11 or 12 sync bits. */
function sniffMpegAudio(bytes: Uint8Array): SniffedType | undefined {
  const [first, second, third] = [bytes[0], bytes[1], bytes[2]];
  if (first !== 0xff || second === undefined || third === undefined) return undefined;
  if ((second & 0xf6) === 0xf0) return only('audio/aac');
  const layer = (second >> 1) & 0x03;
  const bitrateIndex = third >> 4;
  const sampleRateIndex = (third >> 2) & 0x03;
  const isFrameHeader =
    (second & 0xe0) === 0xe0 && layer !== 0 && bitrateIndex !== 0x0f && sampleRateIndex !== 3;
  return isFrameHeader ? only('audio/mpeg') : undefined;
}

const MARKUP_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['<!doctype html', 'text/html'],
  ['<html', 'text/html'],
  ['<head', 'text/html'],
  ['<body', 'text/html'],
  ['<script', 'text/html'],
  ['<iframe', 'text/html'],
  ['<svg', 'image/svg+xml'],
];

/** UTF-8 (or UTF-16 with a byte-order mark) without control characters other than whitespace. */
function sniffText(bytes: Uint8Array): SniffedType | undefined {
  const text = decodeText(bytes);
  if (text === undefined || text.length === 0 || hasBinaryControlCharacters(text)) return undefined;
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 64)
    .toLowerCase();
  const markup = MARKUP_PREFIXES.find(([prefix]) => start.startsWith(prefix));
  if (markup) return only(markup[1]);
  if (start.startsWith('<?xml')) return only(/<svg[\s>]/i.test(text) ? 'image/svg+xml' : 'application/xml');
  return family('text/plain', TEXT_FAMILY);
}

// Tab, line feed, form feed, carriage return and escape are normal in text files.
const TEXT_CONTROL_CHARACTERS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1b]);

function hasBinaryControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && !TEXT_CONTROL_CHARACTERS.has(code)) || code === 0x7f) return true;
  }
  return false;
}

function decodeText(bytes: Uint8Array): string | undefined {
  const encoding = matches(bytes, 0, [0xff, 0xfe])
    ? 'utf-16le'
    : matches(bytes, 0, [0xfe, 0xff])
      ? 'utf-16be'
      : 'utf-8';
  try {
    // `stream: true` keeps a character cut in half at the end of the window from counting as invalid.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

function matches(bytes: Uint8Array, offset: number, signature: readonly number[] | string): boolean {
  const expected =
    typeof signature === 'string' ? Array.from(signature, (char) => char.charCodeAt(0)) : signature;
  if (bytes.length < offset + expected.length) return false;
  return expected.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
