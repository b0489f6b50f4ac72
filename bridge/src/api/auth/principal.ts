import type { JWTPayload } from 'jose';
import { KeywardError } from '../../errors.js';
import type { TrustedIssuer } from '../config.js';

/** Who is calling: the user (or service account) behind a verified access token, and its realm. */
export interface Principal {
  /** The realm that issued the token: every route acts on this realm only. */
  realm: string;
  issuer: string;
  /** Keycloak's user id (`sub`). */
  subject: string;
  /** `preferred_username`, when the token carries it. */
  username?: string;
  /** The client the token was issued to (`azp`). */
  clientId?: string;
  /** Realm roles (`realm_access.roles`). */
  realmRoles: readonly string[];
  expiresAt: Date;
}

/**
 * Reads the caller from the claims of a token whose signature, issuer, audience and lifetime were already
 * verified. Refuses anything that is not a Keycloak access token (`typ: Bearer`): an ID token or a logout
 * token of the same realm must not open the API.
 */
export function principalFromClaims(claims: JWTPayload, trusted: TrustedIssuer): Principal {
  if (claims.typ !== 'Bearer') {
    throw new KeywardError(
      'INVALID_TOKEN',
      `The token is not an access token (typ '${String(claims.typ ?? '')}'); send the access token.`,
    );
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new KeywardError('INVALID_TOKEN', 'The access token names no subject (sub).');
  }
  const access = claims.realm_access as { roles?: unknown } | undefined;
  const roles = Array.isArray(access?.roles) ? access.roles.filter((role) => typeof role === 'string') : [];
  return {
    realm: trusted.realm,
    issuer: trusted.issuer,
    subject: claims.sub,
    ...(typeof claims.preferred_username === 'string' ? { username: claims.preferred_username } : {}),
    ...(typeof claims.azp === 'string' ? { clientId: claims.azp } : {}),
    realmRoles: roles,
    expiresAt: new Date((claims.exp ?? 0) * 1000),
  };
}

/** Whether the caller holds every one of `roles` as realm roles. */
export function hasRealmRoles(principal: Principal, roles: readonly string[]): boolean {
  return roles.every((role) => principal.realmRoles.includes(role));
}
