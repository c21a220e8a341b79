import { formatByteSize, genesysAttachmentLimits, WHATSAPP_MEDIA_LIMITS } from './media-limits.constants';

const MB = 1024 * 1024;

describe(genesysAttachmentLimits.name, () => {
  it.each([
    ['image', 5 * MB],
    ['audio', 16 * MB],
    ['video', 16 * MB],
    ['document', 25 * MB],
    ['sticker', 500 * 1024],
  ] as const)('caps a %s at %i bytes (WhatsApp limit, at most 25 MB)', (kind, maxBytes) => {
    expect(genesysAttachmentLimits(kind).maxBytes).toBe(maxBytes);
  });

  it('keeps the 100 MB WhatsApp document limit in the table', () => {
    expect(WHATSAPP_MEDIA_LIMITS.document.maxBytes).toBe(100 * MB);
  });

  it('allows the WhatsApp types of the kind', () => {
    expect(genesysAttachmentLimits('image').allowedMimeTypes).toEqual(['image/jpeg', 'image/png']);
    expect(genesysAttachmentLimits('document').allowedMimeTypes).toContain('application/pdf');
  });
});

describe(formatByteSize.name, () => {
  it.each([
    [5 * MB, '5 MB'],
    [100 * 1024, '100 KB'],
    [1536, '1.5 KB'],
    [12, '12 bytes'],
  ])('writes %i as %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });
});
