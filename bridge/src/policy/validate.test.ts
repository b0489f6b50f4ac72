import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from './types.js';
import { formatIssue, type PolicyIssue, parsePolicy } from './validate.js';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

function issuesOf(text: string): PolicyIssue[] {
  const result = parsePolicy(text, 'policy.yaml');
  if (result.ok) throw new Error('expected the document to be refused');
  return result.issues;
}

function documentOf(text: string): PolicyDocument {
  const result = parsePolicy(text, 'policy.yaml');
  if (!result.ok) throw new Error(`expected a valid document:\n${result.issues.map(formatIssue).join('\n')}`);
  return result.document;
}

function expectIssue(
  issues: PolicyIssue[],
  expected: { rule: string; path: string; line: number },
): PolicyIssue {
  const issue = issues.find(
    (candidate) => candidate.rule === expected.rule && candidate.path === expected.path,
  );
  expect(
    issue,
    `no ${expected.rule} at ${expected.path} in:\n${issues.map(formatIssue).join('\n')}`,
  ).toBeDefined();
  expect(issue?.line).toBe(expected.line);
  return issue as PolicyIssue;
}

/** A policy that passes every rule, with `overrides` spliced in as YAML lines under the list item. */
const policy = (...body: string[]): string[] => [
  'conditionalAccessPolicies:',
  '  - displayName: Require MFA',
  '    state: enabled',
  ...body,
];

const everyone = [
  '    conditions:',
  '      users: { includeUsers: [All] }',
  '      applications: { includeApplications: [All] }',
];

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const DEFAULTS: PolicyDocument = {
  apiVersion: 'keyward/v1',
  securityDefaults: { isEnabled: false },
  authenticationMethods: {
    softwareOath: { state: 'enabled', includeTargets: ['all'], excludeTargets: [] },
    fido2: { state: 'enabled', includeTargets: ['all'], excludeTargets: [] },
    email: { state: 'disabled', includeTargets: ['all'], excludeTargets: [] },
    recoveryCodes: { state: 'enabled', includeTargets: ['all'], excludeTargets: [] },
    temporaryAccessPass: {
      state: 'disabled',
      includeTargets: ['all'],
      excludeTargets: [],
      defaultLifetimeInMinutes: 60,
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      defaultLength: 8,
      isUsableOnce: false,
    },
  },
  registrationCampaign: {
    state: 'disabled',
    targetMethod: 'any',
    snoozeDurationInDays: 1,
    allowedSnoozes: 3,
    enforceRegistrationAfterAllowedSnoozes: true,
    includeTargets: ['all'],
    excludeTargets: [],
  },
  mfaSettings: {
    rememberMfaOnTrustedDevice: { isEnabled: false, days: 14 },
    appPasswords: { isAllowed: false },
    privilegedRoles: ['realm-management/realm-admin'],
  },
  namedLocations: [],
  conditionalAccessPolicies: [],
};

describe('parsePolicy: valid documents', () => {
  it('accepts the example of SPEC §2 verbatim, without warnings', () => {
    const result = parsePolicy(fixture('valid/spec-example.yaml'), 'spec-example.yaml');
    expect(result.ok ? result.warnings : result.issues.map(formatIssue)).toEqual([]);
    if (!result.ok) return;
    const { document } = result;
    expect(document.authenticationMethods.temporaryAccessPass.includeTargets).toEqual([
      'group:/it/onboarding',
    ]);
    expect(document.authenticationMethods.temporaryAccessPass.excludeTargets).toEqual([]);
    expect(document.authenticationMethods.fido2.excludeTargets).toEqual([]);
    expect(document.authenticationMethods.email).toEqual({
      state: 'disabled',
      includeTargets: ['all'],
      excludeTargets: [],
    });
    expect(document.namedLocations[0]?.ipRanges).toEqual(['203.0.113.0/24', '2001:db8::/48']);
    expect(document.conditionalAccessPolicies[0]?.grantControls.authenticationStrength).toBeNull();
    expect(document.conditionalAccessPolicies[0]?.sessionControls.signInFrequency).toEqual({
      isEnabled: false,
      frequencyInterval: 'timeBased',
      value: 4,
      type: 'hours',
    });
  });

  it('fills every default into a minimal document', () => {
    expect(documentOf('apiVersion: keyward/v1\n')).toEqual(DEFAULTS);
  });

  it('fills the defaults of a Conditional Access policy', () => {
    const document = documentOf(lines('apiVersion: keyward/v1', ...policy(...everyone)));
    expect(document.conditionalAccessPolicies[0]).toEqual({
      displayName: 'Require MFA',
      state: 'enabled',
      conditions: {
        users: {
          includeUsers: ['All'],
          excludeUsers: [],
          includeGroups: [],
          excludeGroups: [],
          includeRoles: [],
          excludeRoles: [],
        },
        applications: { includeApplications: ['All'], excludeApplications: [] },
        locations: { includeLocations: ['All'], excludeLocations: [] },
        clientAppTypes: ['all'],
        platforms: { includePlatforms: ['all'], excludePlatforms: [] },
      },
      grantControls: { operator: 'OR', builtInControls: [], authenticationStrength: null },
      sessionControls: {
        signInFrequency: { isEnabled: false, frequencyInterval: 'timeBased', value: null, type: null },
        persistentBrowser: { isEnabled: false, mode: null },
      },
    });
  });

  it('gives every document its own default objects', () => {
    const first = documentOf('apiVersion: keyward/v1\n');
    first.mfaSettings.privilegedRoles.push('changed');
    expect(documentOf('apiVersion: keyward/v1\n').mfaSettings.privilegedRoles).toEqual([
      'realm-management/realm-admin',
    ]);
  });

  it('reads JSON, with line numbers', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'keyward/v1',
        mfaSettings: { rememberMfaOnTrustedDevice: { isEnabled: true, days: 30 } },
      },
      null,
      2,
    );
    expect(documentOf(json).mfaSettings.rememberMfaOnTrustedDevice).toEqual({ isEnabled: true, days: 30 });

    const issues = issuesOf(json.replace('30', '400'));
    expectIssue(issues, { rule: 'range', path: 'mfaSettings.rememberMfaOnTrustedDevice.days', line: 6 });
  });

  it('accepts everyTime sign-in frequency and an enabled persistent browser session', () => {
    const document = documentOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(
          ...everyone,
          '    grantControls: { authenticationStrength: passwordlessMfa }',
          '    sessionControls:',
          '      signInFrequency: { isEnabled: true, frequencyInterval: everyTime }',
          '      persistentBrowser: { isEnabled: true, mode: never }',
        ),
      ),
    );
    expect(document.conditionalAccessPolicies[0]?.sessionControls.signInFrequency).toMatchObject({
      frequencyInterval: 'everyTime',
      value: null,
    });
  });

  it('returns warnings for a document that is valid but does less than it seems', () => {
    const result = parsePolicy(
      lines(
        'apiVersion: keyward/v1',
        'mfaSettings: { privilegedRoles: [] }',
        'authenticationMethods:',
        '  fido2: { includeTargets: [] }',
        'conditionalAccessPolicies:',
        '  - displayName: Nobody',
        '    state: enabledForReportingButNotEnforced',
        '    conditions: { users: {}, applications: { includeApplications: [All] } }',
        '    grantControls: { builtInControls: [mfa] }',
        '  - displayName: Nothing',
        '    state: enabled',
        '    conditions: { users: { includeUsers: [All] }, applications: { includeApplications: [All] } }',
      ),
      'policy.yaml',
    );
    expect(result.ok).toBe(true);
    const warnings = result.ok ? result.warnings : [];
    expect(warnings.every((issue) => issue.severity === 'warning')).toBe(true);
    expectIssue(warnings, { rule: 'no-privileged-roles', path: 'mfaSettings.privilegedRoles', line: 2 });
    expectIssue(warnings, {
      rule: 'no-targets',
      path: 'authenticationMethods.fido2.includeTargets',
      line: 4,
    });
    expectIssue(warnings, {
      rule: 'applies-to-nobody',
      path: 'conditionalAccessPolicies[0].conditions',
      line: 8,
    });
    expectIssue(warnings, { rule: 'no-controls', path: 'conditionalAccessPolicies[1]', line: 10 });
  });
});

describe('parsePolicy: schema errors', () => {
  it('warns that security defaults leave app passwords unusable', () => {
    const result = parsePolicy(
      lines(
        'apiVersion: keyward/v1',
        'securityDefaults: { isEnabled: true }',
        'mfaSettings:',
        '  appPasswords: { isAllowed: true }',
      ),
      'policy.yaml',
    );
    expect(result.ok).toBe(true);
    expectIssue(result.ok ? result.warnings : [], {
      rule: 'app-passwords-unusable',
      path: 'mfaSettings.appPasswords.isAllowed',
      line: 4,
    });
  });

  it('names a value of the wrong type by its path', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(
          '    conditions:',
          '      users:',
          '        includeGroups:',
          '          - /it',
          '          - 42',
          '      applications: { includeApplications: [All] }',
        ),
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'type',
      path: 'conditionalAccessPolicies[0].conditions.users.includeGroups[1]',
      line: 9,
    });
    expect(issue.column).toBe(13);
    expect(issue.pointer).toBe('/conditionalAccessPolicies/0/conditions/users/includeGroups/1');
    expect(issue.message).toBe('must be a string, found 42');
  });

  it('refuses a boolean written as a word', () => {
    const issues = issuesOf(lines('apiVersion: keyward/v1', 'securityDefaults:', '  isEnabled: yes'));
    const issue = expectIssue(issues, { rule: 'type', path: 'securityDefaults.isEnabled', line: 3 });
    expect(issue.message).toBe("must be true or false, found 'yes'");
  });

  it('names an unknown key and suggests the closest known one', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy('    conditions:', '      users:', '        includeUser: [All]', '      applications: {}'),
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'unknown-key',
      path: 'conditionalAccessPolicies[0].conditions.users.includeUser',
      line: 7,
    });
    expect(issue.message).toBe("unknown key 'includeUser'; did you mean 'includeUsers'?");
  });

  it('lists the known keys when no key is close', () => {
    const issues = issuesOf(lines('apiVersion: keyward/v1', 'securityDefaults:', '  enforcement: strict'));
    const issue = expectIssue(issues, { rule: 'unknown-key', path: 'securityDefaults.enforcement', line: 3 });
    expect(issue.message).toBe("unknown key 'enforcement'; expected one of: isEnabled");
  });

  it('suggests the section a top-level key was meant to be', () => {
    const issues = issuesOf(lines('apiVersion: keyward/v1', 'conditionalAccessPolicy: []'));
    const issue = expectIssue(issues, { rule: 'unknown-key', path: 'conditionalAccessPolicy', line: 2 });
    expect(issue.message).toContain("did you mean 'conditionalAccessPolicies'?");
  });

  it('quotes an unknown key that is not an identifier', () => {
    const issues = issuesOf(lines('apiVersion: keyward/v1', 'mfaSettings:', '  "remember mfa": true'));
    expectIssue(issues, { rule: 'unknown-key', path: 'mfaSettings["remember mfa"]', line: 3 });
  });

  it.each([
    ['defaultLifetimeInMinutes', 9, 'must be between 10 and 43200, found 9'],
    ['maximumLifetimeInMinutes', 43_201, 'must be between 10 and 43200, found 43201'],
    ['defaultLength', 7, 'must be between 8 and 48, found 7'],
    ['defaultLength', 49, 'must be between 8 and 48, found 49'],
  ])('refuses a Temporary Access Pass %s of %d', (key, value, message) => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'authenticationMethods:',
        '  temporaryAccessPass:',
        `    ${key}: ${value}`,
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'range',
      path: `authenticationMethods.temporaryAccessPass.${key}`,
      line: 4,
    });
    expect(issue.message).toBe(message);
  });

  it('refuses days out of range: snooze 0..14, remember MFA 1..365', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'registrationCampaign:',
        '  snoozeDurationInDays: 15',
        'mfaSettings:',
        '  rememberMfaOnTrustedDevice: { isEnabled: true, days: 0 }',
      ),
    );
    expectIssue(issues, { rule: 'range', path: 'registrationCampaign.snoozeDurationInDays', line: 3 });
    expectIssue(issues, { rule: 'range', path: 'mfaSettings.rememberMfaOnTrustedDevice.days', line: 5 });
  });

  it('refuses a whole number written as a fraction', () => {
    const issues = issuesOf(lines('apiVersion: keyward/v1', 'registrationCampaign: { allowedSnoozes: 2.5 }'));
    expectIssue(issues, { rule: 'type', path: 'registrationCampaign.allowedSnoozes', line: 2 });
  });

  it('refuses a value outside an enum and suggests the closest', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(...everyone).map((l) => l.replace('state: enabled', 'state: enable')),
      ),
    );
    const issue = expectIssue(issues, { rule: 'enum', path: 'conditionalAccessPolicies[0].state', line: 4 });
    expect(issue.message).toBe(
      "must be one of enabled, disabled or enabledForReportingButNotEnforced, found 'enable'; did you mean 'enabled'?",
    );
  });

  it('refuses an unknown platform and an unknown strength', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(
          ...everyone,
          '      platforms: { includePlatforms: [ios] }',
          '    grantControls: { authenticationStrength: strong }',
        ),
      ),
    );
    const platform = expectIssue(issues, {
      rule: 'enum',
      path: 'conditionalAccessPolicies[0].conditions.platforms.includePlatforms[0]',
      line: 8,
    });
    expect(platform.message).toContain("did you mean 'iOS'?");
    expectIssue(issues, {
      rule: 'enum',
      path: 'conditionalAccessPolicies[0].grantControls.authenticationStrength',
      line: 9,
    });
  });

  it.each([
    ['203.0.113.5/24', 'host bits are set; the range is 203.0.113.0/24'],
    ['203.0.113.0/33', "prefix length must be 0..32 for IPv4, found '33'"],
    ['10.1/8', "'10.1' is not an IPv4 or IPv6 address"],
    [
      '203.0.113.0',
      "expected an address and a prefix length such as 203.0.113.0/24 or 2001:db8::/48, found '203.0.113.0'",
    ],
    ['2001:db8::/129', "prefix length must be 0..128 for IPv6, found '129'"],
    ['2001:db8:::1/64', "'2001:db8:::1' is not an IPv4 or IPv6 address"],
    ['2001:db8::1/32', 'host bits are set; the range is 2001:db8::/32'],
  ])('refuses the CIDR range %s', (range, message) => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'namedLocations:',
        '  - displayName: Office',
        '    ipRanges:',
        `      - '${range}'`,
      ),
    );
    const issue = expectIssue(issues, { rule: 'cidr', path: 'namedLocations[0].ipRanges[0]', line: 5 });
    expect(issue.message).toBe(message);
  });

  it('refuses a named location without ranges', () => {
    const issues = issuesOf(
      lines('apiVersion: keyward/v1', 'namedLocations:', '  - { displayName: Office, ipRanges: [] }'),
    );
    expectIssue(issues, { rule: 'min-items', path: 'namedLocations[0].ipRanges', line: 3 });
  });

  it('names a missing required key, placed at its parent', () => {
    const issues = issuesOf(
      lines('apiVersion: keyward/v1', 'conditionalAccessPolicies:', '  - state: enabled', ...everyone),
    );
    expectIssue(issues, { rule: 'required', path: 'conditionalAccessPolicies[0].displayName', line: 3 });
  });

  it('refuses a wrong apiVersion', () => {
    const issues = issuesOf(lines('# comment', 'apiVersion: keyward/v2'));
    const issue = expectIssue(issues, { rule: 'api-version', path: 'apiVersion', line: 2 });
    expect(issue.message).toBe("must be keyward/v1, found 'keyward/v2'");
  });

  it('refuses a document without apiVersion', () => {
    const issues = issuesOf(lines('securityDefaults:', '  isEnabled: false'));
    expectIssue(issues, { rule: 'api-version', path: 'apiVersion', line: 1 });
  });

  it('refuses a document that is not a mapping, and an empty one', () => {
    expectIssue(issuesOf('- apiVersion: keyward/v1\n'), { rule: 'type', path: '', line: 1 });
    expect(issuesOf('')[0]?.message).toBe(
      'the document must be a mapping that starts with apiVersion: keyward/v1, found nothing (null)',
    );
  });

  it('refuses a username listed twice', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(
          '    conditions:',
          '      users:',
          '        excludeUsers: [a, b, a]',
          '      applications: {}',
        ),
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'duplicate-item',
      path: 'conditionalAccessPolicies[0].conditions.users.excludeUsers[2]',
      line: 7,
    });
    expect(issue.message).toBe("'a' is listed twice (first at [0])");
  });

  it.each([
    ['role-format', 'mfaSettings.privilegedRoles[0]', 'mfaSettings: { privilegedRoles: [a/b/c] }'],
    [
      'method-target',
      'authenticationMethods.fido2.includeTargets[0]',
      'authenticationMethods: { fido2: { includeTargets: [All] } }',
    ],
    [
      'method-target',
      'registrationCampaign.excludeTargets[0]',
      'registrationCampaign: { excludeTargets: ["group:it"] }',
    ],
  ])('refuses a malformed reference (%s)', (rule, path, line) => {
    expectIssue(issuesOf(lines('apiVersion: keyward/v1', line)), { rule, path, line: 2 });
  });

  it('refuses a group path without its leading slash', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(
          '    conditions:',
          '      users: { includeGroups: [it/onboarding] }',
          '      applications: {}',
        ),
      ),
    );
    expectIssue(issues, {
      rule: 'group-path',
      path: 'conditionalAccessPolicies[0].conditions.users.includeGroups[0]',
      line: 6,
    });
  });
});

describe('parsePolicy: YAML errors', () => {
  it('reports a syntax error with its line', () => {
    const issues = issuesOf(
      lines('apiVersion: keyward/v1', 'mfaSettings:', '  privilegedRoles: [a, b', 'namedLocations: []'),
    );
    expect(issues[0]).toMatchObject({
      severity: 'error',
      rule: 'yaml-syntax',
      path: '',
      source: 'policy.yaml',
    });
    expect(issues[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a duplicate key, naming it', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'namedLocations:',
        '  - displayName: A',
        '    ipRanges: [10.0.0.0/8]',
        '    displayName: B',
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'duplicate-key',
      path: 'namedLocations[0].displayName',
      line: 5,
    });
    expect(issue.column).toBe(5);
  });

  it('refuses a duplicate key in JSON', () => {
    const issues = issuesOf('{\n  "apiVersion": "keyward/v1",\n  "apiVersion": "keyward/v1"\n}\n');
    expectIssue(issues, { rule: 'duplicate-key', path: 'apiVersion', line: 3 });
  });

  it('refuses several documents in one file', () => {
    expect(issuesOf('apiVersion: keyward/v1\n---\napiVersion: keyward/v1\n')[0]?.rule).toBe('yaml-syntax');
  });
});

describe('parsePolicy: semantic rules', () => {
  it('refuses two policies with the same displayName, whatever the case', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(...everyone, '    grantControls: { builtInControls: [mfa] }'),
        '  - displayName: require mfa',
        '    state: disabled',
        ...everyone,
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'duplicate-name',
      path: 'conditionalAccessPolicies[1].displayName',
      line: 9,
    });
    expect(issue.message).toContain('conditionalAccessPolicies[0]');
  });

  it('refuses two policies that become the same Keycloak alias', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(...everyone, '    grantControls: { builtInControls: [mfa] }'),
        '  - displayName: Require MFA (admins)',
        '    state: disabled',
        ...everyone,
        '  - displayName: Require MFA [admins]',
        '    state: disabled',
        ...everyone,
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'duplicate-alias',
      path: 'conditionalAccessPolicies[2].displayName',
      line: 14,
    });
    expect(issue.message).toContain("'Keyward CA - Require MFA -admins-'");
    expect(issue.message).toContain('rename one of them');
    expect(issues.filter((candidate) => candidate.rule === 'duplicate-alias')).toHaveLength(1);
  });

  it("refuses a policy name that meets another policy's derived alias", () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(...everyone, '    grantControls: { builtInControls: [mfa] }'),
        '  - displayName: Require MFA - direct grant',
        '    state: disabled',
        ...everyone,
      ),
    );
    expectIssue(issues, {
      rule: 'duplicate-alias',
      path: 'conditionalAccessPolicies[1].displayName',
      line: 9,
    });
  });

  it('refuses two named locations with the same displayName, and reserved names', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'namedLocations:',
        '  - { displayName: Office, ipRanges: [10.0.0.0/8] }',
        '  - { displayName: Office, ipRanges: [10.1.0.0/16] }',
        '  - { displayName: AllTrusted, ipRanges: [10.2.0.0/16] }',
      ),
    );
    expectIssue(issues, { rule: 'duplicate-name', path: 'namedLocations[1].displayName', line: 4 });
    expectIssue(issues, { rule: 'reserved-name', path: 'namedLocations[2].displayName', line: 5 });
  });

  it('refuses a reference to a named location the document lacks', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'namedLocations:',
        '  - { displayName: Head office, ipRanges: [203.0.113.0/24] }',
        ...policy(
          ...everyone,
          '      locations:',
          '        includeLocations: [head office]',
          '        excludeLocations: [AllTrusted]',
        ),
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'unknown-location',
      path: 'conditionalAccessPolicies[0].conditions.locations.includeLocations[0]',
      line: 11,
    });
    expect(issue.message).toBe(
      "no named location 'head office' in namedLocations; did you mean 'Head office'?",
    );
  });

  it('refuses excluding All', () => {
    const issues = issuesOf(
      lines('apiVersion: keyward/v1', ...policy(...everyone, '      locations: { excludeLocations: [All] }')),
    );
    expectIssue(issues, {
      rule: 'keyword-placement',
      path: 'conditionalAccessPolicies[0].conditions.locations.excludeLocations[0]',
      line: 8,
    });
  });

  it('refuses lower-case all among usernames', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(
          '    conditions:',
          '      users: { includeUsers: [all] }',
          '      applications: { includeApplications: [All] }',
        ),
      ),
    );
    expectIssue(issues, {
      rule: 'keyword-case',
      path: 'conditionalAccessPolicies[0].conditions.users.includeUsers[0]',
      line: 6,
    });
  });

  it('refuses security defaults together with Conditional Access policies (SPEC §3.10)', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'securityDefaults: { isEnabled: true }',
        ...policy(...everyone).map((l) => l.replace('enabled', 'disabled')),
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'mutual-exclusion',
      path: 'securityDefaults.isEnabled',
      line: 2,
    });
    expect(issue.message).toContain('disable security defaults');
    expect(issue.message).toContain('remove the policies');
  });

  it('refuses an authentication strength together with mfa', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(
          ...everyone,
          '    grantControls:',
          '      builtInControls: [mfa]',
          '      authenticationStrength: mfa',
        ),
      ),
    );
    expectIssue(issues, {
      rule: 'strength-with-mfa',
      path: 'conditionalAccessPolicies[0].grantControls.authenticationStrength',
      line: 10,
    });
  });

  it('refuses block combined with another control', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(...everyone, '    grantControls: { builtInControls: [block, passwordChange] }'),
      ),
    );
    const issue = expectIssue(issues, {
      rule: 'block-exclusive',
      path: 'conditionalAccessPolicies[0].grantControls.builtInControls',
      line: 8,
    });
    expect(issue.message).toContain('found passwordChange');
  });

  it.each([
    [
      '{ isEnabled: true, frequencyInterval: everyTime, value: 1, type: hours }',
      'sign-in-frequency',
      'value',
    ],
    ['{ isEnabled: true, value: 4 }', 'sign-in-frequency', 'type'],
    ['{ isEnabled: true }', 'sign-in-frequency', 'value'],
    ['{ isEnabled: false, type: days }', 'sign-in-frequency', 'value'],
    ['{ isEnabled: true, value: 24, type: hours }', 'range', 'value'],
  ])('checks signInFrequency %s', (control, rule, key) => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(...everyone, '    sessionControls:', `      signInFrequency: ${control}`),
      ),
    );
    expectIssue(issues, {
      rule,
      path: `conditionalAccessPolicies[0].sessionControls.signInFrequency.${key}`,
      line: 9,
    });
  });

  it('requires a mode for an enabled persistent browser session', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        ...policy(...everyone, '    sessionControls:', '      persistentBrowser:', '        isEnabled: true'),
      ),
    );
    expectIssue(issues, {
      rule: 'persistent-browser',
      path: 'conditionalAccessPolicies[0].sessionControls.persistentBrowser.mode',
      line: 9,
    });
  });

  it('orders the Temporary Access Pass lifetimes: minimum <= default <= maximum', () => {
    const tap = (...body: string[]) =>
      issuesOf(lines('apiVersion: keyward/v1', 'authenticationMethods:', '  temporaryAccessPass:', ...body));
    expectIssue(
      tap(
        '    minimumLifetimeInMinutes: 600',
        '    maximumLifetimeInMinutes: 480',
        '    defaultLifetimeInMinutes: 500',
      ),
      {
        rule: 'tap-lifetime',
        path: 'authenticationMethods.temporaryAccessPass.minimumLifetimeInMinutes',
        line: 4,
      },
    );
    expectIssue(tap('    defaultLifetimeInMinutes: 30'), {
      rule: 'tap-lifetime',
      path: 'authenticationMethods.temporaryAccessPass.defaultLifetimeInMinutes',
      line: 4,
    });
  });

  it('refuses an MFA requirement when no MFA method is enabled', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'authenticationMethods: { softwareOath: { state: disabled }, fido2: { state: disabled } }',
        ...policy(...everyone, '    grantControls: { builtInControls: [mfa] }'),
      ),
    );
    expectIssue(issues, {
      rule: 'no-mfa-method',
      path: 'conditionalAccessPolicies[0].grantControls',
      line: 9,
    });
  });

  it('refuses a strength that needs WebAuthn while fido2 is disabled', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'authenticationMethods: { fido2: { state: disabled } }',
        ...policy(...everyone, '    grantControls: { authenticationStrength: phishingResistantMfa }'),
      ),
    );
    expectIssue(issues, {
      rule: 'strength-unsatisfiable',
      path: 'conditionalAccessPolicies[0].grantControls.authenticationStrength',
      line: 9,
    });
  });

  it('refuses a registration campaign towards a disabled method', () => {
    const issues = issuesOf(
      lines(
        'apiVersion: keyward/v1',
        'authenticationMethods: { fido2: { state: disabled } }',
        'registrationCampaign:',
        '  state: enabled',
        '  targetMethod: fido2',
      ),
    );
    expectIssue(issues, {
      rule: 'campaign-target-method',
      path: 'registrationCampaign.targetMethod',
      line: 5,
    });
  });
});

describe('locate', () => {
  const text = lines(
    'apiVersion: keyward/v1',
    'namedLocations:',
    '  - displayName: Office',
    '    ipRanges: [10.0.0.0/8, 2001:db8::/32]',
  );
  const { locate } = parsePolicy(text, 'policy.yaml');

  it('finds keys and list items by readable path or JSON pointer', () => {
    expect(locate('namedLocations[0].ipRanges[1]')).toEqual({ line: 4, column: 28 });
    expect(locate('/namedLocations/0/ipRanges/1')).toEqual({ line: 4, column: 28 });
    expect(locate('namedLocations[0].displayName')).toEqual({ line: 3, column: 5 });
  });

  it('falls back to the nearest written ancestor, and refuses a malformed path', () => {
    expect(locate('namedLocations[0].isTrusted')).toEqual({ line: 3, column: 5 });
    expect(locate('namedLocations[0]..x')).toBeUndefined();
  });
});

describe('formatIssue', () => {
  it('prints file, line, column, severity, path, message and rule', () => {
    const issues = issuesOf(lines('apiVersion: keyward/v1', 'securityDefaults:', '  isEnabled: 1'));
    expect(issues.map(formatIssue)).toEqual([
      'policy.yaml:3:3: error: securityDefaults.isEnabled: must be true or false, found 1 (type)',
    ]);
  });

  it('leaves out what an issue does not have', () => {
    expect(
      formatIssue({
        severity: 'warning',
        path: '',
        pointer: '',
        rule: 'yaml',
        message: 'm',
        source: 'PUT /v1/policy',
      }),
    ).toBe('PUT /v1/policy: warning: m (yaml)');
  });
});

describe('fixtures/invalid', () => {
  const directory = new URL('./fixtures/invalid/', import.meta.url);
  const names = readdirSync(directory).filter((name) => name.endsWith('.yaml'));

  it('has fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  // Each fixture says in a comment what is wrong and, on an `# expect: rule path line` line, how it shows.
  it.each(names)('%s is refused as its comment says', (name) => {
    const text = readFileSync(new URL(name, directory), 'utf8');
    const expectation = /^# expect: (\S+) (\S+) (\d+)$/m.exec(text);
    expect(expectation, 'missing "# expect:" comment').not.toBeNull();
    const [, rule = '', path = '', line = ''] = expectation ?? [];
    const result = parsePolicy(text, name);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expectIssue(result.issues, { rule, path: path === '-' ? '' : path, line: Number(line) });
  });
});
