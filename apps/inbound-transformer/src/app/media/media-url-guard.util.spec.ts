import { checkMediaUrl, type MediaUrlPolicy } from './media-url-guard.util';

const production: MediaUrlPolicy = {
  allowedHosts: ['graph.facebook.com', 'lookaside.fbsbx.com'],
  allowInsecure: false,
};

describe(checkMediaUrl.name, () => {
  it("accepts Meta's https download host", () => {
    const sut = checkMediaUrl(
      'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=880011223344556&ext=1767225900&hash=FAKEHASH',
      production,
    );

    expect(sut).toEqual({ ok: true, url: expect.any(URL) });
  });

  it('accepts an allowed host whatever its letter case', () => {
    expect(checkMediaUrl('https://LOOKASIDE.fbsbx.com/x', production).ok).toBe(true);
  });

  it('refuses http unless insecure URLs are allowed', () => {
    expect(checkMediaUrl('http://lookaside.fbsbx.com/x', production)).toEqual({
      ok: false,
      reason: 'scheme http is not allowed (https only)',
    });
    expect(checkMediaUrl('http://lookaside.fbsbx.com/x', { ...production, allowInsecure: true }).ok).toBe(
      true,
    );
  });

  it('refuses other schemes even when insecure URLs are allowed', () => {
    expect(checkMediaUrl('file:///etc/passwd', { ...production, allowInsecure: true }).ok).toBe(false);
  });

  it('refuses a host outside the allow-list, including look-alikes', () => {
    for (const url of [
      'https://attacker.example.com/x',
      'https://lookaside.fbsbx.com.attacker.example/x',
      'https://fbsbx.com/x',
      'https://169.254.169.254/latest/meta-data',
    ]) {
      expect(checkMediaUrl(url, production)).toEqual({
        ok: false,
        reason: expect.stringMatching(/not an allowed/),
      });
    }
  });

  it('refuses credentials in the URL', () => {
    expect(checkMediaUrl('https://user:pw@lookaside.fbsbx.com/x', production)).toEqual({
      ok: false,
      reason: 'credentials in the URL are not allowed',
    });
  });

  it('refuses what is not a URL', () => {
    expect(checkMediaUrl('not a url', production)).toEqual({ ok: false, reason: 'not a valid URL' });
  });

  it('matches a host:port entry on the port too', () => {
    const simulator: MediaUrlPolicy = { allowedHosts: ['127.0.0.1:3100'], allowInsecure: true };

    expect(checkMediaUrl('http://127.0.0.1:3100/whatsapp_business/attachments/?mid=1', simulator).ok).toBe(
      true,
    );
    expect(checkMediaUrl('http://127.0.0.1:6379/', simulator).ok).toBe(false);
  });
});
