/** The first bytes of real files of each kind, padded to a length when asked. */
const SIGNATURES = {
  jpeg: [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF'), 0x00, 0x01, 0x01],
  png: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, ...ascii('IHDR')],
  gif: ascii('GIF89a\x01\x00\x01\x00'),
  webp: [...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WEBPVP8 '), 0x18, 0, 0, 0],
  animatedWebp: [...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WEBPVP8X'), 0x0a, 0, 0, 0, 0x12, 0, 0, 0],
  pdf: ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'),
  mp4: [0, 0, 0, 0x20, ...ascii('ftypisom'), 0, 0, 2, 0, ...ascii('isomiso2avc1mp41')],
  threeGpp: [0, 0, 0, 0x18, ...ascii('ftyp3gp4'), 0, 0, 2, 0, ...ascii('isom3gp4')],
  m4a: [0, 0, 0, 0x1c, ...ascii('ftypM4A '), 0, 0, 2, 0, ...ascii('M4A mp42isom')],
  ogg: [...ascii('OggS'), 0x00, 0x02, ...new Array<number>(20).fill(0), 0x01, 0x13, ...ascii('OpusHead')],
  mp3Id3: [...ascii('ID3'), 0x03, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x76],
  mp3Frame: [0xff, 0xfb, 0x90, 0x64, 0x00, 0x00],
  aacAdts: [0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc],
  amr: ascii('#!AMR\n'),
  docx: zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']),
  xlsx: zip(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml']),
  pptx: zip(['[Content_Types].xml', '_rels/.rels', 'ppt/presentation.xml']),
  zip: zip(['notes.txt']),
  ole2: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0],
  text: ascii('Order 1001: 2 x coffee, 1 x tea.\r\nThank you!\n'),
  html: ascii('<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n'),
  unknown: [0x00, 0x01, 0x02, 0x03, 0xfe, 0xed, 0xfa, 0xce, 0x00, 0x00],
} satisfies Record<string, readonly number[]>;

export type SampleKind = keyof typeof SIGNATURES;

/** A file of `kind`, `length` bytes long when given (text kinds are padded with text). */
export function sampleFile(kind: SampleKind, length?: number): Buffer {
  const head = Buffer.from(SIGNATURES[kind]);
  if (length === undefined || length <= head.length) return head;
  const filler = kind === 'text' || kind === 'html' ? 0x20 : 0x00;
  return Buffer.concat([head, Buffer.alloc(length - head.length, filler)]);
}

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}

/** Local file headers of a ZIP archive holding empty files with these names. */
function zip(names: readonly string[]): number[] {
  return names.flatMap((name) => [
    ...[0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0],
    ...new Array<number>(16).fill(0),
    name.length & 0xff,
    name.length >> 8,
    0,
    0,
    ...ascii(name),
  ]);
}
