import { KeywardError } from '../errors.js';

/** The client every realm gets for the portal (`keyward provision-bridge --portal-url`). */
export const PORTAL_CLIENT_ID = 'keyward-portal';

/** Where the portal is served, relative to the public URL. */
export const PORTAL_PATH = '/portal';

/** The self-service portal's settings; built by {@link createPortalConfig}. */
export interface PortalConfig {
  /** The bridge's address as browsers reach it, without a trailing slash (`https://keyward.example.org`). */
  publicUrl: string;
  /** `new URL(publicUrl).origin`: state-changing requests must come from it. */
  origin: string;
  /** The realms' OpenID Connect client (public, PKCE S256). */
  clientId: string;
  /** 32-byte keys sealing the cookies; the first seals, every one unseals (rotation). */
  cookieKeys: readonly Uint8Array[];
  /**
   * `Secure` cookies with the `__Host-` prefix: always, except for plain-http loopback development, where a
   * browser would drop a `Secure` cookie.
   */
  secureCookies: boolean;
  /** How long a portal session lasts at most, whatever Keycloak's session does. */
  sessionMinutes: number;
}

/** What an operator chooses. */
export interface PortalSettings {
  publicUrl: string;
  /** Base64url (or base64) encodings of 32 random bytes, e.g. `openssl rand -base64 32`. */
  cookieKeys: readonly string[];
  clientId?: string;
  sessionMinutes?: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Validates the portal settings; fails with INVALID_ARGUMENT naming the setting. */
export function createPortalConfig(settings: PortalSettings): PortalConfig {
  let url: URL;
  try {
    url = new URL(settings.publicUrl);
  } catch {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      `Portal public URL (KEYWARD_PUBLIC_URL) '${settings.publicUrl}' is not a URL.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      `Portal public URL (KEYWARD_PUBLIC_URL) '${settings.publicUrl}' must not carry a query, fragment or credentials.`,
    );
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      `Portal public URL (KEYWARD_PUBLIC_URL) '${settings.publicUrl}' must be https (plain http only on localhost): ` +
        'the session cookie must not travel in the clear.',
    );
  }
  if (settings.cookieKeys.length === 0) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      'The portal needs a cookie key (KEYWARD_PORTAL_COOKIE_KEYS): 32 random bytes, base64, e.g. `openssl rand -base64 32`.',
    );
  }
  const cookieKeys = settings.cookieKeys.map((encoded, index) => {
    const key = Buffer.from(encoded.trim(), 'base64url');
    if (key.length !== 32) {
      throw new KeywardError(
        'INVALID_ARGUMENT',
        `Portal cookie key #${index + 1} (KEYWARD_PORTAL_COOKIE_KEYS) decodes to ${key.length} bytes; it must be 32 ` +
          'random bytes in base64 (`openssl rand -base64 32`).',
      );
    }
    return new Uint8Array(key);
  });
  const sessionMinutes = settings.sessionMinutes ?? 480;
  if (!Number.isInteger(sessionMinutes) || sessionMinutes < 5 || sessionMinutes > 1440) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      'The portal session lifetime (KEYWARD_PORTAL_SESSION_MINUTES) must be 5 .. 1440 minutes.',
    );
  }
  const clientId = settings.clientId ?? PORTAL_CLIENT_ID;
  if (clientId.trim() === '') {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      'The portal client id (KEYWARD_PORTAL_CLIENT_ID) must not be empty.',
    );
  }
  return {
    publicUrl: url.href.replace(/\/+$/, ''),
    origin: url.origin,
    clientId,
    cookieKeys,
    secureCookies: url.protocol === 'https:',
    sessionMinutes,
  };
}

/** The redirect URI the portal's client must allow for `realm`. */
export function portalCallbackUrl(publicUrl: string, realm: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${PORTAL_PATH}/${encodeURIComponent(realm)}/callback`;
}

/** The portal's home page for `realm`. */
export function portalHomeUrl(publicUrl: string, realm: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${PORTAL_PATH}/${encodeURIComponent(realm)}/`;
}
