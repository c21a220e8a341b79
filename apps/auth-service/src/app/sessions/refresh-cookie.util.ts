import { REFRESH_COOKIE } from '@switchboard/backend-util-auth';
import type { CookieOptions, Request, Response } from 'express';

/**
 * The refresh token cookie: HttpOnly (no script reads it), Secure, SameSite=Strict (no
 * cross-site request carries it) and limited to the gateway's auth path, where the browser
 * reaches login, refresh and logout.
 */
export function refreshCookieOptions(path: string): CookieOptions {
  return { httpOnly: true, secure: true, sameSite: 'strict', path };
}

export function setRefreshCookie(response: Response, path: string, token: string, expiresAt: Date): void {
  response.cookie(REFRESH_COOKIE, token, {
    ...refreshCookieOptions(path),
    maxAge: Math.max(0, expiresAt.getTime() - Date.now()),
  });
}

export function clearRefreshCookie(response: Response, path: string): void {
  response.clearCookie(REFRESH_COOKIE, refreshCookieOptions(path));
}

/** The presented refresh token (cookie-parser fills `cookies`), or undefined. */
export function presentedRefreshToken(request: Request): string | undefined {
  const cookies = (request as Request & { cookies?: Record<string, unknown> }).cookies;
  const value = cookies?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The client's address, as far as the trusted proxies (TRUST_PROXY) say. */
export function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
