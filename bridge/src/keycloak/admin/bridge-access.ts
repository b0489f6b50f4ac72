/**
 * What the bridge needs in Keycloak besides the policy: access tokens meant for it (an audience), and a
 * service account to act with. Both are provisioned by whoever holds Keycloak's admin credentials
 * (`keyward provision-bridge`, `keyward up`, the compose set-up, the test set-up); the bridge itself never
 * holds those credentials and only uses what was provisioned. Every function here is idempotent.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type ClientScopeRepresentation from '@keycloak/keycloak-admin-client/lib/defs/clientScopeRepresentation.js';
import type ProtocolMapperRepresentation from '@keycloak/keycloak-admin-client/lib/defs/protocolMapperRepresentation.js';
import { KeywardError } from '../../errors.js';

/** The audience the bridge requires by default in every access token it accepts. */
export const BRIDGE_AUDIENCE = 'keyward-bridge';

/** The optional client scope that adds {@link BRIDGE_AUDIENCE}: a client asks for it with `scope=keyward-bridge`. */
export const BRIDGE_CLIENT_SCOPE = 'keyward-bridge';

/** The confidential client in the master realm whose service account the bridge acts as. */
export const BRIDGE_SERVICE_ACCOUNT_CLIENT_ID = 'keyward-bridge';

/**
 * Roles of master's `<realm>-realm` client the service account holds for every realm it serves: read and
 * reconcile the realm (flows, required actions, roles, attributes), manage users (per-user MFA state,
 * credentials, sessions), and read clients, groups and events (references, reports). Not: managing clients,
 * identity providers, authorization or events, impersonation, creating clients.
 */
export const BRIDGE_SERVICE_ACCOUNT_ROLES = [
  'view-realm',
  'manage-realm',
  'view-users',
  'manage-users',
  'query-users',
  'query-groups',
  'view-clients',
  'query-clients',
  'view-events',
] as const;

const AUDIENCE_MAPPER = 'oidc-audience-mapper';

function audienceMapper(audience: string): ProtocolMapperRepresentation {
  return {
    name: `audience ${audience}`,
    protocol: 'openid-connect',
    protocolMapper: AUDIENCE_MAPPER,
    config: {
      'included.custom.audience': audience,
      'access.token.claim': 'true',
      'introspection.token.claim': 'true',
      'id.token.claim': 'false',
      'lightweight.claim': 'false',
    },
  };
}

/**
 * Makes a realm able to issue tokens for the bridge: creates the optional client scope `keyward-bridge`
 * whose audience mapper adds `audience` to the access token, offers it to new clients (realm default optional
 * scope), and adds it as an optional scope to each of `clientIds`, which then request it with
 * `scope=keyward-bridge`. Tokens of clients that do not ask for it are refused by the bridge.
 */
export async function ensureBridgeAudience(
  client: KcAdminClient,
  realm: string,
  options: { audience?: string; clientIds?: readonly string[] } = {},
): Promise<void> {
  const audience = options.audience ?? BRIDGE_AUDIENCE;
  const scope = await ensureClientScope(client, realm, audience);
  // The client's typings omit `realm` on this call although the request honours it.
  const defaults = await client.clientScopes.listDefaultOptionalClientScopes({ realm } as never);
  if (!defaults.some((candidate) => candidate.id === scope)) {
    await client.clientScopes.addDefaultOptionalClientScope({ realm, id: scope });
  }
  for (const clientId of options.clientIds ?? []) {
    const [found] = await client.clients.find({ realm, clientId });
    if (!found?.id) {
      throw new KeywardError('INVALID_ARGUMENT', `No client '${clientId}' in realm '${realm}'.`);
    }
    const optional = await client.clients.listOptionalClientScopes({ realm, id: found.id });
    if (!optional.some((candidate) => candidate.id === scope)) {
      await client.clients.addOptionalClientScope({ realm, id: found.id, clientScopeId: scope });
    }
  }
}

async function ensureClientScope(client: KcAdminClient, realm: string, audience: string): Promise<string> {
  const existing = (await client.clientScopes.find({ realm })).find(
    (candidate: ClientScopeRepresentation) => candidate.name === BRIDGE_CLIENT_SCOPE,
  );
  if (existing?.id) {
    const mappers = existing.protocolMappers ?? [];
    const hasAudience = mappers.some(
      (mapper) =>
        mapper.protocolMapper === AUDIENCE_MAPPER && mapper.config?.['included.custom.audience'] === audience,
    );
    if (!hasAudience) {
      await client.clientScopes.addProtocolMapper({ realm, id: existing.id }, audienceMapper(audience));
    }
    return existing.id;
  }
  await client.clientScopes.create({
    realm,
    name: BRIDGE_CLIENT_SCOPE,
    description: 'Access tokens for the Keyward bridge (HTTP API): adds its audience.',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'false' },
    protocolMappers: [audienceMapper(audience)],
  });
  const created = (await client.clientScopes.find({ realm })).find(
    (candidate: ClientScopeRepresentation) => candidate.name === BRIDGE_CLIENT_SCOPE,
  );
  if (!created?.id) throw new Error(`Keycloak did not create client scope '${BRIDGE_CLIENT_SCOPE}'.`);
  return created.id;
}

/** The bridge's credentials, for `KEYWARD_CLIENT_ID` / `KEYWARD_CLIENT_SECRET`. */
export interface BridgeServiceAccount {
  clientId: string;
  clientSecret: string;
}

/**
 * Creates (or updates) the confidential client `keyward-bridge` in the master realm with a service account,
 * and grants that account {@link BRIDGE_SERVICE_ACCOUNT_ROLES} in each of `realms`. One account serves every
 * realm, so one bridge serves many realms; granting it a new realm is one more call. `client` must be signed
 * in to master as an administrator. With `clientSecret` the client gets that secret (compose passes one so
 * that the bridge container knows it); without, Keycloak's secret is kept or generated and returned.
 */
export async function ensureBridgeServiceAccount(
  client: KcAdminClient,
  options: { realms: readonly string[]; clientId?: string; clientSecret?: string },
): Promise<BridgeServiceAccount> {
  const master = 'master';
  const clientId = options.clientId ?? BRIDGE_SERVICE_ACCOUNT_CLIENT_ID;
  const representation = {
    clientId,
    name: 'Keyward bridge',
    description: 'Service account of the Keyward bridge (HTTP API). Managed by Keyward.',
    enabled: true,
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    ...(options.clientSecret ? { secret: options.clientSecret } : {}),
  };
  let [found] = await client.clients.find({ realm: master, clientId });
  if (found?.id) {
    await client.clients.update({ realm: master, id: found.id }, { ...found, ...representation });
  } else {
    await client.clients.create({ realm: master, ...representation });
    [found] = await client.clients.find({ realm: master, clientId });
  }
  const id = found?.id;
  if (!id) throw new Error(`Keycloak did not create client '${clientId}' in the master realm.`);

  const account = await client.clients.getServiceAccountUser({ realm: master, id });
  if (!account.id) throw new Error(`Client '${clientId}' has no service account user.`);
  for (const realm of options.realms) {
    const [realmClient] = await client.clients.find({ realm: master, clientId: `${realm}-realm` });
    if (!realmClient?.id) {
      throw new KeywardError(
        'REALM_NOT_FOUND',
        `Realm '${realm}' does not exist (no '${realm}-realm' client in master).`,
      );
    }
    const available = await client.clients.listRoles({ realm: master, id: realmClient.id });
    const wanted = available.filter((role) =>
      (BRIDGE_SERVICE_ACCOUNT_ROLES as readonly string[]).includes(String(role.name)),
    );
    await client.users.addClientRoleMappings({
      realm: master,
      id: account.id,
      clientUniqueId: realmClient.id,
      roles: wanted.map((role) => ({ id: String(role.id), name: String(role.name) })),
    });
  }
  const secret = await client.clients.getClientSecret({ realm: master, id });
  return { clientId, clientSecret: String(secret.value) };
}
