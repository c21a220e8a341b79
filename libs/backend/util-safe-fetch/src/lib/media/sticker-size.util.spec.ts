import { sampleFile } from '../../testing/sample-files.util';
import { SafeFetchRefusedError } from '../safe-fetch.errors';
import { checkStickerSize, isAnimatedWebp } from './sticker-size.util';

describe(checkStickerSize.name, () => {
  it('refuses a static sticker above 100 KB', () => {
    const act = () => checkStickerSize({ bytes: sampleFile('webp', 100 * 1024 + 1) });

    expect(act).toThrow(SafeFetchRefusedError);
    expect(act).toThrow('A static sticker may not be larger than 100 KB.');
  });

  it('accepts a static sticker of 100 KB', () => {
    expect(() => checkStickerSize({ bytes: sampleFile('webp', 100 * 1024) })).not.toThrow();
  });

  it('accepts an animated sticker above 100 KB', () => {
    expect(() => checkStickerSize({ bytes: sampleFile('animatedWebp', 400 * 1024) })).not.toThrow();
  });
});

describe(isAnimatedWebp.name, () => {
  it('reads the animation flag of the extended header', () => {
    expect(isAnimatedWebp(sampleFile('animatedWebp'))).toBe(true);
    expect(isAnimatedWebp(sampleFile('webp'))).toBe(false);
    expect(isAnimatedWebp(sampleFile('png'))).toBe(false);
  });
});
