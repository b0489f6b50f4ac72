import type { PolicyDocument } from '../policy/types.js';
import { type ExecutionSpec, KEYWARD_ALIAS_PREFIX, type RequiredActionSpec } from './realm-fragment.js';

/** The extension's TAP sign-in step (plugins: `io.keyward.keycloak.tap`). */
export const TEMPORARY_ACCESS_PASS_AUTHENTICATOR = 'keyward-temporary-access-pass';

/** The extension's step after a TAP sign-in: the strength check and the offer to register a method. */
export const TEMPORARY_ACCESS_PASS_ONBOARDING_AUTHENTICATOR = 'keyward-tap-onboarding';

/** Keycloak's required action that registers a passkey; a TAP sign-in offers it for onboarding. */
export const PASSKEY_REGISTRATION_ACTION = 'webauthn-register-passwordless';

const isTapEnabled = (document: PolicyDocument): boolean =>
  document.authenticationMethods.temporaryAccessPass.state === 'enabled';

const isFido2Enabled = (document: PolicyDocument): boolean =>
  document.authenticationMethods.fido2.state === 'enabled';

/**
 * The browser sign-in's first factor. Without the TAP it is Keycloak's own one-page sign-in, username and password
 * together (`auth-username-password-form`, the page of Keycloak's stock `browser` flow), which also offers the
 * user's passkeys when the realm enables them (see {@link firstFactorRealmSettings}).
 *
 * With the TAP it is identity first: the username page (passkeys offered there too), then the password or, when the
 * user holds one, a Temporary Access Pass. The pass must know the user before it is asked for, hence the username
 * on a page of its own; the extra page is the price of the TAP (docs/benchmarks.md). Keycloak's password step lets a
 * passkey sign-in through without a password. A user already identified (SSO cookie, re-authentication) skips the
 * username page.
 */
export function browserFirstFactorSteps(document: PolicyDocument): ExecutionSpec[] {
  if (!isTapEnabled(document)) {
    return [{ requirement: 'REQUIRED', authenticator: 'auth-username-password-form' }];
  }
  const username: ExecutionSpec = { requirement: 'REQUIRED', authenticator: 'auth-username-form' };
  return [
    username,
    {
      requirement: 'REQUIRED',
      flow: {
        alias: `${KEYWARD_ALIAS_PREFIX}password or TAP`,
        description:
          'The password, or a Temporary Access Pass standing for password and second factor (strength mfa).',
        executions: [
          { requirement: 'ALTERNATIVE', authenticator: 'auth-password-form' },
          { requirement: 'ALTERNATIVE', authenticator: TEMPORARY_ACCESS_PASS_AUTHENTICATOR },
        ],
      },
    },
  ];
}

/**
 * The TAP's step after every source of an MFA requirement and before the MFA step: it refuses a TAP sign-in that
 * needs more than `mfa` (a pass is not phishing resistant) and offers the others to register a passkey or an
 * authenticator app. Present only when the policy enables the TAP.
 */
export function temporaryAccessPassOnboardingSteps(document: PolicyDocument): ExecutionSpec[] {
  return isTapEnabled(document)
    ? [{ requirement: 'REQUIRED', authenticator: TEMPORARY_ACCESS_PASS_ONBOARDING_AUTHENTICATOR }]
    : [];
}

/**
 * The extension's direct-grant password step that also accepts app passwords (plugins:
 * `io.keyward.keycloak.apppassword`); it replaces Keycloak's `direct-grant-validate-password`.
 */
export const APP_PASSWORD_AUTHENTICATOR = 'keyward-app-password';

/**
 * The direct grant's first factor: the username, then the password — or, where the policy allows app passwords
 * (SPEC §5), the password or an app password standing for password and MFA. A TAP is never accepted here, and an
 * app password nowhere else.
 */
export function directGrantFirstFactorSteps(document: PolicyDocument): ExecutionSpec[] {
  return [
    { requirement: 'REQUIRED', authenticator: 'direct-grant-validate-username' },
    {
      requirement: 'REQUIRED',
      authenticator: document.mfaSettings.appPasswords.isAllowed
        ? APP_PASSWORD_AUTHENTICATOR
        : 'direct-grant-validate-password',
    },
  ];
}

/**
 * Realm settings the first factor needs. Keycloak 26.4+ offers passkeys on the username page only when the
 * WebAuthn passwordless policy's "Enable Passkeys" switch is on; Keycloak's defaults for that policy already
 * require a discoverable credential and user verification.
 */
export function firstFactorRealmSettings(document: PolicyDocument): {
  webAuthnPolicyPasswordlessPasskeysEnabled: boolean;
} {
  return { webAuthnPolicyPasswordlessPasskeysEnabled: isFido2Enabled(document) };
}

/** Required actions the first factor relies on: passkey registration, offered after a TAP sign-in. */
export function firstFactorRequiredActions(document: PolicyDocument): RequiredActionSpec[] {
  return [
    {
      alias: PASSKEY_REGISTRATION_ACTION,
      name: 'Webauthn Register Passwordless',
      enabled: isFido2Enabled(document),
    },
  ];
}
