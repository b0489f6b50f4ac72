import { KeywardError } from '../errors.js';
import { BRIDGE_AUDIENCE } from '../keycloak/admin/bridge-access.js';
import { type AdminConnection, adminConnectionFromEnv } from '../keycloak/admin/connection.js';

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
  return { keycloakUrl, trustedIssuers, audience, clockToleranceSeconds, admin: settings.admin, logLevel };
}

/** A comma- or space-separated list from the environment or the command line. */
export function listSetting(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((item) => item !== '');
}

/**
 * The configuration from the environment: `KEYWARD_KEYCLOAK_URL`, `KEYWARD_REALMS`, `KEYWARD_TRUSTED_ISSUERS`,
 * `KEYWARD_AUDIENCE`, `KEYWARD_CLOCK_TOLERANCE_SECONDS`, `KEYWARD_LOG_LEVEL`, and the service account as
 * `adminConnectionFromEnv` reads it (`KEYWARD_CLIENT_ID` / `KEYWARD_CLIENT_SECRET`). `overrides` (the
 * command line) win over the environment.
 */
export function apiConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Omit<ApiSettings, 'admin'>> = {},
): ApiConfig {
  const keycloakUrl = overrides.keycloakUrl ?? env.KEYWARD_KEYCLOAK_URL ?? 'http://localhost:8080';
  const tolerance = env.KEYWARD_CLOCK_TOLERANCE_SECONDS;
  return createApiConfig({
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
