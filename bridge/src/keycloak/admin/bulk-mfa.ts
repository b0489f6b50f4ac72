/** The admin-API side of `keyward users mfa import`: one listing of the realm's users, then one change per row. */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type UserRepresentation from '@keycloak/keycloak-admin-client/lib/defs/userRepresentation.js';
import { readAllPages } from './paging.js';
import { PER_USER_MFA_ATTRIBUTE, type PerUserMfaState, perUserMfaStateOf } from './users.js';

/** A user as the import sees it before changing anything. */
export interface ImportTarget {
  id: string;
  username: string;
  perUserMfaState: PerUserMfaState;
  /** The whole representation as listed, written back with the new state. */
  representation: UserRepresentation;
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
      representation: user,
    });
  }
  return targets;
}

/**
 * Sets one user's state by writing back the representation the listing read, with one call and none when the
 * user already has the state. Keycloak's PUT replaces the whole user and has no conditional update, so an edit
 * another admin makes to the same user between the listing and this write is undone; a fresh read before each
 * write would only narrow that window, at twice the calls (docs/architecture.md).
 */
export async function applyPerUserMfaState(
  client: KcAdminClient,
  realm: string,
  target: ImportTarget,
  state: PerUserMfaState,
): Promise<{ previous: PerUserMfaState; changed: boolean }> {
  const previous = target.perUserMfaState;
  if (previous === state) return { previous, changed: false };
  const attributes = { ...(target.representation.attributes ?? {}) };
  if (state === 'disabled') delete attributes[PER_USER_MFA_ATTRIBUTE];
  else attributes[PER_USER_MFA_ATTRIBUTE] = [state];
  await client.users.update({ realm, id: target.id }, { ...target.representation, attributes });
  return { previous, changed: true };
}
