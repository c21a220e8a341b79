import {
  assessRefreshToken,
  hashRefreshToken,
  looksLikeRefreshToken,
  newRefreshToken,
  nextRefreshExpiry,
  type RefreshTokenState,
} from './refresh-token-rotation.util';

describe(assessRefreshToken.name, () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const later = new Date('2026-03-02T12:00:00Z');
  const earlier = new Date('2026-02-28T12:00:00Z');
  const fresh: RefreshTokenState = {
    usedAt: null,
    revokedAt: null,
    expiresAt: later,
    familyExpiresAt: later,
  };

  it('accepts an unused, unrevoked token within its lifetime', () => {
    expect(assessRefreshToken(fresh, now)).toBe('valid');
  });

  it('calls a token nobody issued unknown', () => {
    expect(assessRefreshToken(null, now)).toBe('unknown');
  });

  it('treats a token that was already rotated as reuse, even once expired or revoked', () => {
    expect(assessRefreshToken({ ...fresh, usedAt: earlier }, now)).toBe('reused');
    expect(assessRefreshToken({ ...fresh, usedAt: earlier, expiresAt: earlier }, now)).toBe('reused');
    expect(assessRefreshToken({ ...fresh, usedAt: earlier, revokedAt: earlier }, now)).toBe('reused');
  });

  it('refuses a revoked token without calling it reuse (logout, family revoked)', () => {
    expect(assessRefreshToken({ ...fresh, revokedAt: earlier }, now)).toBe('revoked');
  });

  it('refuses a token past its own expiry or past the end of its session', () => {
    expect(assessRefreshToken({ ...fresh, expiresAt: now }, now)).toBe('expired');
    expect(assessRefreshToken({ ...fresh, familyExpiresAt: earlier }, now)).toBe('expired');
  });
});

describe(nextRefreshExpiry.name, () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('gives the next token its full lifetime while the session lasts longer', () => {
    const sessionEnd = new Date('2026-04-01T12:00:00Z');
    expect(nextRefreshExpiry(now, 3600, sessionEnd)).toEqual(new Date('2026-03-01T13:00:00Z'));
  });

  it('never extends a session beyond its end', () => {
    const sessionEnd = new Date('2026-03-01T12:30:00Z');
    expect(nextRefreshExpiry(now, 3600, sessionEnd)).toEqual(sessionEnd);
  });
});

describe(newRefreshToken.name, () => {
  it('makes 32 random bytes, base64url, and stores only their SHA-256', () => {
    const sut = newRefreshToken();
    expect(Buffer.from(sut.token, 'base64url')).toHaveLength(32);
    expect(looksLikeRefreshToken(sut.token)).toBe(true);
    expect(sut.hash).toBe(hashRefreshToken(sut.token));
    expect(sut.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sut.hash).not.toContain(sut.token);
    expect(newRefreshToken().token).not.toBe(sut.token);
  });

  it('refuses to look up anything that cannot be one of its tokens', () => {
    expect(looksLikeRefreshToken('short')).toBe(false);
    expect(looksLikeRefreshToken(`${'a'.repeat(42)}=`)).toBe(false);
    expect(looksLikeRefreshToken(undefined)).toBe(false);
  });
});
