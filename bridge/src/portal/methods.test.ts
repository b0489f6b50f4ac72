import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import { addableMethods, methodRows } from './methods.js';

const ALL_ACTIONS = new Set([
  'CONFIGURE_TOTP',
  'webauthn-register',
  'webauthn-register-passwordless',
  'CONFIGURE_RECOVERY_AUTHN_CODES',
]);
const user = {
  username: 'pia',
  groups: ['/staff'],
  realmRoles: [],
  clientRoles: [],
  perUserMfaState: 'disabled',
  methods: [],
};

const policy = (methods: string) => {
  const parsed = parsePolicy(`apiVersion: keyward/v1\nauthenticationMethods:\n${methods}`, 'policy.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  return parsed.document;
};

describe('methodRows', () => {
  it('puts Keycloak’s first default-capable credential first, the password last, and hides app passwords', () => {
    const rows = methodRows([
      { id: 'p', type: 'password', createdDate: 1 },
      { id: 'r', type: 'recovery-authn-codes' },
      { id: 'a', type: 'otp', userLabel: ' Phone ' },
      { id: 'k', type: 'webauthn-passwordless', userLabel: 'Laptop' },
      { id: 'x', type: 'keyward-app-password', userLabel: 'Mail' },
      { id: 't', type: 'keyward-temporary-access-pass' },
    ]);
    expect(rows.map((row) => [row.id, row.kind, row.isDefault, row.canMakeDefault, row.canDelete])).toEqual([
      ['a', 'authenticatorApp', true, false, true],
      ['r', 'recoveryCodes', false, false, true],
      ['k', 'passkey', false, true, true],
      ['t', 'temporaryAccessPass', false, false, true],
      ['p', 'password', false, false, false],
    ]);
    expect(rows[0]?.label).toBe('Phone');
    expect(rows[4]?.createdDateTime?.getTime()).toBe(1);
  });

  it('has no default when only the password and recovery codes are registered', () => {
    expect(
      methodRows([
        { id: 'p', type: 'password' },
        { id: 'r', type: 'recovery-authn-codes' },
      ]).some((row) => row.isDefault),
    ).toBe(false);
  });
});

describe('addableMethods', () => {
  it('offers what the realm enables when no policy is applied, recovery codes only once', () => {
    expect(addableMethods(ALL_ACTIONS, undefined, undefined, []).map((method) => method.kind)).toEqual([
      'passkey',
      'securityKey',
      'authenticatorApp',
      'recoveryCodes',
    ]);
    expect(
      addableMethods(ALL_ACTIONS, undefined, undefined, [{ type: 'recovery-authn-codes' }]).map(
        (method) => method.kind,
      ),
    ).toEqual(['passkey', 'securityKey', 'authenticatorApp']);
    expect(addableMethods(new Set(['CONFIGURE_TOTP']), undefined, undefined, [])).toEqual([
      { kind: 'authenticatorApp', action: 'CONFIGURE_TOTP' },
    ]);
  });

  it('offers only what the policy allows this user', () => {
    const document = policy(
      '  softwareOath: { state: enabled, includeTargets: [all] }\n' +
        '  fido2: { state: enabled, includeTargets: [all], excludeTargets: ["group:/staff"] }\n' +
        '  recoveryCodes: { state: disabled }\n',
    );
    expect(addableMethods(ALL_ACTIONS, document, user, []).map((method) => method.action)).toEqual([
      'CONFIGURE_TOTP',
    ]);
    expect(addableMethods(ALL_ACTIONS, document, undefined, [])).toEqual([]);
  });
});
