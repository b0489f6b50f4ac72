import { describe, expect, it } from 'vitest';
import { type PolicyDocument, parsePolicy } from '../policy/index.js';
import { evaluatorMethodOf, registeredMethodOf, registeredMethodsOf } from './methods.js';
import {
  type RegistrationUserFacts,
  registrationProbes,
  userRegistrationDetails,
  userRegistrationDetailsOf,
} from './registration.js';

function documentOf(yaml: string): PolicyDocument {
  const parsed = parsePolicy(`apiVersion: keyward/v1\n${yaml}`, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  return parsed.document;
}

const user = (username: string, facts: Partial<RegistrationUserFacts> = {}): RegistrationUserFacts => ({
  id: `id-${username}`,
  username,
  groups: [],
  realmRoles: [],
  clientRoles: [],
  credentials: [{ type: 'password' }],
  ...facts,
});

const policies = documentOf(`
mfaSettings:
  privilegedRoles: [realm-management/realm-admin]
namedLocations:
  - { displayName: Head office, ipRanges: [203.0.113.0/24], isTrusted: true }
  - { displayName: Branch, ipRanges: [192.0.2.0/24], isTrusted: false }
conditionalAccessPolicies:
  - displayName: Require MFA for Everyone
    state: enabled
    conditions:
      users: { includeUsers: [All], excludeUsers: [break-glass], excludeGroups: [/contractors] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All], excludeLocations: [AllTrusted] }
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Phishing-resistant for finance app
    state: enabled
    conditions:
      users: { includeGroups: [/finance] }
      applications: { includeApplications: [finance] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [], authenticationStrength: phishingResistantMfa }
  - displayName: Branch on Android
    state: enabled
    conditions:
      users: { includeGroups: [/contractors] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [Branch] }
      platforms: { includePlatforms: [android] }
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Pilot
    state: enabledForReportingButNotEnforced
    conditions:
      users: { includeRoles: [pilot] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Old rule
    state: disabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [block] }
`);

describe('userRegistrationDetailsOf', () => {
  it('names security defaults for a "Disabled" user who is prompted anyway (seed 000)', () => {
    const defaults = documentOf('securityDefaults: { isEnabled: true }');
    const details = userRegistrationDetailsOf(defaults, user('ann'));
    expect(details.perUserMfaState).toBe('disabled');
    expect(details.mfaRequiredBy).toEqual(['securityDefaults']);
    expect(details.isMfaRegistered).toBe(false);
    expect(details.defaultMfaMethod).toBe('none');
  });

  it('names the policy for a "Disabled" user covered by "Require MFA for Everyone" (seed 000)', () => {
    const details = userRegistrationDetailsOf(policies, user('bob'));
    expect(details.perUserMfaState).toBe('disabled');
    expect(details.mfaRequiredBy).toEqual(['policy:Require MFA for Everyone']);
  });

  it('adds up per-user state and every policy, in canonical order', () => {
    const details = userRegistrationDetailsOf(
      policies,
      user('cy', {
        groups: ['/finance/payables'],
        perUserMfaState: 'enforced',
        credentials: [{ type: 'password' }, { type: 'otp' }],
      }),
    );
    expect(details.mfaRequiredBy).toEqual([
      'perUser:enforced',
      'policy:Require MFA for Everyone',
      'policy:Phishing-resistant for finance app',
    ]);
    expect(details).toMatchObject({
      isMfaRegistered: true,
      isMfaCapable: true,
      isPasswordlessCapable: false,
      methodsRegistered: ['authenticatorApp'],
      defaultMfaMethod: 'authenticatorApp',
    });
  });

  it('reports per-user enabled with a method as enforced (the automatic move)', () => {
    const details = userRegistrationDetailsOf(
      documentOf(''),
      user('dee', { perUserMfaState: 'enabled', credentials: [{ type: 'webauthn-passwordless' }] }),
    );
    expect(details.perUserMfaState).toBe('enforced');
    expect(details.mfaRequiredBy).toEqual(['perUser:enforced']);
    expect(details.isPasswordlessCapable).toBe(true);
  });

  it('finds policies that apply only on some platform in some untrusted location', () => {
    const details = userRegistrationDetailsOf(policies, user('eve', { groups: ['/contractors'] }));
    expect(details.mfaRequiredBy).toEqual(['policy:Branch on Android']);
  });

  it('leaves break-glass accounts with nothing, and lists report-only policies apart', () => {
    const details = userRegistrationDetailsOf(policies, user('break-glass', { realmRoles: ['pilot'] }));
    expect(details.mfaRequiredBy).toEqual([]);
    expect(details.mfaRequiredByReportOnly).toEqual(['policy:Pilot']);
  });

  it('tells administrators by their effective roles', () => {
    const [admin, other] = userRegistrationDetails(policies, [
      user('root', { clientRoles: ['realm-management/realm-admin'] }),
      user('plain'),
    ]);
    expect(admin?.isAdmin).toBe(true);
    expect(other?.isAdmin).toBe(false);
  });

  it('does not count methods the authentication methods policy switches off as capable', () => {
    const noTotp = documentOf('authenticationMethods:\n  softwareOath: { state: disabled }');
    const details = userRegistrationDetailsOf(noTotp, user('fay', { credentials: [{ type: 'otp' }] }));
    expect(details.isMfaRegistered).toBe(true);
    expect(details.isMfaCapable).toBe(false);
  });

  it('fails closed on an unknown per-user state', () => {
    const details = userRegistrationDetailsOf(documentOf(''), user('gil', { perUserMfaState: 'sometimes' }));
    expect(details.mfaRequiredBy).toEqual(['evaluationError']);
  });
});

describe('registrationProbes', () => {
  it('probes an address outside every location and one in each untrusted location', () => {
    const ips = new Set(registrationProbes(policies).map((probe) => probe.ip));
    expect(ips).toEqual(new Set(['198.51.100.77', '192.0.2.0']));
  });
});

describe('registeredMethodOf', () => {
  it('tells passkeys apart by their backup flags', () => {
    const data = (flags: object) => JSON.stringify({ aaguid: '00', ...flags });
    expect(
      registeredMethodOf({
        type: 'webauthn-passwordless',
        credentialData: data({ backupEligible: true, backupState: true }),
      }),
    ).toBe('passkeySynced');
    expect(
      registeredMethodOf({ type: 'webauthn-passwordless', credentialData: data({ backupEligible: false }) }),
    ).toBe('passkeyDeviceBound');
    expect(registeredMethodOf({ type: 'webauthn-passwordless', credentialData: data({}) })).toBe('passkey');
    expect(registeredMethodOf({ type: 'webauthn', credentialData: 'not json' })).toBe('securityKey');
    expect(registeredMethodOf({ type: 'password' })).toBeUndefined();
  });

  it('names an email-code credential, for the report and for the evaluator', () => {
    expect(registeredMethodOf({ type: 'keyward-email-otp' })).toBe('email');
    expect(evaluatorMethodOf({ type: 'keyward-email-otp' })).toBe('email');
  });

  it('lists each method once, strongest first', () => {
    expect(
      registeredMethodsOf([
        { type: 'recovery-authn-codes' },
        { type: 'otp' },
        { type: 'otp' },
        { type: 'webauthn' },
        { type: 'keyward-temporary-access-pass' },
      ]),
    ).toEqual(['securityKey', 'authenticatorApp', 'recoveryCodes', 'temporaryAccessPass']);
  });
});
