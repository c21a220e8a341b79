import { sampleFile, type SampleKind } from '../../testing/sample-files.util';
import { sniffMimeType } from './mime-sniffer.util';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

describe(sniffMimeType.name, () => {
  it.each<[SampleKind, string]>([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
    ['animatedWebp', 'image/webp'],
    ['pdf', 'application/pdf'],
    ['mp4', 'video/mp4'],
    ['threeGpp', 'video/3gpp'],
    ['m4a', 'audio/mp4'],
    ['ogg', 'audio/ogg'],
    ['mp3Id3', 'audio/mpeg'],
    ['mp3Frame', 'audio/mpeg'],
    ['aacAdts', 'audio/aac'],
    ['amr', 'audio/amr'],
    ['docx', DOCX],
    ['xlsx', XLSX],
    ['pptx', PPTX],
    ['zip', 'application/zip'],
    ['ole2', 'application/x-ole-storage'],
    ['text', 'text/plain'],
    ['html', 'text/html'],
  ])('recognises %s as %s', (kind, mimeType) => {
    expect(sniffMimeType(sampleFile(kind, 4096))?.mimeType).toBe(mimeType);
  });

  it.each<[SampleKind, string]>([
    ['mp4', 'audio/mp4'],
    ['mp4', 'video/3gpp'],
    ['m4a', 'video/mp4'],
    ['ole2', 'application/msword'],
    ['ole2', 'application/vnd.ms-excel'],
    ['ole2', 'application/vnd.ms-powerpoint'],
    ['zip', DOCX],
    ['text', 'text/csv'],
    ['mp3Id3', 'audio/aac'],
  ])('lets %s bytes be declared %s', (kind, declared) => {
    expect(sniffMimeType(sampleFile(kind))?.compatible).toContain(declared);
  });

  it.each<[SampleKind, string]>([
    ['docx', XLSX],
    ['png', 'image/jpeg'],
    ['html', 'text/plain'],
    ['text', 'application/pdf'],
  ])('does not let %s bytes be declared %s', (kind, declared) => {
    expect(sniffMimeType(sampleFile(kind))?.compatible).not.toContain(declared);
  });

  it.each([
    ['unknown binary', sampleFile('unknown')],
    ['nothing', Buffer.alloc(0)],
    ['text with NUL bytes', Buffer.from('abc\u0000def')],
    ['invalid UTF-8', Buffer.from([0x61, 0xc3, 0x28, 0x62])],
    ['a lone 0xFF', Buffer.from([0xff])],
  ])('recognises nothing in %s', (_name, bytes) => {
    expect(sniffMimeType(bytes)).toBeUndefined();
  });

  it.each([
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
    ['an SVG behind an XML declaration', '<?xml version="1.0"?>\n<svg xmlns="x"></svg>', 'image/svg+xml'],
    ['XML', '<?xml version="1.0"?><a/>', 'application/xml'],
    ['HTML after whitespace', '  \n<html><body>hi</body></html>', 'text/html'],
    ['upper-case HTML', '<HTML><BODY>x</BODY></HTML>', 'text/html'],
    ['UTF-8 text with accents', 'Caf\u00e9 cr\u00e8me, \u20ac 3', 'text/plain'],
    ['text with a UTF-8 byte-order mark', '\ufeffhello', 'text/plain'],
    ['CSV', 'id,name\n1,Ana\n', 'text/plain'],
  ])('tells %s apart', (_name, text, mimeType) => {
    expect(sniffMimeType(Buffer.from(text, 'utf8'))?.mimeType).toBe(mimeType);
  });

  it('reads UTF-16 text with a byte-order mark as text, not as MPEG audio', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello, world', 'utf16le')]);

    expect(sniffMimeType(utf16)?.mimeType).toBe('text/plain');
  });

  it('accepts a multi-byte character cut at the end of the window', () => {
    const text = Buffer.concat([Buffer.alloc(4095, 0x61), Buffer.from('\u20ac', 'utf8')]);

    expect(sniffMimeType(text)?.mimeType).toBe('text/plain');
  });
});
