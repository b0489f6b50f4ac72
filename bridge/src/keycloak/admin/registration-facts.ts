/**
 * Reads what the registration report needs of every user of a realm, with as few admin calls as the REST API
 * allows: users in pages (attributes included), group membership from each group's member listing, and only the
 * roles the policy document names, resolved through their holders (direct users, groups, composite parents)
 * instead of one role-mapping call per user and client. Credentials have no realm-wide listing, so they are
 * read per user with bounded concurrency.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type GroupRepresentation from '@keycloak/keycloak-admin-client/lib/defs/groupRepresentation.js';
import type RoleRepresentation from '@keycloak/keycloak-admin-client/lib/defs/roleRepresentation.js';
import type { PolicyDocument } from '../../policy/types.js';
import type { RegistrationUserFacts } from '../../reports/registration.js';
import { mapConcurrently, readAllPages } from './paging.js';
import { PER_USER_MFA_ATTRIBUTE } from './users.js';

/** How hard the adapter may push Keycloak. */
export interface ReadFactsOptions {
  /** Admin calls in flight at once (default 8). */
  concurrency?: number;
  /** Called after each user's credentials were read. */
  onProgress?: (done: number, total: number) => void;
}

/** Every role reference (`role` or `client/role`) the document's evaluation depends on. */
export function rolesNamedBy(document: PolicyDocument): string[] {
  const roles = new Set<string>(document.mfaSettings.privilegedRoles);
  for (const policy of document.conditionalAccessPolicies) {
    for (const role of [...policy.conditions.users.includeRoles, ...policy.conditions.users.excludeRoles]) {
      roles.add(role);
    }
  }
  return [...roles];
}

interface FlatGroup {
  id: string;
  path: string;
}

async function allGroups(client: KcAdminClient, realm: string): Promise<FlatGroup[]> {
  const flat: FlatGroup[] = [];
  const visit = async (groups: GroupRepresentation[], parentPath: string) => {
    for (const group of groups) {
      if (!group.id) continue;
      const path = group.path ?? `${parentPath}/${group.name}`;
      flat.push({ id: group.id, path });
      if ((group.subGroupCount ?? 0) > 0 || (group.subGroups?.length ?? 0) > 0) {
        const children = await readAllPages((first, max) =>
          client.groups.listSubGroups({ realm, parentId: group.id as string, first, max }),
        );
        await visit(children, path);
      }
    }
  };
  await visit(await readAllPages((first, max) => client.groups.find({ realm, first, max })), '');
  return flat;
}

/** A role as the document names it, with Keycloak's ids resolved. */
interface RoleKey {
  reference: string;
  clientUuid?: string;
  name: string;
}

/** Role key of a representation: `name` for realm roles, `clientId/name` for client roles. */
const referenceOf = (role: RoleRepresentation, clientIdOf: Map<string, string>): string =>
  role.clientRole
    ? `${clientIdOf.get(role.containerId ?? '') ?? role.containerId}/${role.name}`
    : String(role.name);

/**
 * For every named role, the references of all roles that imply it (itself, and composites containing it at any
 * depth) among the realm's roles and the roles of the clients the document names.
 */
async function impliersOf(
  client: KcAdminClient,
  realm: string,
  named: string[],
  clientIdOf: Map<string, string>,
  clientUuidOf: Map<string, string>,
): Promise<{ impliers: Map<string, Set<string>>; roles: Map<string, RoleKey> }> {
  const candidates: RoleRepresentation[] = [
    ...(await client.roles.find({ realm, briefRepresentation: false })),
  ];
  const clientIds = new Set(
    named.filter((role) => role.includes('/')).map((role) => role.split('/')[0] ?? ''),
  );
  for (const clientId of clientIds) {
    const uuid = clientUuidOf.get(clientId);
    if (uuid) candidates.push(...(await client.clients.listRoles({ realm, id: uuid })));
  }
  const roles = new Map<string, RoleKey>();
  for (const role of candidates) {
    const reference = referenceOf(role, clientIdOf);
    const key: RoleKey = { reference, name: String(role.name) };
    if (role.clientRole && role.containerId) key.clientUuid = role.containerId;
    roles.set(reference, key);
  }
  const children = new Map<string, string[]>();
  await mapConcurrently(
    candidates.filter((role) => role.composite && role.id),
    8,
    async (role) => {
      const composites = await client.roles.getCompositeRoles({ realm, id: role.id as string });
      children.set(
        referenceOf(role, clientIdOf),
        composites.map((child) => referenceOf(child, clientIdOf)),
      );
    },
  );
  const parents = new Map<string, string[]>();
  for (const [parent, kids] of children) {
    for (const kid of kids) parents.set(kid, [...(parents.get(kid) ?? []), parent]);
  }
  const impliers = new Map<string, Set<string>>();
  for (const reference of named) {
    const found = new Set<string>();
    const queue = roles.has(reference) ? [reference] : [];
    while (queue.length > 0) {
      const current = queue.pop() as string;
      if (found.has(current)) continue;
      found.add(current);
      queue.push(...(parents.get(current) ?? []));
    }
    impliers.set(reference, found);
  }
  return { impliers, roles };
}

/**
 * Reads the facts of every user of the realm for {@link userRegistrationDetails}. Roles other than those the
 * document names are not read: they cannot change the report.
 */
export async function readRegistrationFacts(
  client: KcAdminClient,
  realm: string,
  document: PolicyDocument,
  options: ReadFactsOptions = {},
): Promise<RegistrationUserFacts[]> {
  const concurrency = options.concurrency ?? 8;
  const users = await readAllPages((first, max) =>
    client.users.find({ realm, first, max, briefRepresentation: false }),
  );
  const facts = new Map<string, RegistrationUserFacts>();
  for (const user of users) {
    if (!user.id || user.serviceAccountClientId) continue;
    facts.set(user.id, {
      id: user.id,
      username: String(user.username),
      groups: [],
      realmRoles: [],
      clientRoles: [],
      perUserMfaState: user.attributes?.[PER_USER_MFA_ATTRIBUTE]?.[0],
      credentials: [],
    });
  }

  const groups = await allGroups(client, realm);
  const membersOf = new Map<string, string[]>();
  await mapConcurrently(groups, concurrency, async (group) => {
    const members = await readAllPages((first, max) =>
      client.groups.listMembers({ realm, id: group.id, first, max, briefRepresentation: true }),
    );
    membersOf.set(
      group.id,
      members.map((member) => member.id as string),
    );
    for (const member of members) facts.get(member.id as string)?.groups.push(group.path);
  });

  const named = rolesNamedBy(document);
  if (named.length > 0) {
    const clients = await client.clients.find({ realm });
    const clientIdOf = new Map(clients.map((found) => [String(found.id), String(found.clientId)]));
    const clientUuidOf = new Map(clients.map((found) => [String(found.clientId), String(found.id)]));
    const { impliers, roles } = await impliersOf(client, realm, named, clientIdOf, clientUuidOf);
    const holdersOf = new Map<string, Set<string>>();
    const holders = async (key: RoleKey): Promise<Set<string>> => {
      const cached = holdersOf.get(key.reference);
      if (cached) return cached;
      const found = new Set<string>();
      const direct = await readAllPages((first, max) =>
        key.clientUuid
          ? client.clients.findUsersWithRole({ realm, id: key.clientUuid, roleName: key.name, first, max })
          : client.roles.findUsersWithRole({ realm, name: key.name, first, max }),
      );
      for (const user of direct) found.add(user.id as string);
      holdersOf.set(key.reference, found);
      return found;
    };
    // Group role mappings (composites expanded by Keycloak), inherited by members of sub-groups.
    const groupRoles = new Map<string, Set<string>>();
    await mapConcurrently(groups, concurrency, async (group) => {
      const mapped = new Set<string>();
      const realmRoles = await client.groups.listCompositeRealmRoleMappings({ realm, id: group.id });
      for (const role of realmRoles) mapped.add(String(role.name));
      for (const clientId of new Set(
        named.filter((r) => r.includes('/')).map((r) => r.split('/')[0] ?? ''),
      )) {
        const uuid = clientUuidOf.get(clientId);
        if (!uuid) continue;
        const clientRoles = await client.groups.listCompositeClientRoleMappings({
          realm,
          id: group.id,
          clientUniqueId: uuid,
        });
        for (const role of clientRoles) mapped.add(`${clientId}/${role.name}`);
      }
      groupRoles.set(group.path, mapped);
    });
    for (const reference of named) {
      const holding = new Set<string>();
      for (const implier of impliers.get(reference) ?? []) {
        const key = roles.get(implier);
        if (key) for (const id of await holders(key)) holding.add(id);
      }
      for (const group of groups) {
        const inherited = [...groupRoles].some(
          ([path, mapped]) =>
            mapped.has(reference) && (group.path === path || group.path.startsWith(`${path}/`)),
        );
        if (inherited) for (const id of membersOf.get(group.id) ?? []) holding.add(id);
      }
      for (const id of holding) {
        const user = facts.get(id);
        if (!user) continue;
        if (reference.includes('/')) user.clientRoles.push(reference);
        else user.realmRoles.push(reference);
      }
    }
  }

  const all = [...facts.values()];
  let done = 0;
  await mapConcurrently(all, concurrency, async (user) => {
    const credentials = await client.users.getCredentials({ realm, id: user.id });
    user.credentials = credentials.map((credential) => ({
      ...(credential.type !== undefined ? { type: credential.type } : {}),
      ...(credential.credentialData !== undefined ? { credentialData: credential.credentialData } : {}),
    }));
    options.onProgress?.(++done, all.length);
  });
  return all;
}
