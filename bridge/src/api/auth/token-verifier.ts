/**
 * Bearer token verification with jose: the issuer must be on the allow-list before anything is fetched,
 * then signature (the realm's JWKS, cached per issuer), issuer, audience, lifetime and token type.
 */
import { createRemoteJWKSet, decodeJwt, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { KeywardError } from '../../errors.js';
import type { TrustedIssuer } from '../config.js';
import { type Principal, principalFromClaims } from './principal.js';

/** Asymmetric algorithms only: Keycloak never publishes its HMAC keys, and `none` is never acceptable. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Options of {@link createTokenVerifier}. */
export interface TokenVerifierOptions {
  trustedIssuers: readonly TrustedIssuer[];
  audience: string;
  clockToleranceSeconds: number;
  /**
   * The key set of an issuer. Defaults to its JWKS fetched from Keycloak, cached, and fetched again (at most
   * every 30 s) when a token names a key id it has not seen, so Keycloak's key rotation needs no restart.
   */
  keySetFor?: (issuer: TrustedIssuer) => JWTVerifyGetKey;
}

/** Turns an `Authorization` header into the caller, or throws UNAUTHENTICATED / INVALID_TOKEN / KEYCLOAK_UNAVAILABLE. */
export type TokenVerifier = (authorization: string | undefined) => Promise<Principal>;

const remoteKeySet = (issuer: TrustedIssuer): JWTVerifyGetKey =>
  createRemoteJWKSet(new URL(issuer.jwksUri), {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });

/** Reads the token out of `Authorization: Bearer <token>` (RFC 6750); the scheme is case-insensitive. */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw new KeywardError(
      'UNAUTHENTICATED',
      'This route needs an access token: send Authorization: Bearer <token>.',
    );
  }
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match?.[1]) {
    throw new KeywardError(
      'UNAUTHENTICATED',
      'The Authorization header is not a bearer token: send Authorization: Bearer <token>.',
    );
  }
  return match[1];
}

/** Creates a verifier; key sets are created lazily, one per trusted issuer, and kept for the process. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const byIssuer = new Map(options.trustedIssuers.map((trusted) => [trusted.issuer, trusted]));
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keySetFor = options.keySetFor ?? remoteKeySet;

  return async (authorization) => {
    const token = bearerToken(authorization);
    let claimedIssuer: unknown;
    try {
      claimedIssuer = decodeJwt(token).iss;
    } catch (error) {
      throw new KeywardError('INVALID_TOKEN', 'The access token is not a JWT.', { cause: error });
    }
    // Checked before any key is fetched: the bridge never fetches keys from an issuer a token chose.
    const trusted = typeof claimedIssuer === 'string' ? byIssuer.get(claimedIssuer) : undefined;
    if (!trusted) {
      throw new KeywardError(
        'INVALID_TOKEN',
        // Naming the issuer makes the usual misconfiguration (http vs https, another host name) obvious.
        `The access token was issued by '${String(claimedIssuer ?? '').slice(0, 200)}', which this bridge does not trust.`,
      );
    }
    let keySet = keySets.get(trusted.issuer);
    if (!keySet) {
      keySet = keySetFor(trusted);
      keySets.set(trusted.issuer, keySet);
    }
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: trusted.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        clockTolerance: options.clockToleranceSeconds,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      return principalFromClaims(payload, trusted);
    } catch (error) {
      throw verificationError(error, trusted, options.audience);
    }
  };
}

function verificationError(error: unknown, trusted: TrustedIssuer, audience: string): KeywardError {
  if (error instanceof KeywardError) return error;
  if (error instanceof errors.JWTExpired) {
    return new KeywardError('INVALID_TOKEN', 'The access token has expired.', { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const message =
      error.claim === 'aud'
        ? `The access token is not meant for this service: its audience lacks '${audience}' (request the client scope keyward-bridge).`
        : `The access token's claim '${error.claim}' is not acceptable (${error.reason}).`;
    return new KeywardError('INVALID_TOKEN', message, { cause: error });
  }
  const invalid = [
    'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    'ERR_JWKS_NO_MATCHING_KEY',
    'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
    'ERR_JWS_INVALID',
    'ERR_JWT_INVALID',
    'ERR_JOSE_ALG_NOT_ALLOWED',
    'ERR_JOSE_NOT_SUPPORTED',
  ];
  if (error instanceof errors.JOSEError && invalid.includes(error.code)) {
    return new KeywardError(
      'INVALID_TOKEN',
      `The access token's signature cannot be verified with the keys of realm '${trusted.realm}'.`,
      { cause: error },
    );
  }
  return new KeywardError(
    'KEYCLOAK_UNAVAILABLE',
    `The signing keys of realm '${trusted.realm}' cannot be fetched from ${trusted.jwksUri}.`,
    { cause: error },
  );
}
