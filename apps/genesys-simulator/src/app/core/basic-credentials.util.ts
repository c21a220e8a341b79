export interface BasicCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Parses `Authorization: Basic base64(clientId:clientSecret)`; `undefined` when absent or malformed. */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return undefined;
  return { clientId: decoded.slice(0, separator), clientSecret: decoded.slice(separator + 1) };
}
