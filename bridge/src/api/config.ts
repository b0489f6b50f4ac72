import { KeywardError } from '../errors.js';
import { BRIDGE_AUDIENCE } from '../keycloak/admin/bridge-access.js';
import { type AdminConnection, adminConnectionFromEnv } from '../keycloak/admin/connection.js';
import { createPortalConfig, type PortalConfig, type PortalSettings } from '../portal/config.js';

/** An issuer whose access tokens the bridge accepts, and the realm it stands for. */
export interface TrustedIssuer {
  /** Exactly the `iss` claim Keycloak writes, e.g. `https://sso.example.org/realms/acme`. */
  issuer: string;
  realm: string;
  /**
   * Where the realm's signing keys are fetched: always through `keycloakUrl` (the address the bridge reaches
   * Keycloak at), never through the issuer, which may be a public name the bridge cannot resolve.
   */
  jwksUri: string;
}

/** Everything `createApp` needs; built by {@link createApiConfig} or {@link apiConfigFromEnv}. */
export interface ApiConfig {
  /** Keycloak's base URL as the bridge reaches it, for the admin API and the signing keys. */
  keycloakUrl: string;
  trustedIssuers: readonly TrustedIssuer[];
  /** Every access token must carry this audience (`aud`); see `ensureBridgeAudience`. */
  audience: string;
  /** Accepted clock skew when checking `exp`, `nbf` and `iat`. */
  clockToleranceSeconds: number;
  /** The service account the bridge acts as in Keycloak. */
  admin: AdminConnection;
  /** pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. */
  logLevel: string;
  /** Requests each client address may make per window before the bridge answers 429. */
  rateLimit: RateLimitConfig;
  /**
   * express's `trust proxy`: which proxies' `X-Forwarded-For` names the client address the rate limit counts by.
   * `false` (the default) counts by the connection's address.
   */
  trustProxy: boolean | number | string;
  /** The self-service portal; absent when it is not configured. */
  portal?: PortalConfig;
}

/** Per-client request budgets (SPEC §6, 429). Kept in each instance's memory: the bridge stays stateless. */
export interface RateLimitConfig {
  windowSeconds: number;
  /** Requests to `/v1/*` per client address and window. */
  api: number;
  /** Requests to `/portal/*` per client address and window. */
  portal: number;
}

/** What a caller chooses; every other setting has a default. */
export interface ApiSettings {
  keycloakUrl: string;
  /** Realms served; each trusts the issuer `<keycloakUrl>/realms/<name>`. */
  realms?: readonly string[];
  /** Issuers trusted besides those of `realms`: full `…/realms/<name>` URLs, for a public Keycloak name. */
  trustedIssuers?: readonly string[];
  audience?: string;
  clockToleranceSeconds?: number;
  admin: AdminConnection;
  logLevel?: string;
  rateLimit?: Partial<RateLimitConfig>;
  trustProxy?: boolean | number | string;
  portal?: PortalSettings;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Reads a Keycloak issuer URL (`<base>/realms/<name>`) into the realm it stands for; its keys are fetched
 * from the same realm under `keycloakUrl`. Fails with INVALID_ARGUMENT for anything else.
 */
export function trustedIssuerOf(issuer: string, keycloakUrl: string): TrustedIssuer {
  const normalised = withoutTrailingSlash(issuer.trim());
  let url: URL;
  try {
    url = new URL(normalised);
  } catch {
    throw new KeywardError('INVALID_ARGUMENT', `Trusted issuer '${issuer}' is not a URL.`);
  }
  const match = /\/realms\/([^/]+)$/.exec(url.pathname);
  if (!['http:', 'https:'].includes(url.protocol) || !match?.[1] || url.search || url.hash) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      `Trusted issuer '${issuer}' is not a Keycloak realm issuer such as https://sso.example.org/realms/acme.`,
    );
  }
  const realm = decodeURIComponent(match[1]);
  return {
    issuer: normalised,
    realm,
    jwksUri: `${withoutTrailingSlash(keycloakUrl)}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/certs`,
  };
}

/** Validates settings and fills defaults; fails with INVALID_ARGUMENT naming the setting. */
export function createApiConfig(settings: ApiSettings): ApiConfig {
  const keycloakUrl = withoutTrailingSlash(settings.keycloakUrl);
  if (!URL.canParse(keycloakUrl)) {
    throw new KeywardError('INVALID_ARGUMENT', `Keycloak URL '${settings.keycloakUrl}' is not a URL.`);
  }
  const issuers = [
    ...(settings.realms ?? []).map((realm) => `${keycloakUrl}/realms/${encodeURIComponent(realm)}`),
    ...(settings.trustedIssuers ?? []),
  ].map((issuer) => trustedIssuerOf(issuer, keycloakUrl));
  const trustedIssuers = issuers.filter(
    (candidate, index) => issuers.findIndex((other) => other.issuer === candidate.issuer) === index,
  );
  if (trustedIssuers.length === 0) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      'The bridge trusts no issuer: name the realms it serves (--realm, KEYWARD_REALMS) or their issuers ' +
        '(--trusted-issuer, KEYWARD_TRUSTED_ISSUERS).',
    );
  }
  const clockToleranceSeconds = settings.clockToleranceSeconds ?? 5;
  if (!Number.isInteger(clockToleranceSeconds) || clockToleranceSeconds < 0 || clockToleranceSeconds > 300) {
    throw new KeywardError('INVALID_ARGUMENT', 'The clock tolerance must be 0 .. 300 seconds.');
  }
  const logLevel = settings.logLevel ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      `Log level '${logLevel}' is not one of ${LOG_LEVELS.join(', ')}.`,
    );
  }
  const audience = settings.audience ?? BRIDGE_AUDIENCE;
  if (audience.trim() === '') throw new KeywardError('INVALID_ARGUMENT', 'The audience must not be empty.');
  const rateLimit = {
    windowSeconds: settings.rateLimit?.windowSeconds ?? 60,
    api: settings.rateLimit?.api ?? 300,
    portal: settings.rateLimit?.portal ?? 120,
  };
  for (const [name, value, max] of [
    ['window (KEYWARD_RATE_LIMIT_WINDOW_SECONDS)', rateLimit.windowSeconds, 3600],
    ['API budget (KEYWARD_RATE_LIMIT_API)', rateLimit.api, 1_000_000],
    ['portal budget (KEYWARD_RATE_LIMIT_PORTAL)', rateLimit.portal, 1_000_000],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new KeywardError('INVALID_ARGUMENT', `The rate limit ${name} must be an integer 1 .. ${max}.`);
    }
  }
  return {
    keycloakUrl,
    trustedIssuers,
    audience,
    clockToleranceSeconds,
    admin: settings.admin,
    logLevel,
    rateLimit,
    trustProxy: settings.trustProxy ?? false,
    ...(settings.portal ? { portal: createPortalConfig(settings.portal) } : {}),
  };
}

/** `KEYWARD_TRUST_PROXY` as express reads it: `true`/`false`, a hop count, or addresses and subnets. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value.trim() === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

const integerSetting = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw new KeywardError('INVALID_ARGUMENT', `${name} must be a whole number, got '${value}'.`);
  }
  return Number(value);
};

/** A comma- or space-separated list from the environment or the command line. */
export function listSetting(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((item) => item !== '');
}

/**
 * The configuration from the environment: `KEYWARD_KEYCLOAK_URL`, `KEYWARD_REALMS`, `KEYWARD_TRUSTED_ISSUERS`,
 * `KEYWARD_AUDIENCE`, `KEYWARD_CLOCK_TOLERANCE_SECONDS`, `KEYWARD_LOG_LEVEL`, the rate limits
 * (`KEYWARD_RATE_LIMIT_WINDOW_SECONDS`, `_API`, `_PORTAL`), `KEYWARD_TRUST_PROXY`, the portal (on when
 * `KEYWARD_PORTAL_COOKIE_KEYS` is set: `KEYWARD_PUBLIC_URL`, `KEYWARD_PORTAL_CLIENT_ID`,
 * `KEYWARD_PORTAL_SESSION_MINUTES`), and the service account as
 * `adminConnectionFromEnv` reads it (`KEYWARD_CLIENT_ID` / `KEYWARD_CLIENT_SECRET`). `overrides` (the
 * command line) win over the environment.
 */
export function apiConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Omit<ApiSettings, 'admin'>> = {},
): ApiConfig {
  const keycloakUrl = overrides.keycloakUrl ?? env.KEYWARD_KEYCLOAK_URL ?? 'http://localhost:8080';
  const tolerance = env.KEYWARD_CLOCK_TOLERANCE_SECONDS;
  const rateLimit: Partial<RateLimitConfig> = {};
  const window = integerSetting('KEYWARD_RATE_LIMIT_WINDOW_SECONDS', env.KEYWARD_RATE_LIMIT_WINDOW_SECONDS);
  const api = integerSetting('KEYWARD_RATE_LIMIT_API', env.KEYWARD_RATE_LIMIT_API);
  const portal = integerSetting('KEYWARD_RATE_LIMIT_PORTAL', env.KEYWARD_RATE_LIMIT_PORTAL);
  if (window !== undefined) rateLimit.windowSeconds = window;
  if (api !== undefined) rateLimit.api = api;
  if (portal !== undefined) rateLimit.portal = portal;
  const cookieKeys = listSetting(env.KEYWARD_PORTAL_COOKIE_KEYS);
  const sessionMinutes = integerSetting('KEYWARD_PORTAL_SESSION_MINUTES', env.KEYWARD_PORTAL_SESSION_MINUTES);
  if (cookieKeys.length > 0 && !env.KEYWARD_PUBLIC_URL) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      'KEYWARD_PORTAL_COOKIE_KEYS turns the portal on; it also needs KEYWARD_PUBLIC_URL, the address browsers reach the bridge at.',
    );
  }
  return createApiConfig({
    rateLimit,
    trustProxy: trustProxySetting(env.KEYWARD_TRUST_PROXY),
    ...(cookieKeys.length > 0
      ? {
          portal: {
            publicUrl: String(env.KEYWARD_PUBLIC_URL),
            cookieKeys,
            ...(env.KEYWARD_PORTAL_CLIENT_ID ? { clientId: env.KEYWARD_PORTAL_CLIENT_ID } : {}),
            ...(sessionMinutes !== undefined ? { sessionMinutes } : {}),
          },
        }
      : {}),
    keycloakUrl,
    realms: overrides.realms ?? listSetting(env.KEYWARD_REALMS),
    trustedIssuers: overrides.trustedIssuers ?? listSetting(env.KEYWARD_TRUSTED_ISSUERS),
    admin: adminConnectionFromEnv(keycloakUrl, env),
    ...((overrides.audience ?? env.KEYWARD_AUDIENCE)
      ? { audience: overrides.audience ?? env.KEYWARD_AUDIENCE }
      : {}),
    ...(overrides.clockToleranceSeconds !== undefined
      ? { clockToleranceSeconds: overrides.clockToleranceSeconds }
      : tolerance
        ? { clockToleranceSeconds: Number(tolerance) }
        : {}),
    ...((overrides.logLevel ?? env.KEYWARD_LOG_LEVEL)
      ? { logLevel: overrides.logLevel ?? env.KEYWARD_LOG_LEVEL }
      : {}),
  });
}
