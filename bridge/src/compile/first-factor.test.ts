import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import type { PolicyDocument } from '../policy/types.js';
import {
  browserFirstFactorSteps,
  firstFactorRealmSettings,
  firstFactorRequiredActions,
  temporaryAccessPassOnboardingSteps,
} from './first-factor.js';

function policy(yaml: string): PolicyDocument {
  const result = parsePolicy(`apiVersion: keyward/v1\n${yaml}`, 'test.yaml');
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.document;
}

const tapEnabled = `authenticationMethods:
  temporaryAccessPass: { state: enabled, includeTargets: [all] }`;

describe('browserFirstFactorSteps', () => {
  it("asks username and password on one page, Keycloak's stock sign-in page, when the TAP is disabled", () => {
    expect(browserFirstFactorSteps(policy(''))).toEqual([
      { requirement: 'REQUIRED', authenticator: 'auth-username-password-form' },
    ]);
  });

  it('asks the username first, then the password or a Temporary Access Pass, when the policy enables the TAP', () => {
    const [username, secret] = browserFirstFactorSteps(policy(tapEnabled));
    expect(username).toEqual({ requirement: 'REQUIRED', authenticator: 'auth-username-form' });
    expect(secret).toMatchObject({
      requirement: 'REQUIRED',
      flow: {
        alias: 'Keyward password or TAP',
        executions: [
          { requirement: 'ALTERNATIVE', authenticator: 'auth-password-form' },
          { requirement: 'ALTERNATIVE', authenticator: 'keyward-temporary-access-pass' },
        ],
      },
    });
  });
});

describe('temporaryAccessPassOnboardingSteps', () => {
  it('places the strength check and onboarding only when the policy enables the pass', () => {
    expect(temporaryAccessPassOnboardingSteps(policy(''))).toEqual([]);
    expect(temporaryAccessPassOnboardingSteps(policy(tapEnabled))).toEqual([
      { requirement: 'REQUIRED', authenticator: 'keyward-tap-onboarding' },
    ]);
  });
});

describe('first-factor realm settings and required actions', () => {
  it('enables passkeys on the username page and passkey registration with fido2', () => {
    expect(firstFactorRealmSettings(policy(''))).toEqual({ webAuthnPolicyPasswordlessPasskeysEnabled: true });
    expect(firstFactorRequiredActions(policy(''))).toEqual([
      { alias: 'webauthn-register-passwordless', name: 'Webauthn Register Passwordless', enabled: true },
    ]);
  });

  it('switches both off when fido2 is disabled', () => {
    const noFido2 = policy('authenticationMethods:\n  fido2: { state: disabled }');
    expect(firstFactorRealmSettings(noFido2)).toEqual({ webAuthnPolicyPasswordlessPasskeysEnabled: false });
    expect(firstFactorRequiredActions(noFido2)[0]?.enabled).toBe(false);
  });
});
