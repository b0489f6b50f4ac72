import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { MFA_SESSION_VERSION_ATTRIBUTE } from '../../compile/remember-mfa.js';
import { KeywardError } from '../../errors.js';
import { findUser } from './users.js';

export { MFA_SESSION_VERSION_ATTRIBUTE };

/** What "revoke MFA sessions" did to one user. */
export interface RevokedMfaSessions {
  userId: string;
  username: string;
  /** The version every mark issued from now on carries; marks with any other version are ignored. */
  mfaSessionVersion: number;
}

/**
 * The next MFA session version after `stored` (absent: 0). A stored value that is not a non-negative whole number
 * cannot be incremented safely (a mark may carry any earlier value), so the next version is then the current time
 * in seconds, which no mark issued so far carries.
 */
export function nextMfaSessionVersion(stored: string | undefined, nowSeconds: number): number {
  if (stored === undefined || stored.trim() === '') return 1;
  const current = Number(stored.trim());
  return Number.isSafeInteger(current) && current >= 0 ? current + 1 : Math.floor(nowSeconds);
}

/**
 * Revokes a user's remember-MFA marks by incrementing the admin-only attribute they are bound to. Keycloak's
 * `PUT /users/{id}` replaces the whole representation, so the user is read, changed and written back whole, then read
 * again: Keycloak silently drops an attribute its user profile does not declare, and a revocation that did not stick
 * must not be reported as done. Keycloak records the change as an admin event (`UPDATE` on `users/<id>`) when the
 * realm keeps admin events.
 */
export async function revokeMfaSessions(
  client: KcAdminClient,
  realm: string,
  user: string,
): Promise<RevokedMfaSessions> {
  const found = await findUser(client, realm, user);
  const id = String(found.id);
  const full = await client.users.findOne({ realm, id, userProfileMetadata: false });
  if (!full) throw new KeywardError('USER_NOT_FOUND', `User '${user}' does not exist in realm '${realm}'.`);
  const next = nextMfaSessionVersion(
    full.attributes?.[MFA_SESSION_VERSION_ATTRIBUTE]?.[0],
    Date.now() / 1000,
  );
  const attributes = { ...(full.attributes ?? {}), [MFA_SESSION_VERSION_ATTRIBUTE]: [String(next)] };
  await client.users.update({ realm, id }, { ...full, attributes });
  const stored = await client.users.findOne({ realm, id, userProfileMetadata: false });
  if (stored?.attributes?.[MFA_SESSION_VERSION_ATTRIBUTE]?.[0] !== String(next)) {
    throw new KeywardError(
      'KEYCLOAK_REQUEST_FAILED',
      `Keycloak did not store the MFA session version of '${user}': realm '${realm}' must declare the user ` +
        `attribute '${MFA_SESSION_VERSION_ATTRIBUTE}' in its user profile (apply the policy document again).`,
    );
  }
  return { userId: id, username: String(full.username), mfaSessionVersion: next };
}
