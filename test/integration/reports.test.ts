/**
 * The reports (SPEC §6, §7 `keyward report`) against the real Keycloak: the registration report names the sources
 * that require MFA for every user — security defaults, per-user states, policies reached through groups, group
 * roles, client roles and exclusions — including the "Disabled but prompted" users of seed 000; the sign-ins
 * report reads Keycloak's stored events with Keyward's details, and says when the realm stores none.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { setPerUserMfaState } from '../../bridge/src/keycloak/admin/users.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import type { UserRegistrationDetails } from '../../bridge/src/reports/registration.js';
import { bridgeToken, callBridge, startTestBridge, type TestBridge } from '../support/bridge.js';
import { runCli } from '../support/cli.js';
import { passwordGrant } from '../support/login-driver.js';
import {
  addTotp,
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
  type TestUser,
} from '../support/realm-fixture.js';

const server = inject('keycloak');
const cliEnv = {
  KEYWARD_KEYCLOAK_URL: server.url,
  KEYWARD_ADMIN_USERNAME: server.adminUsername,
  KEYWARD_ADMIN_PASSWORD: server.adminPassword,
};

const DEFAULTS_POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
mfaSettings: { privilegedRoles: [realm-management/realm-admin] }
`;

const CA_POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
mfaSettings: { privilegedRoles: [realm-management/realm-admin] }
namedLocations:
  - { displayName: Head office, ipRanges: [203.0.113.0/24], isTrusted: true }
conditionalAccessPolicies:
  - displayName: Require MFA for everyone
    state: enabled
    conditions:
      users: { includeUsers: [All], excludeUsers: [break-glass, reporter] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All], excludeLocations: [AllTrusted] }
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Finance needs phishing-resistant MFA
    state: enabled
    conditions:
      users: { includeGroups: [/finance] }
      applications: { includeApplications: [test-app] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [], authenticationStrength: phishingResistantMfa }
  - displayName: Administrators
    state: enabled
    conditions:
      users: { includeRoles: [realm-management/realm-admin] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Pilot
    state: enabledForReportingButNotEnforced
    conditions:
      users: { includeRoles: [pilot] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [mfa] }
`;

async function applyPolicy(admin: KcAdminClient, realm: TestRealm, yaml: string): Promise<void> {
  const parsed = parsePolicy(yaml, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const { remaining } = await applyDocument(admin, realm.name, parsed.document);
  expect(remaining.changes).toEqual([]);
}

async function registrationOf(realm: TestRealm): Promise<Map<string, UserRegistrationDetails>> {
  const result = await runCli(['report', 'registration', '--realm', realm.name, '--output', 'json'], cliEnv);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const rows = JSON.parse(result.stdout) as UserRegistrationDetails[];
  return new Map(rows.map((row) => [row.userPrincipalName, row]));
}

describe('registration report', () => {
  let defaults: TestRealm;
  let policies: TestRealm;
  let bridge: TestBridge;
  let reporter: TestUser;

  beforeAll(async () => {
    const admin = await adminClient(server);
    [defaults, policies] = await Promise.all([
      createTestRealm(server, 'report-defaults'),
      createTestRealm(server, 'report-policies'),
    ]);
    // Registered through Keycloak's stock pages, before Keyward takes the realm over.
    const tess = await createUser(defaults, { username: 'tess', password: 'Tess-pass-1' });
    await addTotp(defaults, tess);
    await createUser(defaults, { username: 'ann', password: 'Ann-pass-1' });
    await createUser(defaults, { username: 'bob', password: 'Bob-pass-1' });
    await createUser(defaults, {
      username: 'root',
      password: 'Root-pass-1',
      clientRoles: { 'realm-management': ['realm-admin'] },
    });
    await applyPolicy(admin, defaults, DEFAULTS_POLICY);
    await setPerUserMfaState(admin, defaults.name, 'bob', 'enforced');

    await createUser(policies, { username: 'carl', password: 'Carl-pass-1' });
    await createUser(policies, { username: 'fin', password: 'Fin-pass-1', groups: ['finance'] });
    await createUser(policies, { username: 'break-glass', password: 'Glass-pass-1', realmRoles: ['pilot'] });
    await createUser(policies, { username: 'dana', password: 'Dana-pass-1', groups: ['admins'] });
    await createUser(policies, { username: 'eli', password: 'Eli-pass-1' });
    const [admins] = await admin.groups.find({ realm: policies.name, search: 'admins', exact: true });
    const [realmManagement] = await admin.clients.find({
      realm: policies.name,
      clientId: 'realm-management',
    });
    const realmAdmin = await admin.clients.findRole({
      realm: policies.name,
      id: realmManagement?.id as string,
      roleName: 'realm-admin',
    });
    await admin.groups.addClientRoleMappings({
      realm: policies.name,
      id: admins?.id as string,
      clientUniqueId: realmManagement?.id as string,
      roles: [{ id: realmAdmin?.id as string, name: 'realm-admin' }],
    });
    await applyPolicy(admin, policies, CA_POLICY);
    await setPerUserMfaState(admin, policies.name, 'eli', 'enabled');
    reporter = await createUser(policies, {
      username: 'reporter',
      password: 'Reporter-pass-1',
      realmRoles: ['keyward-admin'],
    });
    bridge = await startTestBridge(server, [policies]);
  });

  afterAll(async () => {
    await bridge?.close();
    await Promise.all([defaults, policies].filter(Boolean).map(deleteRealm));
  });

  it('names security defaults for users whose per-user state says disabled (seed 000)', async () => {
    const report = await registrationOf(defaults);
    expect(report.get('ann')).toMatchObject({
      perUserMfaState: 'disabled',
      isMfaRegistered: false,
      isAdmin: false,
      mfaRequiredBy: ['securityDefaults'],
      methodsRegistered: [],
      defaultMfaMethod: 'none',
    });
    expect(report.get('bob')).toMatchObject({
      perUserMfaState: 'enforced',
      mfaRequiredBy: ['securityDefaults', 'perUser:enforced'],
    });
    expect(report.get('root')).toMatchObject({ isAdmin: true, mfaRequiredBy: ['securityDefaults'] });
    expect(report.get('tess')).toMatchObject({
      perUserMfaState: 'disabled',
      isMfaRegistered: true,
      isMfaCapable: true,
      isPasswordlessCapable: false,
      methodsRegistered: ['authenticatorApp'],
      defaultMfaMethod: 'authenticatorApp',
      mfaRequiredBy: ['securityDefaults'],
    });
  });

  it('names every policy through groups, group roles, exclusions and per-user states', async () => {
    const report = await registrationOf(policies);
    expect(report.get('carl')?.mfaRequiredBy).toEqual(['policy:Require MFA for everyone']);
    expect(report.get('carl')?.perUserMfaState).toBe('disabled');
    expect(report.get('fin')?.mfaRequiredBy).toEqual([
      'policy:Require MFA for everyone',
      'policy:Finance needs phishing-resistant MFA',
    ]);
    expect(report.get('break-glass')).toMatchObject({
      mfaRequiredBy: [],
      mfaRequiredByReportOnly: ['policy:Pilot'],
    });
    expect(report.get('dana')).toMatchObject({
      isAdmin: true,
      mfaRequiredBy: ['policy:Require MFA for everyone', 'policy:Administrators'],
    });
    expect(report.get('eli')?.mfaRequiredBy).toEqual(['perUser:enabled', 'policy:Require MFA for everyone']);
  });

  it('prints table and CSV', async () => {
    const csv = await runCli(['report', 'registration', '--realm', policies.name, '--output', 'csv'], cliEnv);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'userPrincipalName,isAdmin,perUserMfaState,isMfaRegistered,isMfaCapable,isPasswordlessCapable,' +
        'defaultMfaMethod,methodsRegistered,mfaRequiredBy,mfaRequiredByReportOnly',
    );
    expect(lines.find((line) => line.startsWith('dana,'))).toBe(
      'dana,true,disabled,false,false,false,none,,"policy:Require MFA for everyone, policy:Administrators",',
    );
    const table = await runCli(['report', 'registration', '--realm', policies.name], cliEnv);
    expect(table.stdout).toMatch(/^userPrincipalName\s+isAdmin\s+perUserMfaState/);
  });

  it('serves the same report over the API', async () => {
    const token = await bridgeToken(policies, reporter);
    const answer = await callBridge(
      bridge,
      'GET',
      '/v1/reports/authenticationMethods/userRegistrationDetails',
      {
        token,
      },
    );
    expect(answer.status).toBe(200);
    const carl = answer.body.value.find((row: UserRegistrationDetails) => row.userPrincipalName === 'carl');
    expect(carl.mfaRequiredBy).toEqual(['policy:Require MFA for everyone']);
  });

  it('lists sign-ins from stored events with the Keyward details, and says when none are stored', async () => {
    const admin = await adminClient(server);
    const before = await runCli(['report', 'signins', '--realm', policies.name], cliEnv);
    expect(before.code).toBe(0);
    expect(before.stderr).toMatch(/does not save events/);

    await admin.realms.updateConfigEvents(
      { realm: policies.name },
      { eventsEnabled: true, eventsListeners: ['jboss-logging', 'keyward'], enabledEventTypes: [] },
    );
    const glass = await passwordGrant({
      kcUrl: server.url,
      realm: policies.name,
      clientId: policies.clientId,
      username: 'break-glass',
      password: 'Glass-pass-1',
    });
    expect(glass.status).toBe(200);
    const carl = await passwordGrant({
      kcUrl: server.url,
      realm: policies.name,
      clientId: policies.clientId,
      username: 'carl',
      password: 'Carl-pass-1',
    });
    expect(carl.status).toBe(400);

    const after = await runCli(['report', 'signins', '--realm', policies.name, '--output', 'json'], cliEnv);
    expect(after.code).toBe(0);
    expect(after.stderr).toBe('');
    const { eventsEnabled, value } = JSON.parse(after.stdout);
    expect(eventsEnabled).toBe(true);
    const success = value.find(
      (row: { userPrincipalName: string }) => row.userPrincipalName === 'break-glass',
    );
    expect(success).toMatchObject({
      status: 'success',
      appId: 'test-app',
      clientAppType: 'other',
      mfaRequiredBy: [],
    });
    const refused = value.find(
      (row: { status: string; mfaRequiredBy: string[] }) =>
        row.status === 'failure' && row.mfaRequiredBy.includes('policy:Require MFA for everyone'),
    );
    expect(refused).toMatchObject({ errorCode: 'access_denied', clientAppType: 'other' });

    const token = await bridgeToken(policies, reporter);
    const answer = await callBridge(bridge, 'GET', '/v1/auditLogs/signIns?$top=50', { token });
    expect(answer.status).toBe(200);
    expect(answer.body.eventsEnabled).toBe(true);
    expect(answer.body.value.length).toBeGreaterThanOrEqual(2);
  });
});
