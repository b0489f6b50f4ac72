import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type {
  ExecutionSpec,
  FlowSpec,
  Requirement,
  UserProfileAttributeSpec,
} from '../../compile/realm-fragment.js';
import { KEYWARD_ALIAS_PREFIX } from '../../compile/realm-fragment.js';
import { KeywardError } from '../../errors.js';
import type { LiveRealm } from '../../plan/plan.js';

/** The directory of names a policy may reference, for `findDanglingReferences`. */
export interface LiveDirectory {
  users: string[];
  groups: string[];
  realmRoles: string[];
  clientRoles: string[];
  clients: string[];
}

/** Tells whether a realm exists, without throwing for a missing one. */
export async function realmExists(client: KcAdminClient, realm: string): Promise<boolean> {
  const found = await client.realms.findOne({ realm });
  return found !== undefined && found !== null;
}

/** Reads what Keyward manages in a realm into the compiler's shapes, so plan is a plain comparison. */
export async function readLiveRealm(client: KcAdminClient, realm: string): Promise<LiveRealm> {
  const representation = await client.realms.findOne({ realm });
  if (!representation) throw new KeywardError('REALM_NOT_FOUND', `Realm '${realm}' does not exist.`);
  const bindings = {
    browser: representation.browserFlow ?? '',
    directGrant: representation.directGrantFlow ?? '',
  };

  const topLevel = await client.authenticationManagement.getFlows({ realm });
  const relevant = topLevel.filter(
    (flow) =>
      flow.alias !== undefined &&
      (flow.alias.startsWith(KEYWARD_ALIAS_PREFIX) || Object.values(bindings).includes(flow.alias)),
  );
  const flows = await Promise.all(
    relevant.map((flow) => readFlowTree(client, realm, flow.alias as string, flow.description ?? '')),
  );

  const flowAliasById = new Map(topLevel.map((flow) => [String(flow.id), String(flow.alias)]));
  const clientFlowOverrides = (await client.clients.find({ realm, max: 100_000 })).flatMap((candidate) =>
    Object.entries(candidate.authenticationFlowBindingOverrides ?? {})
      .filter(([binding, flowId]) => (binding === 'browser' || binding === 'direct_grant') && flowId)
      .map(([binding, flowId]) => ({
        clientId: String(candidate.clientId),
        binding: binding as 'browser' | 'direct_grant',
        flowAlias: flowAliasById.get(String(flowId)) ?? String(flowId),
      })),
  );

  const [registered, unregistered, roles] = await Promise.all([
    // The client's typings omit `realm` on these two calls although the requests honour it.
    client.authenticationManagement.getRequiredActions({ realm } as never),
    client.authenticationManagement.getUnregisteredRequiredActions({ realm } as never),
    client.roles.find({ realm }),
  ]);
  const requiredActions = [
    ...registered.map((action) => ({
      alias: String(action.alias),
      enabled: Boolean(action.enabled),
      registered: true,
      ...(typeof action.priority === 'number' ? { priority: action.priority } : {}),
    })),
    ...(unregistered as { providerId: string }[]).map((action) => ({
      alias: action.providerId,
      enabled: false,
      registered: false,
    })),
  ];

  return {
    realm,
    bindings,
    flows,
    requiredActions,
    realmRoles: roles.map((role) => String(role.name)),
    attributes: (representation.attributes ?? {}) as Record<string, string>,
    realmSettings: {
      loginTheme: representation.loginTheme ?? '',
      webAuthnPolicyPasswordlessPasskeysEnabled:
        representation.webAuthnPolicyPasswordlessPasskeysEnabled ?? false,
      rememberMe: representation.rememberMe ?? false,
      emailTheme: representation.emailTheme ?? '',
    },
    clientFlowOverrides,
    userProfileAttributes: await readKeywardProfileAttributes(client, realm),
    eventListeners: representation.eventsListeners ?? [],
  };
}

interface ExecutionInfo {
  id: string;
  requirement: Requirement;
  displayName: string;
  description?: string;
  providerId?: string;
  authenticationFlow?: boolean;
  authenticationConfig?: string;
  level: number;
}

/**
 * Keycloak lists a flow's executions flattened, each with its nesting level; rebuild the tree, reading each
 * execution's configuration so that hand edits to a config show up as drift.
 */
async function readFlowTree(client: KcAdminClient, realm: string, alias: string, description: string) {
  const executions = (await client.authenticationManagement.getExecutions({
    realm,
    flow: alias,
  })) as ExecutionInfo[];
  const configs = await Promise.all(
    executions.map((execution) =>
      execution.authenticationConfig
        ? client.authenticationManagement.getConfig({ realm, id: execution.authenticationConfig })
        : Promise.resolve(undefined),
    ),
  );
  const root: FlowSpec = { alias, description, executions: [] };
  const stack: FlowSpec[] = [root];
  executions.forEach((execution, index) => {
    stack.length = execution.level + 1;
    const parent = stack[execution.level] as FlowSpec;
    let spec: ExecutionSpec;
    if (execution.authenticationFlow) {
      const flow: FlowSpec = {
        alias: execution.displayName,
        description: execution.description ?? '',
        executions: [],
      };
      spec = { requirement: execution.requirement, flow };
      stack.push(flow);
    } else {
      const config = configs[index];
      spec = {
        requirement: execution.requirement,
        authenticator: execution.providerId ?? execution.displayName,
        ...(config ? { config: { alias: String(config.alias), config: config.config ?? {} } } : {}),
      };
    }
    parent.executions.push(spec);
  });
  return root;
}

/** Reads every name a policy document may reference in the realm. */
export async function readDirectory(client: KcAdminClient, realm: string): Promise<LiveDirectory> {
  const [users, groups, roles, clients] = await Promise.all([
    client.users.find({ realm, max: 100_000, briefRepresentation: true }),
    client.groups.find({ realm, max: 100_000 }),
    client.roles.find({ realm }),
    client.clients.find({ realm, max: 100_000 }),
  ]);
  const groupPaths: string[] = [];
  const collect = async (list: { id?: string; path?: string; subGroupCount?: number }[]): Promise<void> => {
    for (const group of list) {
      if (group.path) groupPaths.push(group.path);
      if (group.id && (group.subGroupCount ?? 0) > 0) {
        await collect(await client.groups.listSubGroups({ realm, parentId: group.id, max: 100_000 }));
      }
    }
  };
  await collect(groups);
  const clientRoles: string[] = [];
  for (const candidate of clients) {
    const clientId = String(candidate.clientId);
    const list = await client.clients.listRoles({ realm, id: String(candidate.id) });
    for (const role of list) clientRoles.push(`${clientId}/${role.name}`);
  }
  return {
    users: users.map((user) => String(user.username)),
    groups: groupPaths,
    realmRoles: roles.map((role) => String(role.name)),
    clientRoles,
    clients: clients.map((candidate) => String(candidate.clientId)),
  };
}

/** The user-profile attributes Keyward owns (names starting with `keyward.`), in the compiler's shape. */
async function readKeywardProfileAttributes(
  client: KcAdminClient,
  realm: string,
): Promise<UserProfileAttributeSpec[]> {
  const profile = await client.users.getProfile({ realm });
  return (profile.attributes ?? [])
    .filter((attribute) => attribute.name?.startsWith('keyward.'))
    .map((attribute) => ({
      name: String(attribute.name),
      displayName: attribute.displayName ?? '',
      permissions: { view: attribute.permissions?.view ?? [], edit: attribute.permissions?.edit ?? [] },
      validations: (attribute.validations ?? {}) as UserProfileAttributeSpec['validations'],
      multivalued: attribute.multivalued ?? false,
    }));
}
