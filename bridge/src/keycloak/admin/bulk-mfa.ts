/** The admin-API side of `keyward users mfa import`: one listing of the realm's users, then one change per row. */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';
import { readAllPages } from './paging.js';
import { PER_USER_MFA_ATTRIBUTE, type PerUserMfaState, perUserMfaStateOf } from './users.js';

/** A user as the import sees it before changing anything. */
export interface ImportTarget {
  id: string;
  username: string;
  perUserMfaState: PerUserMfaState;
}

/** Every user of the realm by lower-case username (Keycloak stores usernames in lower case), in pages. */
export async function listImportTargets(
  client: KcAdminClient,
  realm: string,
): Promise<Map<string, ImportTarget>> {
  const users = await readAllPages((first, max) =>
    client.users.find({ realm, first, max, briefRepresentation: false }),
  );
  const targets = new Map<string, ImportTarget>();
  for (const user of users) {
    if (!user.id || !user.username) continue;
    targets.set(user.username.toLowerCase(), {
      id: user.id,
      username: user.username,
      perUserMfaState: perUserMfaStateOf(user),
    });
  }
  return targets;
}

/**
 * Sets one user's state from a fresh read (Keycloak's PUT replaces the whole user, so a stale copy would undo
 * concurrent edits), skipping the write when the user already has it. Fails with KEYCLOAK_REQUEST_FAILED when
 * Keycloak does not keep the attribute (the realm's user profile does not declare it: apply first).
 */
export async function applyPerUserMfaState(
  client: KcAdminClient,
  realm: string,
  userId: string,
  state: PerUserMfaState,
): Promise<{ previous: PerUserMfaState; changed: boolean }> {
  const user = await client.users.findOne({ realm, id: userId, userProfileMetadata: false });
  if (!user)
    throw new KeywardError('USER_NOT_FOUND', `User '${userId}' no longer exists in realm '${realm}'.`);
  const previous = perUserMfaStateOf(user);
  if (previous === state) return { previous, changed: false };
  const attributes = { ...(user.attributes ?? {}) };
  if (state === 'disabled') delete attributes[PER_USER_MFA_ATTRIBUTE];
  else attributes[PER_USER_MFA_ATTRIBUTE] = [state];
  await client.users.update({ realm, id: userId }, { ...user, attributes });
  return { previous, changed: true };
}
