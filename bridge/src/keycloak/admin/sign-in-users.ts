import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type UserRepresentation from '@keycloak/keycloak-admin-client/lib/defs/userRepresentation.js';
import { REGISTRATION_SNOOZE_ATTRIBUTE } from '../../compile/registration.js';
import { PER_USER_MFA_ATTRIBUTE } from '../../compile/requirements.js';
import { isPrivileged, type SignInUser } from '../../evaluate/sign-in.js';
import type { LockoutSubjects } from '../../plan/lockout.js';
import type { PolicyDocument } from '../../policy/types.js';
import { findUser } from './users.js';

/** Keycloak credential types by the name the evaluator gives the method (SPEC §3.5). */
/** The extension's credential type of an app password (plugins: `io.keyward.keycloak.apppassword`). */
const APP_PASSWORD_CREDENTIAL_TYPE = 'keyward-app-password';

const METHOD_OF_CREDENTIAL: Record<string, string> = {
  otp: 'otp',
  webauthn: 'webauthn-2fa',
  'webauthn-passwordless': 'webauthn-passwordless',
  'recovery-authn-codes': 'recovery-codes',
  'keyward-email-otp': 'email',
};

/** Every client id a document names in a role (`client/role`): the only client roles evaluation looks at. */
export function clientsOfRoles(document: PolicyDocument): string[] {
  const references = [
    ...document.mfaSettings.privilegedRoles,
    ...document.conditionalAccessPolicies.flatMap((policy) => [
      ...policy.conditions.users.includeRoles,
      ...policy.conditions.users.excludeRoles,
    ]),
  ];
  return [
    ...new Set(
      references.filter((role) => role.includes('/')).map((role) => role.slice(0, role.indexOf('/'))),
    ),
  ];
}

/** Maps client ids to Keycloak's internal ids, once per read. */
export async function clientIds(
  client: KcAdminClient,
  realm: string,
  wanted: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const clientId of wanted) {
    const [found] = await client.clients.find({ realm, clientId });
    if (found?.id) ids.set(clientId, found.id);
  }
  return ids;
}

/**
 * Reads a user as the sign-in evaluator sees them: direct group paths, effective realm roles, the effective roles of
 * the clients in `clients` (client id → internal id; other clients' roles cannot matter to the document), the
 * per-user MFA state and the registered methods.
 */
export async function readSignInUser(
  client: KcAdminClient,
  realm: string,
  user: UserRepresentation,
  clients: ReadonlyMap<string, string>,
): Promise<SignInUser> {
  const id = String(user.id);
  const [groups, realmRoles, credentials, full] = await Promise.all([
    client.users.listGroups({ realm, id, briefRepresentation: false, max: 10_000 }),
    client.users.listCompositeRealmRoleMappings({ realm, id }),
    client.users.getCredentials({ realm, id }),
    user.attributes === undefined ? client.users.findOne({ realm, id }) : Promise.resolve(user),
  ]);
  const clientRoles: string[] = [];
  for (const [clientId, clientUniqueId] of clients) {
    const roles = await client.users.listCompositeClientRoleMappings({ realm, id, clientUniqueId });
    for (const role of roles) clientRoles.push(`${clientId}/${role.name}`);
  }
  const methods = credentials
    .map((credential) => METHOD_OF_CREDENTIAL[credential.type ?? ''])
    .filter((method): method is string => method !== undefined);
  return {
    username: String(user.username),
    groups: groups.map((group) => String(group.path)),
    realmRoles: realmRoles.map((role) => String(role.name)),
    clientRoles,
    perUserMfaState: full?.attributes?.[PER_USER_MFA_ATTRIBUTE]?.[0] ?? 'disabled',
    methods: [...new Set(methods)],
    hasEmailAddress: Boolean(user.email ?? full?.email),
    ...registrationSnoozeOf(full?.attributes?.[REGISTRATION_SNOOZE_ATTRIBUTE]?.[0]),
    appPasswords: credentials.filter((credential) => credential.type === APP_PASSWORD_CREDENTIAL_TYPE).length,
  };
}

/** What Java's `Instant.parse` reads (the extension writes `Instant.toString()`, e.g. `2026-11-27T12:00:00Z`). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The stored `{"snoozes": n, "snoozedUntil": "ISO-8601"}` of the registration campaign; nothing for a value Keycloak
 * cannot read either (it then counts every snooze as used, so no snooze holds).
 */
export function registrationSnoozeOf(stored: string | undefined): Pick<SignInUser, 'registrationSnooze'> {
  if (stored === undefined || stored.trim() === '') return {};
  try {
    const value = JSON.parse(stored) as { snoozes?: unknown; snoozedUntil?: unknown };
    const { snoozes, snoozedUntil } = value;
    if (
      typeof snoozes === 'number' &&
      Number.isInteger(snoozes) &&
      snoozes >= 0 &&
      typeof snoozedUntil === 'string' &&
      ISO_INSTANT.test(snoozedUntil) &&
      !Number.isNaN(Date.parse(snoozedUntil))
    ) {
      return { registrationSnooze: { snoozes, snoozedUntil } };
    }
  } catch {
    // Unreadable: as Keycloak, no snooze.
  }
  return {};
}

/** Reads one user by username or id (USER_NOT_FOUND otherwise) for evaluating sign-ins under `document`. */
export async function readSignInUserByName(
  client: KcAdminClient,
  realm: string,
  username: string,
  document: PolicyDocument,
): Promise<SignInUser> {
  const user = await findUser(client, realm, username);
  const full = (await client.users.findOne({ realm, id: String(user.id) })) ?? user;
  return readSignInUser(client, realm, full, await clientIds(client, realm, clientsOfRoles(document)));
}

async function authorizedGet<T>(client: KcAdminClient, path: string): Promise<T> {
  const response = await fetch(`${client.baseUrl}/admin/realms/${path}`, {
    headers: { authorization: `Bearer ${await client.getAccessToken()}`, accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

interface GroupRef {
  id?: string;
  path?: string;
}

/** Users in a group or any of its sub-groups (who inherit its roles). */
async function membersBelow(
  client: KcAdminClient,
  realm: string,
  group: GroupRef,
): Promise<UserRepresentation[]> {
  if (!group.id) return [];
  const members = await client.groups.listMembers({ realm, id: group.id, max: 10_000 });
  const children = await client.groups.listSubGroups({ realm, parentId: group.id, max: 10_000 });
  for (const child of children) members.push(...(await membersBelow(client, realm, child)));
  return members;
}

/** Direct holders of a role and members of the groups (and sub-groups) that hold it. */
async function holdersOf(
  client: KcAdminClient,
  realm: string,
  rolePath: string,
  direct: Promise<UserRepresentation[]>,
): Promise<UserRepresentation[]> {
  const candidates = await direct.catch((): UserRepresentation[] => []);
  const groups = await authorizedGet<GroupRef[]>(client, `${rolePath}/groups?max=10000`).catch(() => []);
  for (const group of groups) candidates.push(...(await membersBelow(client, realm, group)));
  return candidates;
}

/**
 * Users who may hold a role: direct holders, members of groups that hold it (and their sub-groups), and holders of
 * realm roles that contain it (one level of composites). A candidate list: callers confirm with the user's effective
 * roles from {@link readSignInUser}.
 */
export async function candidateHoldersOfRole(
  client: KcAdminClient,
  realm: string,
  reference: string,
  clients: ReadonlyMap<string, string>,
): Promise<UserRepresentation[]> {
  const slash = reference.indexOf('/');
  const realmPath = encodeURIComponent(realm);
  const realmRolePath = (name: string) => `${realmPath}/roles/${encodeURIComponent(name)}`;
  let candidates: UserRepresentation[];
  let isRole: (role: { name?: string; clientRole?: boolean; containerId?: string }) => boolean;
  if (slash < 0) {
    candidates = await holdersOf(
      client,
      realm,
      realmRolePath(reference),
      client.roles.findUsersWithRole({ realm, name: reference, max: 10_000 }),
    );
    isRole = (role) => !role.clientRole && role.name === reference;
  } else {
    const id = clients.get(reference.slice(0, slash));
    if (id === undefined) return [];
    const roleName = reference.slice(slash + 1);
    candidates = await holdersOf(
      client,
      realm,
      `${realmPath}/clients/${id}/roles/${encodeURIComponent(roleName)}`,
      client.clients.findUsersWithRole({ realm, id, roleName, max: 10_000 }),
    );
    isRole = (role) => role.clientRole === true && role.containerId === id && role.name === roleName;
  }
  const composites = (await client.roles.find({ realm })).filter((role) => role.composite && role.id);
  for (const parent of composites) {
    const contained = await client.roles.getCompositeRoles({ realm, id: String(parent.id) });
    if (!contained.some(isRole)) continue;
    const name = String(parent.name);
    candidates.push(
      ...(await holdersOf(
        client,
        realm,
        realmRolePath(name),
        client.roles.findUsersWithRole({ realm, name, max: 10_000 }),
      )),
    );
  }
  const seen = new Set<string>();
  return candidates.filter((user) => {
    if (user.id === undefined || seen.has(user.id)) return false;
    seen.add(user.id);
    return true;
  });
}

/** Who runs the command: an admin account in some realm (the CLI's KEYWARD_ADMIN_USERNAME). */
export interface RunningAdmin {
  realm: string;
  username: string;
}

// Reading every user is what makes the guard slow in big realms; these are far above any sane admin count.
const MAX_PRIVILEGED_USERS = 500;
const MAX_BREAK_GLASS_CANDIDATES = 200;

/**
 * Reads what the lock-out guard needs: every privileged user, the running admin when they sign in to this realm,
 * and the candidates for break-glass accounts (the users the first enabled policy excludes).
 */
export async function readLockoutSubjects(
  client: KcAdminClient,
  realm: string,
  document: PolicyDocument,
  runningAdmin?: RunningAdmin,
): Promise<LockoutSubjects> {
  const clients = await clientIds(client, realm, clientsOfRoles(document));
  const read = async (users: UserRepresentation[], limit: number) => {
    const seen = new Set<string>();
    const unique = users.filter((user) => user.id && !seen.has(user.id) && seen.add(user.id)).slice(0, limit);
    return Promise.all(unique.map((user) => readSignInUser(client, realm, user, clients)));
  };

  const holders: UserRepresentation[] = [];
  for (const role of document.mfaSettings.privilegedRoles) {
    holders.push(...(await candidateHoldersOfRole(client, realm, role, clients)));
  }
  const privilegedUsers = (await read(holders, MAX_PRIVILEGED_USERS)).filter((user) =>
    isPrivileged(document, user),
  );

  const first = document.conditionalAccessPolicies.find((policy) => policy.state === 'enabled');
  const excluded: UserRepresentation[] = [];
  if (first) {
    const users = first.conditions.users;
    for (const username of users.excludeUsers) {
      excluded.push(...(await client.users.find({ realm, username, exact: true })));
    }
    for (const path of users.excludeGroups) {
      const group = await authorizedGet<GroupRef>(
        client,
        `${encodeURIComponent(realm)}/group-by-path/${path.split('/').map(encodeURIComponent).join('/').replace(/^\//, '')}`,
      ).catch(() => undefined);
      if (group) excluded.push(...(await membersBelow(client, realm, group)));
    }
    for (const role of users.excludeRoles) {
      excluded.push(...(await candidateHoldersOfRole(client, realm, role, clients)));
    }
  }
  const breakGlassCandidates = await read(excluded, MAX_BREAK_GLASS_CANDIDATES);

  let admin: SignInUser | undefined;
  if (runningAdmin?.realm === realm) {
    const [found] = await client.users.find({ realm, username: runningAdmin.username, exact: true });
    if (found) admin = await readSignInUser(client, realm, found, clients);
  }
  return { privilegedUsers, breakGlassCandidates, ...(admin ? { runningAdmin: admin } : {}) };
}
