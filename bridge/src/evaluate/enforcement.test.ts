import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import { enforcementOf, evaluateSignIn, type SignIn } from './index.js';

function predict(yaml: string, methods: string[] = [], hasEmailAddress?: boolean) {
  const parsed = parsePolicy(
    `apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: true }\n${yaml}`,
    'test.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const signIn: SignIn = {
    user: {
      username: 'kim',
      groups: ['/sales'],
      realmRoles: [],
      clientRoles: [],
      perUserMfaState: 'disabled',
      methods,
      ...(hasEmailAddress === undefined ? {} : { hasEmailAddress }),
    },
    clientId: 'portal',
    ip: '198.51.100.7',
    clientAppType: 'browser',
    platform: null,
    hasRememberMfaMark: false,
  };
  return enforcementOf(parsed.document, signIn, evaluateSignIn(parsed.document, signIn));
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
