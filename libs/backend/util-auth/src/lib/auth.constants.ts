/** Issuer of every token auth-service signs. */
export const TOKEN_ISSUER = 'switchboard-auth';
/** Audience of user access tokens (the platform's APIs). */
export const USER_TOKEN_AUDIENCE = 'switchboard-api';
/** `token_use` claim: which kind of token this is. */
export const TOKEN_USE = { ACCESS: 'access', SERVICE: 'service' } as const;
/** Signing algorithm of platform tokens (asymmetric; the public keys are served as a JWKS). */
export const TOKEN_ALGORITHM = 'ES256';
export const API_KEY_HEADER = 'x-api-key';
/** Refresh token cookie (HttpOnly, Secure, SameSite=Strict, path /api/auth). */
export const REFRESH_COOKIE = 'sb_refresh';
