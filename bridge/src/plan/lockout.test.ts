import { describe, expect, it } from 'vitest';
import type { SignInUser } from '../evaluate/sign-in.js';
import { type PolicyDocument, parsePolicy } from '../policy/index.js';
import { checkLockout, representativeAddresses } from './lockout.js';

function documentOf(...lines: string[]): PolicyDocument {
  const parsed = parsePolicy(['apiVersion: keyward/v1', ...lines].join('\n'), 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  return parsed.document;
}

const policy = (name: string, conditions: string[], grant: string) => [
  `  - displayName: ${name}`,
  '    state: enabled',
  '    conditions:',
  ...conditions.map((line) => `      ${line}`),
  `    grantControls: ${grant}`,
];

const user = (username: string, over: Partial<SignInUser> = {}): SignInUser => ({
  username,
  groups: [],
  realmRoles: [],
  clientRoles: ['realm-management/realm-admin'],
  perUserMfaState: 'disabled',
  methods: ['otp'],
  ...over,
});

const LOCATIONS = [
  'namedLocations:',
  '  - { displayName: Head office, ipRanges: [203.0.113.0/24, 2001:db8::/48], isTrusted: true }',
];

describe('checkLockout', () => {
  const blockEveryone = documentOf(
    'conditionalAccessPolicies:',
    ...policy(
      'Block everyone',
      ['users: { includeUsers: [All] }', 'applications: { includeApplications: [All] }'],
      '{ builtInControls: [block] }',
    ),
  );

  it('refuses a block for everyone without an exclusion, naming the user, the policy and what to change', () => {
    const report = checkLockout(blockEveryone, { privilegedUsers: [user('ada')], breakGlassCandidates: [] });
    expect(report.lockedOut).toBe(true);
    expect(report.refusal).toContain("ada: blocked by policy 'Block everyone'");
    expect(report.refusal).toContain('excludeUsers');
    expect(report.refusal).toContain('--i-understand-lockout');
    expect(report.warnings.join('\n')).toContain('no break-glass account');
  });

  it('accepts it when a privileged break-glass account is excluded, and names that account', () => {
    const document = documentOf(
      'conditionalAccessPolicies:',
      ...policy(
        'Block everyone',
        [
          'users: { includeUsers: [All], excludeUsers: [break-glass-1] }',
          'applications: { includeApplications: [All] }',
        ],
        '{ builtInControls: [block] }',
      ),
    );
    const breakGlass = user('break-glass-1');
    const report = checkLockout(document, {
      privilegedUsers: [user('ada'), breakGlass],
      breakGlassCandidates: [breakGlass],
    });
    expect(report).toEqual({ lockedOut: false, warnings: [], breakGlassAccounts: ['break-glass-1'] });
  });

  it('refuses a strength no administrator can meet, and accepts it when one can register a passkey', () => {
    const document = documentOf(
      'conditionalAccessPolicies:',
      ...policy(
        'Phishing-resistant for admins',
        [
          'users: { includeRoles: [realm-management/realm-admin] }',
          'applications: { includeApplications: [All] }',
        ],
        '{ authenticationStrength: phishingResistantMfa }',
      ),
    );
    const totpOnly = checkLockout(document, { privilegedUsers: [user('ada')], breakGlassCandidates: [] });
    expect(totpOnly.refusal).toContain(
      "ada: policy 'Phishing-resistant for admins' requires phishingResistantMfa, which none of their methods (otp) meets",
    );
    const newcomer = checkLockout(document, {
      privilegedUsers: [user('ada'), user('bo', { methods: [] })],
      breakGlassCandidates: [],
    });
    expect(newcomer.lockedOut).toBe(false);
    const withKey = checkLockout(document, {
      privilegedUsers: [user('ada', { methods: ['otp', 'webauthn-2fa'] })],
      breakGlassCandidates: [],
    });
    expect(withKey.lockedOut).toBe(false);
  });

  it('accepts a block that leaves administrators a trusted location', () => {
    const document = documentOf(
      ...LOCATIONS,
      'conditionalAccessPolicies:',
      ...policy(
        'Block outside the office',
        [
          'users: { includeUsers: [All] }',
          'applications: { includeApplications: [All] }',
          'locations: { includeLocations: [All], excludeLocations: [AllTrusted] }',
        ],
        '{ builtInControls: [block] }',
      ),
    );
    expect(
      checkLockout(document, { privilegedUsers: [user('ada')], breakGlassCandidates: [] }).lockedOut,
    ).toBe(false);
  });

  it('warns when a policy applies to the account running the command, and when its password grant would fail', () => {
    const document = documentOf(
      'conditionalAccessPolicies:',
      ...policy(
        'MFA for everyone',
        ['users: { includeUsers: [All] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [mfa] }',
      ),
    );
    const report = checkLockout(document, {
      privilegedUsers: [user('ada')],
      runningAdmin: user('ada'),
      breakGlassCandidates: [],
    });
    expect(report.lockedOut).toBe(false);
    expect(report.warnings).toContain(
      "policy 'MFA for everyone' applies to 'ada', the account running this command",
    );
    expect(report.warnings.join('\n')).toMatch(
      /password grant; after this apply that sign-in can be refused/,
    );
  });

  it('says nothing for a document without enabled policies', () => {
    const report = checkLockout(documentOf('securityDefaults: { isEnabled: true }'), {
      privilegedUsers: [user('ada')],
      breakGlassCandidates: [],
    });
    expect(report).toEqual({ lockedOut: false, warnings: [], breakGlassAccounts: [] });
  });
});

describe('representativeAddresses', () => {
  it('has one address in each range and one outside every named location', () => {
    const addresses = representativeAddresses(documentOf(...LOCATIONS));
    expect(addresses).toEqual(['198.51.100.1', '203.0.113.0', '2001:db8::']);
  });
});
