/**
 * A realm with the cast the Conditional Access and per-user MFA suites sign in with: groups with sub-groups, a realm
 * role, an administrator, a break-glass account, users with and without TOTP, and a second application. Users get
 * their TOTP through Keycloak's stock flow, before Keyward takes the realm over.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { type PolicyDocument, parsePolicy } from '../../bridge/src/policy/index.js';
import {
  addTotp,
  adminClient,
  createTestRealm,
  createUser,
  type KeycloakServer,
  TEST_REDIRECT_URI,
  type TestRealm,
} from './realm-fixture.js';
import type { ProbeUser } from './sign-in-probe.js';

/** The second application policies can name. */
export const PAYROLL_CLIENT_ID = 'payroll';

/** Named locations every CA test document uses. */
export const TEST_LOCATIONS = [
  'namedLocations:',
  '  - { displayName: Head office, ipRanges: [203.0.113.0/24, 2001:db8::/48], isTrusted: true }',
  '  - { displayName: Guest wifi, ipRanges: [198.18.0.0/15], isTrusted: false }',
];

/** Who is who in the realm. */
export interface CaCast {
  /** Ordinary user with TOTP. */
  kim: ProbeUser;
  /** Administrator (realm-management/realm-admin) with TOTP. */
  ada: ProbeUser;
  /** Break-glass account: administrator in /break-glass, TOTP. */
  breakGlass: ProbeUser;
  /** Member of /it/onboarding with TOTP. */
  ivy: ProbeUser;
  /** Holder of the realm role `ops`, with TOTP. */
  ron: ProbeUser;
  /** Ordinary user without any method. */
  lee: ProbeUser;
}

/** A realm with the cast, and its id map. */
export interface CaRealm {
  realm: TestRealm;
  cast: CaCast;
  userIds: Record<string, string>;
}

async function group(admin: KcAdminClient, realm: string, path: string[]): Promise<string> {
  let parentId: string | undefined;
  for (const name of path) {
    const siblings = parentId
      ? await admin.groups.listSubGroups({ realm, parentId })
      : await admin.groups.find({ realm, search: name, exact: true });
    const existing = siblings.find((candidate) => candidate.name === name);
    if (existing?.id) {
      parentId = existing.id;
    } else if (parentId) {
      parentId = (await admin.groups.createChildGroup({ realm, id: parentId }, { name })).id;
    } else {
      parentId = (await admin.groups.create({ realm, name })).id;
    }
  }
  return parentId as string;
}

/** Creates the realm (events on, TOTP codes reusable, plain HTTP allowed for any client IP) and the cast. */
export async function createCaRealm(server: KeycloakServer, slug: string): Promise<CaRealm> {
  const realm = await createTestRealm(server, slug, {
    eventsEnabled: true,
    // Client IPs from the trusted proxy are public addresses; the test server speaks plain HTTP.
    sslRequired: 'none',
  });
  const admin = await adminClient(server);
  // Many sign-ins of one user within a TOTP period: accept a code twice. Keycloak reads the OTP policy only
  // from a representation that carries all of it.
  const current = await admin.realms.findOne({ realm: realm.name });
  await admin.realms.update(
    { realm: realm.name },
    {
      otpPolicyType: current?.otpPolicyType,
      otpPolicyAlgorithm: current?.otpPolicyAlgorithm,
      otpPolicyInitialCounter: current?.otpPolicyInitialCounter,
      otpPolicyDigits: current?.otpPolicyDigits,
      otpPolicyLookAheadWindow: current?.otpPolicyLookAheadWindow,
      otpPolicyPeriod: current?.otpPolicyPeriod,
      otpSupportedApplications: current?.otpSupportedApplications,
      otpPolicyCodeReusable: true,
    },
  );
  await admin.clients.create({
    realm: realm.name,
    clientId: PAYROLL_CLIENT_ID,
    publicClient: true,
    standardFlowEnabled: true,
    directAccessGrantsEnabled: true,
    redirectUris: [TEST_REDIRECT_URI],
    attributes: { 'pkce.code.challenge.method': 'S256' },
  });
  const admins = { 'realm-management': ['realm-admin'] };
  const specs = {
    kim: { username: 'kim', password: 'Kim-pass-1' },
    ada: { username: 'ada', password: 'Ada-pass-1', clientRoles: admins },
    breakGlass: { username: 'break-glass-1', password: 'Break-glass-pass-1', clientRoles: admins },
    ivy: { username: 'ivy', password: 'Ivy-pass-1' },
    ron: { username: 'ron', password: 'Ron-pass-1', realmRoles: ['ops'] },
    lee: { username: 'lee', password: 'Lee-pass-1' },
  };
  const userIds: Record<string, string> = {};
  const cast = {} as Record<keyof CaCast, ProbeUser>;
  for (const [key, spec] of Object.entries(specs) as [keyof CaCast, (typeof specs)[keyof CaCast]][]) {
    const user = await createUser(realm, spec);
    userIds[spec.username] = user.id;
    cast[key] = { username: user.username, password: user.password };
    if (key !== 'lee') cast[key].totp = await addTotp(realm, user);
  }
  const memberships: [string, string[]][] = [
    ['ivy', ['it', 'onboarding']],
    ['break-glass-1', ['break-glass']],
  ];
  for (const [username, path] of memberships) {
    const groupId = await group(admin, realm.name, path);
    await admin.users.addToGroup({ realm: realm.name, id: userIds[username] as string, groupId });
  }
  await group(admin, realm.name, ['contractors']);
  return { realm, cast: cast as CaCast, userIds };
}

/** Parses a test document (failing loudly) from lines without `apiVersion`. */
export function testDocument(...lines: string[]): PolicyDocument {
  const parsed = parsePolicy(['apiVersion: keyward/v1', ...lines].join('\n'), 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  return parsed.document;
}

/** Applies a document through the library reconciler and checks that the realm converged. */
export async function applyTestDocument(
  server: KeycloakServer,
  realm: TestRealm,
  document: PolicyDocument,
): Promise<void> {
  const { remaining } = await applyDocument(await adminClient(server), realm.name, document, undefined, {
    allowLockout: true,
  });
  if (remaining.changes.length > 0) {
    throw new Error(
      `realm ${realm.name} did not converge: ${JSON.stringify(remaining.changes).slice(0, 500)}`,
    );
  }
}

/** YAML lines of one policy (enabled unless `state` says otherwise). */
export function policyLines(
  name: string,
  conditions: string[],
  grant: string,
  extra: string[] = [],
  state = 'enabled',
): string[] {
  return [
    `  - displayName: ${JSON.stringify(name)}`,
    `    state: ${state}`,
    '    conditions:',
    ...conditions.map((line) => `      ${line}`),
    `    grantControls: ${grant}`,
    ...extra.map((line) => `    ${line}`),
  ];
}

/** `users: { includeUsers: [All] }` and `applications: { includeApplications: [All] }`, plus more conditions. */
export const everyone = (...more: string[]): string[] => [
  'users: { includeUsers: [All] }',
  'applications: { includeApplications: [All] }',
  ...more,
];
