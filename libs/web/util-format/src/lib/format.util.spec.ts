import { displayWhatsAppNumber, formatFileSize } from './format.util';

describe(displayWhatsAppNumber.name, () => {
  it('prefixes the digits of a wa_id with +', () => {
    expect(displayWhatsAppNumber('15551234567')).toBe('+15551234567');
    expect(displayWhatsAppNumber('+44 20 7946 0000')).toBe('+442079460000');
  });

  it('leaves a value without digits as it is', () => {
    expect(displayWhatsAppNumber('unknown')).toBe('unknown');
  });
});

describe(formatFileSize.name, () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [20480, '20 KB'],
    [1536, '1.5 KB'],
    [5 * 1024 * 1024, '5 MB'],
    [100 * 1024 * 1024 * 1024 * 1024, '102400 GB'],
  ])('formats %d bytes as %s', (bytes, expected) => {
    expect(formatFileSize(bytes)).toBe(expected);
  });

  it('shows a dash for an impossible size', () => {
    expect(formatFileSize(-1)).toBe('–');
    expect(formatFileSize(Number.NaN)).toBe('–');
  });
});
