/**
 * Throw-away realms for integration tests, set up through Keycloak's admin REST API: a realm per test
 * file, a public PKCE client to sign in to, users, and TOTP credentials registered the way users register
 * them (through the login pages).
 */
import { randomBytes } from 'node:crypto';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import type RealmRepresentation from '@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js';
import type RoleRepresentation from '@keycloak/keycloak-admin-client/lib/defs/roleRepresentation.js';
import { parse } from 'node-html-parser';
import { LoginBrowser, LoginDriverError, TotpAuthenticator } from './login-driver.js';

/** A running Keycloak and its bootstrap admin in the master realm (what `inject('keycloak')` provides). */
export interface KeycloakServer {
  url: string;
  adminUsername: string;
  adminPassword: string;
}

/** The client every test realm has: public, PKCE S256, standard flow and direct access grants. */
export const TEST_CLIENT_ID = 'test-app';

/**
 * Nothing listens there: the login driver never follows the redirect back to the application, it takes
 * the authorization response from the `Location` header.
 */
export const TEST_REDIRECT_URI = 'http://localhost:0/callback';

/** A realm created for one test file. */
export interface TestRealm {
  server: KeycloakServer;
  name: string;
  clientId: string;
  redirectUri: string;
}

/** A user created by {@link createUser}, with the password it signs in with. */
export interface TestUser {
  id: string;
  username: string;
  password: string;
}

/** What a test user has. Missing realm roles, client roles and groups are created in the test realm. */
export interface TestUserSpec {
  username: string;
  password: string;
  email?: string;
  realmRoles?: string[];
  /** Client id → role names; the client must exist. */
  clientRoles?: Record<string, string[]>;
  /** Names of top-level groups. */
  groups?: string[];
  /** Keycloak required actions to attach, e.g. `CONFIGURE_TOTP`. */
  requiredActions?: string[];
}

/**
 * An admin client signed in to the master realm. Each call signs in afresh because the master realm's
 * access tokens live only a minute, shorter than many suites.
 */
export async function adminClient(server: KeycloakServer): Promise<KcAdminClient> {
  const client = new KcAdminClient({ baseUrl: server.url, realmName: 'master' });
  await client.auth({
    grantType: 'password',
    clientId: 'admin-cli',
    username: server.adminUsername,
    password: server.adminPassword,
  });
  return client;
}

/**
 * Creates an enabled realm named `t-<slug>-<random>` with the {@link TEST_CLIENT_ID} client. `overrides`
 * are merged into the realm representation (e.g. `{ otpPolicyCodeReusable: true }`).
 */
export async function createTestRealm(
  server: KeycloakServer,
  slug = 'realm',
  overrides: RealmRepresentation = {},
): Promise<TestRealm> {
  if (!/^[a-z0-9-]+$/.test(slug)) throw new TypeError(`slug must be lower-case kebab-case, got "${slug}"`);
  const name = `t-${slug}-${randomBytes(4).toString('hex')}`;
  const admin = await adminClient(server);
  await admin.realms.create({ realm: name, enabled: true, ...overrides });
  await admin.clients.create({
    realm: name,
    clientId: TEST_CLIENT_ID,
    publicClient: true,
    standardFlowEnabled: true,
    directAccessGrantsEnabled: true,
    redirectUris: [TEST_REDIRECT_URI],
    attributes: {
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': '+',
    },
  });
  return { server, name, clientId: TEST_CLIENT_ID, redirectUri: TEST_REDIRECT_URI };
}

/** Deletes a test realm; a realm that is already gone is fine. */
export async function deleteRealm(realm: TestRealm): Promise<void> {
  const admin = await adminClient(realm.server);
  await admin.realms.del({ realm: realm.name }).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
}

/**
 * Creates an enabled user with a permanent password and a complete profile (first name, last name and a
 * verified email), so Keycloak's VERIFY_PROFILE action does not interrupt sign-ins.
 */
export async function createUser(realm: TestRealm, spec: TestUserSpec): Promise<TestUser> {
  const admin = await adminClient(realm.server);
  const { id } = await admin.users.create({
    realm: realm.name,
    username: spec.username,
    enabled: true,
    email: spec.email ?? `${spec.username}@example.test`,
    emailVerified: true,
    firstName: 'Test',
    lastName: spec.username,
    requiredActions: spec.requiredActions ?? [],
    credentials: [{ type: 'password', value: spec.password, temporary: false }],
  });

  const realmRoles = await Promise.all(
    (spec.realmRoles ?? []).map((role) => ensureRealmRole(admin, realm, role)),
  );
  if (realmRoles.length > 0) {
    await admin.users.addRealmRoleMappings({ realm: realm.name, id, roles: realmRoles });
  }
  for (const [clientId, roleNames] of Object.entries(spec.clientRoles ?? {})) {
    const [client] = await admin.clients.find({ realm: realm.name, clientId });
    if (!client?.id) throw new TypeError(`clientRoles: no client "${clientId}" in realm ${realm.name}`);
    const clientUniqueId = client.id;
    const roles = await Promise.all(
      roleNames.map((role) => ensureClientRole(admin, realm, clientUniqueId, role)),
    );
    await admin.users.addClientRoleMappings({ realm: realm.name, id, clientUniqueId, roles });
  }
  for (const group of spec.groups ?? []) {
    const groupId = await ensureGroup(admin, realm, group);
    await admin.users.addToGroup({ realm: realm.name, id, groupId });
  }
  return { id, username: spec.username, password: spec.password };
}

/**
 * Gives a user a TOTP credential the way a user gets one: attaches CONFIGURE_TOTP, signs in through the
 * login pages, registers the key shown there, then signs out. Returns the authenticator app holding the
 * secret, which remembers the code spent on registration so the next code it hands out is accepted.
 * Assumes the realm's browser flow lets the user reach required actions with a password alone.
 */
export async function addTotp(realm: TestRealm, user: TestUser): Promise<TotpAuthenticator> {
  const admin = await adminClient(realm.server);
  const current = await admin.users.findOne({ realm: realm.name, id: user.id });
  if (!current) throw new TypeError(`user: no user ${user.username} in realm ${realm.name}`);
  const requiredActions = new Set([...(current.requiredActions ?? []), 'CONFIGURE_TOTP']);
  await admin.users.update(
    { realm: realm.name, id: user.id },
    { ...current, requiredActions: [...requiredActions] },
  );

  const browser = new LoginBrowser(realm.server.url);
  const flow = await browser.startSignIn({
    realm: realm.name,
    clientId: realm.clientId,
    redirectUri: realm.redirectUri,
  });
  await flow.submitPassword(user.username, user.password);
  let authenticator: TotpAuthenticator | undefined;
  await flow.configureTotp((secret) => {
    authenticator = new TotpAuthenticator(secret);
    return authenticator.nextCode();
  });
  if (!authenticator || flow.page.kind !== 'callback') {
    throw new LoginDriverError('unexpected-page', `Registering TOTP for ${user.username} failed`, flow.page);
  }
  const tokens = await flow.finish();
  if (tokens.id_token) await browser.logout(tokens.id_token);
  return authenticator;
}

async function ensureRealmRole(
  admin: KcAdminClient,
  realm: TestRealm,
  name: string,
): Promise<RoleRepresentation & { id: string; name: string }> {
  const existing = await admin.roles.findOneByName({ realm: realm.name, name });
  if (!existing) await admin.roles.create({ realm: realm.name, name });
  return withId(existing ?? (await admin.roles.findOneByName({ realm: realm.name, name })), name);
}

async function ensureClientRole(
  admin: KcAdminClient,
  realm: TestRealm,
  clientUniqueId: string,
  roleName: string,
): Promise<RoleRepresentation & { id: string; name: string }> {
  const query = { realm: realm.name, id: clientUniqueId, roleName };
  const existing = await admin.clients.findRole(query);
  if (!existing) await admin.clients.createRole({ realm: realm.name, id: clientUniqueId, name: roleName });
  return withId(existing ?? (await admin.clients.findRole(query)), roleName);
}

async function ensureGroup(admin: KcAdminClient, realm: TestRealm, name: string): Promise<string> {
  const groups = await admin.groups.find({ realm: realm.name, search: name, exact: true });
  const existing = groups.find((group) => group.name === name);
  if (existing?.id) return existing.id;
  const { id } = await admin.groups.create({ realm: realm.name, name });
  return id;
}

function withId(
  role: RoleRepresentation | null | undefined,
  name: string,
): RoleRepresentation & { id: string; name: string } {
  if (!role?.id) throw new Error(`Role ${name} could not be created`);
  return { ...role, id: role.id, name };
}

function isNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'response' in error &&
    (error as { response?: { status?: number } }).response?.status === 404
  );
}

/**
 * Gives a user recovery codes the way a user gets them: attaches CONFIGURE_RECOVERY_AUTHN_CODES (enabling the
 * required action in the realm if needed), signs in through the login pages, saves the codes shown there, then
 * signs out. Returns the codes in Keycloak's order (the sign-in asks for "code #n"). Same assumption as
 * {@link addTotp}, except that a user who has an authenticator app passes the code `authenticator` gives.
 */
export async function addRecoveryCodes(
  realm: TestRealm,
  user: TestUser,
  authenticator?: TotpAuthenticator,
): Promise<string[]> {
  const admin = await adminClient(realm.server);
  const action = await admin.authenticationManagement.getRequiredActionForAlias({
    realm: realm.name,
    alias: 'CONFIGURE_RECOVERY_AUTHN_CODES',
  });
  if (!action.enabled) {
    await admin.authenticationManagement.updateRequiredAction(
      { realm: realm.name, alias: 'CONFIGURE_RECOVERY_AUTHN_CODES' },
      { ...action, enabled: true },
    );
  }
  const current = await admin.users.findOne({ realm: realm.name, id: user.id });
  if (!current) throw new TypeError(`user: no user ${user.username} in realm ${realm.name}`);
  const requiredActions = new Set([...(current.requiredActions ?? []), 'CONFIGURE_RECOVERY_AUTHN_CODES']);
  await admin.users.update(
    { realm: realm.name, id: user.id },
    { ...current, requiredActions: [...requiredActions] },
  );

  const browser = new LoginBrowser(realm.server.url);
  const flow = await browser.startSignIn({
    realm: realm.name,
    clientId: realm.clientId,
    redirectUri: realm.redirectUri,
  });
  await flow.submitPassword(user.username, user.password);
  if (flow.page.kind === 'otp' && authenticator) await flow.submitOtp(await authenticator.nextCode());
  const form = parse(flow.page.html).querySelector('form#kc-recovery-codes-settings-form');
  const generated = form?.querySelector('input[name="generatedRecoveryAuthnCodes"]')?.getAttribute('value');
  if (!generated) {
    throw new LoginDriverError('unexpected-page', 'No recovery codes shown', flow.page);
  }
  await flow.submit({}, 'kc-recovery-codes-settings-form');
  if (flow.page.kind !== 'callback') {
    throw new LoginDriverError(
      'unexpected-page',
      `Saving recovery codes for ${user.username} failed`,
      flow.page,
    );
  }
  const tokens = await flow.finish();
  if (tokens.id_token) await browser.logout(tokens.id_token);
  return generated.split(',');
}
