export interface MediaUrlPolicy {
  /** Host names (`name`, any port) or `name:port` entries a download may go to. */
  readonly allowedHosts: readonly string[];
  /** Accept http:// (the simulator on loopback); never in production. */
  readonly allowInsecure: boolean;
}

export type MediaUrlVerdict =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/**
 * Decides whether a media URL handed out by the Graph API may be fetched. The download carries
 * the tenant's WhatsApp token, so it must only ever go to Meta's hosts over TLS: a URL anywhere
 * else (a forged or misconfigured answer, a redirect) would hand the token over.
 */
export function checkMediaUrl(candidate: string, policy: MediaUrlPolicy): MediaUrlVerdict {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowInsecure)) {
    return { ok: false, reason: `scheme ${url.protocol.replace(/:$/, '')} is not allowed (https only)` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials in the URL are not allowed' };
  }
  if (!isAllowedHost(url, policy.allowedHosts)) {
    return { ok: false, reason: `host ${url.host} is not an allowed WhatsApp media host` };
  }
  return { ok: true, url };
}

function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return allowedHosts.some((entry) => {
    const allowed = entry.toLowerCase();
    return allowed.includes(':') ? allowed === host : allowed === hostname;
  });
}
