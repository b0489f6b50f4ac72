import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import { enforcementOf, evaluateSignIn, type SignIn, type SignInUser } from './index.js';

/** What Keycloak does with kim's sign-in under the document `yaml` (without its `apiVersion` line). */
function enforcementFor(
  yaml: string,
  user: Partial<SignInUser> = {},
  { clientAppType = 'browser', now }: { clientAppType?: 'browser' | 'other'; now?: Date } = {},
) {
  const parsed = parsePolicy(`apiVersion: keyward/v1\n${yaml}`, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const signIn: SignIn = {
    user: {
      username: 'kim',
      groups: ['/sales'],
      realmRoles: [],
      clientRoles: [],
      perUserMfaState: 'disabled',
      methods: [],
      ...user,
    },
    clientId: 'portal',
    ip: '198.51.100.7',
    clientAppType,
    platform: null,
    hasRememberMfaMark: false,
  };
  return enforcementOf(parsed.document, signIn, evaluateSignIn(parsed.document, signIn), now);
}

function predict(yaml: string, methods: string[] = [], hasEmailAddress?: boolean) {
  return enforcementFor(`securityDefaults: { isEnabled: true }\n${yaml}`, {
    methods,
    ...(hasEmailAddress === undefined ? {} : { hasEmailAddress }),
  });
}

describe('enforcementOf: the combined registration', () => {
  it('offers recovery codes when they are the only method the policy allows the user', () => {
    const onlyRecoveryCodes =
      'authenticationMethods:\n' +
      '  softwareOath: { state: enabled, includeTargets: ["group:/it"] }\n' +
      '  fido2: { state: disabled }\n';
    expect(predict(onlyRecoveryCodes)).toBe('registration');
    expect(predict(`${onlyRecoveryCodes}  recoveryCodes: { state: disabled }\n`)).toBe('refused-strength');
  });

  it('asks a user with a usable method for it instead', () => {
    expect(predict('', ['otp'])).toBe('second-factor');
    expect(predict('')).toBe('registration');
  });

  it('offers email codes only to a user with an email address, as the wizard does', () => {
    const onlyEmail =
      'authenticationMethods:\n' +
      '  softwareOath: { state: disabled }\n' +
      '  fido2: { state: disabled }\n' +
      '  recoveryCodes: { state: disabled }\n' +
      '  email: { state: enabled }\n';
    expect(predict(onlyEmail, [], true)).toBe('registration');
    expect(predict(onlyEmail, [], false)).toBe('refused-strength');
    expect(predict(onlyEmail, ['email'], false)).toBe('second-factor');
  });
});

describe('enforcementOf: a snoozed registration (registration campaign)', () => {
  const NOW = new Date('2026-11-26T12:00:00Z');
  const campaign = (extra = '') =>
    'registrationCampaign:\n' +
    '  state: enabled\n' +
    '  snoozeDurationInDays: 1\n' +
    '  allowedSnoozes: 3\n' +
    `  includeTargets: [all]\n${extra}` +
    'mfaSettings: { privilegedRoles: [admin] }\n';
  const holding = { snoozes: 1, snoozedUntil: '2026-11-27T12:00:00Z' };

  function predictAt(
    yaml: string,
    user: { snoozedUntil?: string; snoozes?: number; realmRoles?: string[]; perUserMfaState?: string },
    securityDefaults = true,
  ) {
    const { snoozedUntil, snoozes, ...rest } = user;
    return enforcementFor(
      `securityDefaults: { isEnabled: ${securityDefaults} }\n${yaml}`,
      {
        ...rest,
        ...(snoozedUntil === undefined
          ? {}
          : { registrationSnooze: { snoozes: snoozes ?? 1, snoozedUntil } }),
      },
      { now: NOW },
    );
  }

  it('lets the user in without MFA while a "Not now" holds, and asks again once it has run out', () => {
    expect(predictAt(campaign(), holding)).toBe('registration-snoozed');
    expect(predictAt(campaign(), { snoozedUntil: '2026-11-26T11:59:59Z' })).toBe('registration');
    expect(predictAt(campaign(), {})).toBe('registration');
    expect(predictAt(campaign(), { ...holding, snoozes: 0 })).toBe('registration');
  });

  it('grants grace for per-user enabled as for security defaults, never for enforced', () => {
    expect(predictAt(campaign(), { ...holding, perUserMfaState: 'enabled' }, false)).toBe(
      'registration-snoozed',
    );
    expect(predictAt(campaign(), { ...holding, perUserMfaState: 'enforced' }, false)).toBe('registration');
  });

  it('never for a privileged user, a Conditional Access requirement, or a user outside the campaign', () => {
    expect(predictAt(campaign(), { ...holding, realmRoles: ['admin'] })).toBe('registration');
    const policy =
      'conditionalAccessPolicies:\n' +
      '  - displayName: MFA for sales\n' +
      '    state: enabled\n' +
      '    conditions: { users: { includeGroups: [/sales] }, applications: { includeApplications: [All] } }\n' +
      '    grantControls: { builtInControls: [mfa] }\n';
    // Per-user enabled alone would be snoozable; with a policy among the sources it is not.
    expect(predictAt(campaign() + policy, { ...holding, perUserMfaState: 'enabled' }, false)).toBe(
      'registration',
    );
    expect(predictAt(campaign('  excludeTargets: ["group:/sales"]\n'), holding)).toBe('registration');
    expect(predictAt(campaign().replace('state: enabled', 'state: disabled'), holding)).toBe('registration');
  });
});

describe('enforcementOf: app passwords on the password grant', () => {
  function predictGrant(
    yaml: string,
    user: { perUserMfaState: string; appPasswords?: number; realmRoles?: string[]; methods?: string[] },
    allowed = true,
  ) {
    return enforcementFor(
      'securityDefaults: { isEnabled: false }\n' +
        `mfaSettings: { appPasswords: { isAllowed: ${allowed} }, privilegedRoles: [admin] }\n${yaml}`,
      { methods: ['otp'], ...user },
      { clientAppType: 'other' },
    );
  }
  const policy = (controls: string) =>
    'conditionalAccessPolicies:\n' +
    '  - displayName: Sales\n' +
    '    state: enabled\n' +
    '    conditions: { users: { includeGroups: [/sales] }, applications: { includeApplications: [All] } }\n' +
    `    grantControls: ${controls}\n`;

  it('signs an enforced user in with an app password where only mfa is asked', () => {
    expect(predictGrant('', { perUserMfaState: 'enforced', appPasswords: 1 })).toBe('app-password');
    expect(
      predictGrant(policy('{ builtInControls: [mfa] }'), { perUserMfaState: 'enforced', appPasswords: 2 }),
    ).toBe('app-password');
    // enabled with a method counts as enforced, as Keycloak moves it there.
    expect(predictGrant('', { perUserMfaState: 'enabled', appPasswords: 1 })).toBe('app-password');
  });

  it('refuses where no app password can stand in', () => {
    expect(predictGrant('', { perUserMfaState: 'enforced' })).toBe('refused-legacy');
    expect(predictGrant('', { perUserMfaState: 'enforced', appPasswords: 1, realmRoles: ['admin'] })).toBe(
      'refused-legacy',
    );
    expect(predictGrant('', { perUserMfaState: 'enforced', appPasswords: 1 }, false)).toBe('refused-legacy');
    // enabled without a method is not asked for MFA on the password grant at all: the account password works.
    expect(predictGrant('', { perUserMfaState: 'enabled', appPasswords: 1, methods: [] })).toBe('signed-in');
    expect(
      predictGrant(policy('{ builtInControls: [], authenticationStrength: phishingResistantMfa }'), {
        perUserMfaState: 'enforced',
        appPasswords: 1,
      }),
    ).toBe('refused-legacy');
    expect(
      predictGrant(policy('{ operator: AND, builtInControls: [mfa, passwordChange] }'), {
        perUserMfaState: 'enforced',
        appPasswords: 1,
      }),
    ).toBe('refused-legacy');
    expect(
      predictGrant(policy('{ builtInControls: [block] }'), { perUserMfaState: 'enforced', appPasswords: 1 }),
    ).toBe('blocked');
  });
});
