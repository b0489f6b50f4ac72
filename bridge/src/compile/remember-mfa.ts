import type { PolicyDocument } from '../policy/types.js';
import { type ExecutionSpec, KEYWARD_ALIAS_PREFIX, type UserProfileAttributeSpec } from './realm-fragment.js';

/** The extension's step that lets a valid remember-MFA mark stand in for MFA (plugins: `io.keyward.keycloak.remember`). */
export const REMEMBER_MFA_AUTHENTICATOR = 'keyward-remember-mfa';

/** The extension's step after MFA that offers "Don't ask again for N days" and sets the mark. */
export const REMEMBER_MFA_OFFER_AUTHENTICATOR = 'keyward-remember-mfa-offer';

/**
 * The user attribute holding the MFA session version a mark is bound to; "revoke MFA sessions" increments it.
 * Absent means 0.
 */
export const MFA_SESSION_VERSION_ATTRIBUTE = 'keyward.mfaSessionVersion';

const isEnabled = (document: PolicyDocument): boolean =>
  document.mfaSettings.rememberMfaOnTrustedDevice.isEnabled;

const daysConfig = (document: PolicyDocument) => ({
  days: String(document.mfaSettings.rememberMfaOnTrustedDevice.days),
});

/**
 * After every source of an MFA requirement and before the MFA step: a valid mark for the user stands in for MFA
 * where SPEC §3.5 lets it (strength `mfa` only, never where security defaults refuse it). Present only when the
 * policy enables remember-MFA; without it marks are ignored.
 */
export function rememberMfaSteps(document: PolicyDocument): ExecutionSpec[] {
  if (!isEnabled(document)) return [];
  return [
    {
      requirement: 'REQUIRED',
      authenticator: REMEMBER_MFA_AUTHENTICATOR,
      config: { alias: `${KEYWARD_ALIAS_PREFIX}remember MFA`, config: daysConfig(document) },
    },
  ];
}

/** After the MFA step: the offer, shown only after a fresh second factor in a sign-in where a mark would count. */
export function rememberMfaOfferSteps(document: PolicyDocument): ExecutionSpec[] {
  if (!isEnabled(document)) return [];
  return [
    {
      requirement: 'REQUIRED',
      authenticator: REMEMBER_MFA_OFFER_AUTHENTICATOR,
      config: { alias: `${KEYWARD_ALIAS_PREFIX}remember MFA - offer`, config: daysConfig(document) },
    },
  ];
}

/**
 * Declared always (revoking must work whether or not the policy enables remember-MFA), admin-only so that a user
 * cannot reset their own version through the account API and revive a revoked mark.
 */
export function rememberMfaProfileAttributes(): UserProfileAttributeSpec[] {
  return [
    {
      name: MFA_SESSION_VERSION_ATTRIBUTE,
      displayName: 'MFA session version (Keyward remember-MFA)',
      permissions: { view: ['admin'], edit: ['admin'] },
      validations: { integer: { min: 0 } },
      multivalued: false,
    },
  ];
}
