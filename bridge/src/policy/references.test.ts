import { describe, expect, it } from 'vitest';
import { findDanglingReferences, type RealmDirectory } from './references.js';
import { formatIssue, type PolicyIssue, parsePolicy } from './validate.js';

const directory: RealmDirectory = {
  users: ['alice', 'break-glass-1'],
  groups: ['/it', '/it/onboarding'],
  realmRoles: ['offline_access', 'helpdesk'],
  clientRoles: ['realm-management/realm-admin', 'realm-management/view-users'],
  clients: ['realm-management', 'intranet', 'security-admin-console'],
};

const text = [
  'apiVersion: keyward/v1', // 1
  'authenticationMethods:', // 2
  '  temporaryAccessPass:', // 3
  '    state: enabled', // 4
  '    includeTargets: [group:/it/onboarding, group:/it/onbaording]', // 5
  'registrationCampaign: { excludeTargets: [group:/hr] }', // 6
  'mfaSettings:', // 7
  '  privilegedRoles: [realm-management/realm-admin, helpdesk, realm-mgmt/realm-admin, realm-management/manage-all]', // 8
  'conditionalAccessPolicies:', // 9
  '  - displayName: MFA', // 10
  '    state: disabled', // 11
  '    conditions:', // 12
  '      users:', // 13
  '        includeUsers: [All, Alice, bob]', // 14
  '        excludeUsers: [break-glass-1, break-glass-2]', // 15
  '        includeGroups: [/it, /finance]', // 16
  '        includeRoles: [helpdesk, auditor]', // 17
  '      applications: { includeApplications: [intranet, payroll], excludeApplications: [security-admin-console] }', // 18
  '    grantControls: { builtInControls: [mfa] }', // 19
].join('\n');

function dangling(): PolicyIssue[] {
  const result = parsePolicy(text, 'policy.yaml');
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return findDanglingReferences(result.document, directory, result.locate, 'policy.yaml');
}

describe('findDanglingReferences', () => {
  it('reports every name the realm lacks, with rule, path and line', () => {
    const found = dangling().map(({ rule, path, line }) => ({ rule, path, line }));
    expect(found).toEqual([
      { rule: 'unknown-group', path: 'authenticationMethods.temporaryAccessPass.includeTargets[1]', line: 5 },
      { rule: 'unknown-group', path: 'registrationCampaign.excludeTargets[0]', line: 6 },
      { rule: 'unknown-role', path: 'mfaSettings.privilegedRoles[2]', line: 8 },
      { rule: 'unknown-role', path: 'mfaSettings.privilegedRoles[3]', line: 8 },
      {
        rule: 'unknown-user',
        path: 'conditionalAccessPolicies[0].conditions.users.includeUsers[1]',
        line: 14,
      },
      {
        rule: 'unknown-user',
        path: 'conditionalAccessPolicies[0].conditions.users.includeUsers[2]',
        line: 14,
      },
      {
        rule: 'unknown-user',
        path: 'conditionalAccessPolicies[0].conditions.users.excludeUsers[1]',
        line: 15,
      },
      {
        rule: 'unknown-group',
        path: 'conditionalAccessPolicies[0].conditions.users.includeGroups[1]',
        line: 16,
      },
      {
        rule: 'unknown-role',
        path: 'conditionalAccessPolicies[0].conditions.users.includeRoles[1]',
        line: 17,
      },
      {
        rule: 'unknown-client',
        path: 'conditionalAccessPolicies[0].conditions.applications.includeApplications[1]',
        line: 18,
      },
    ]);
  });

  it('explains each miss and suggests what was probably meant', () => {
    const messages = Object.fromEntries(dangling().map((issue) => [issue.path, issue.message]));
    expect(messages['authenticationMethods.temporaryAccessPass.includeTargets[1]']).toBe(
      "no group '/it/onbaording' in the realm; did you mean '/it/onboarding'?",
    );
    expect(messages['conditionalAccessPolicies[0].conditions.users.includeUsers[1]']).toBe(
      "no user 'Alice' in the realm; Keycloak stores usernames in lower case: 'alice'",
    );
    expect(messages['mfaSettings.privilegedRoles[2]']).toBe(
      "no client 'realm-mgmt' in the realm, so no role 'realm-mgmt/realm-admin'",
    );
    expect(messages['mfaSettings.privilegedRoles[3]']).toBe(
      "client 'realm-management' has no role 'manage-all'",
    );
  });

  it('places issues without a locator, and names the source', () => {
    const result = parsePolicy(text, 'policy.yaml');
    if (!result.ok) throw new Error('expected a valid document');
    const [first] = findDanglingReferences(result.document, directory);
    expect(first).toMatchObject({
      severity: 'error',
      source: 'policy',
      pointer: '/authenticationMethods/temporaryAccessPass/includeTargets/1',
    });
    expect(first?.line).toBeUndefined();
  });

  it('finds nothing when the realm has every name', () => {
    const result = parsePolicy('apiVersion: keyward/v1\n', 'policy.yaml');
    if (!result.ok) throw new Error('expected a valid document');
    expect(
      findDanglingReferences(result.document, {
        ...directory,
        clientRoles: ['realm-management/realm-admin'],
      }),
    ).toEqual([]);
  });
});
