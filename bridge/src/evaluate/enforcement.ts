/**
 * What Keycloak does with a sign-in decision, step by step as the user meets it. What-if prints it; the
 * differential test compares it with what real Keycloak did. The rules are those of docs/architecture.md ("What the
 * enforcement does with the outcome").
 */

import type { PolicyDocument } from '../policy/types.js';
import {
  methodAllowed,
  methodMeetsStrength,
  type SignIn,
  type SignInEvaluation,
  USER_METHODS,
} from './sign-in.js';

/** The first thing the user meets after the password, or the end of the sign-in. */
export type Enforcement =
  /** Signed in: tokens without a further step. */
  | 'signed-in'
  /** A valid remember-MFA mark satisfies the requirement: signed in without a prompt. */
  | 'remembered'
  /** Asked for a registered method that meets the strength. */
  | 'second-factor'
  /** The user has no method the policy allows: the combined registration, then signed in. */
  | 'registration'
  /** Asked to change the password (no MFA required). */
  | 'password-change'
  /** Refused: blocked by security defaults or a policy. */
  | 'blocked'
  /** Refused: the user's methods cannot meet the strength (and registering another is not offered). */
  | 'refused-strength'
  /** Refused: the password grant cannot do MFA or a password change. */
  | 'refused-legacy';

/** Predicts what Keycloak does with `evaluation` for this sign-in. */
export function enforcementOf(
  document: PolicyDocument,
  signIn: SignIn,
  evaluation: SignInEvaluation,
): Enforcement {
  if (evaluation.outcome === 'block') return 'blocked';
  const passwordChange = evaluation.passwordChangeRequiredBy.length > 0;
  if (signIn.clientAppType === 'other') {
    return evaluation.outcome === 'mfa' || passwordChange ? 'refused-legacy' : 'signed-in';
  }
  if (evaluation.outcome === 'none') return passwordChange ? 'password-change' : 'signed-in';
  if (evaluation.satisfiedBy.rememberMfa === true) return passwordChange ? 'password-change' : 'remembered';
  const strength = evaluation.strength ?? 'mfa';
  const { user } = signIn;
  if (
    user.methods.some(
      (method) => methodAllowed(document, method, user) && methodMeetsStrength(method, strength),
    )
  ) {
    return 'second-factor';
  }
  const hasUsableMethod = user.methods.some((method) => methodAllowed(document, method, user));
  // The combined registration offers every allowed method that meets the strength (recovery codes too); email codes
  // only to a user with an email address (the compiler installs their registration action whenever they are enabled).
  const canRegister = USER_METHODS.some(
    (method) =>
      (method !== 'email' || user.hasEmailAddress === true) &&
      methodAllowed(document, method, user) &&
      methodMeetsStrength(method, strength),
  );
  return !hasUsableMethod && canRegister ? 'registration' : 'refused-strength';
}
