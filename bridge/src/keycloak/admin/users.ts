import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type UserRepresentation from '@keycloak/keycloak-admin-client/lib/defs/userRepresentation.js';
import { PER_USER_MFA_ATTRIBUTE } from '../../compile/requirements.js';
import { KeywardError } from '../../errors.js';

/** Entra's per-user MFA states (SPEC §3.2). */
export type PerUserMfaState = 'disabled' | 'enabled' | 'enforced';

export { PER_USER_MFA_ATTRIBUTE };

/** Finds a user by exact username, or by id; fails with USER_NOT_FOUND. */
export async function findUser(
  client: KcAdminClient,
  realm: string,
  user: string,
): Promise<UserRepresentation> {
  const [byName] = await client.users.find({ realm, username: user, exact: true });
  if (byName?.id) return byName;
  const byId = /^[0-9a-f-]{36}$/i.test(user) ? await client.users.findOne({ realm, id: user }) : undefined;
  if (byId?.id) return byId;
  throw new KeywardError('USER_NOT_FOUND', `User '${user}' does not exist in realm '${realm}'.`);
}

/** Reads a user's per-user MFA state from its attribute. */
export function perUserMfaStateOf(user: UserRepresentation): PerUserMfaState {
  const value = user.attributes?.[PER_USER_MFA_ATTRIBUTE]?.[0];
  return value === 'enabled' || value === 'enforced' ? value : 'disabled';
}

/**
 * Sets a user's per-user MFA state. Keycloak's `PUT /users/{id}` replaces the whole representation (omitted
 * attributes are removed), so the user is read, changed and written back whole.
 */
export async function setPerUserMfaState(
  client: KcAdminClient,
  realm: string,
  user: string,
  state: PerUserMfaState,
): Promise<{ previous: PerUserMfaState; current: PerUserMfaState }> {
  const found = await findUser(client, realm, user);
  const full = await client.users.findOne({ realm, id: found.id as string, userProfileMetadata: false });
  if (!full) throw new KeywardError('USER_NOT_FOUND', `User '${user}' does not exist in realm '${realm}'.`);
  const previous = perUserMfaStateOf(full);
  const attributes = { ...(full.attributes ?? {}) };
  if (state === 'disabled') delete attributes[PER_USER_MFA_ATTRIBUTE];
  else attributes[PER_USER_MFA_ATTRIBUTE] = [state];
  await client.users.update({ realm, id: full.id as string }, { ...full, attributes });
  return { previous, current: state };
}
