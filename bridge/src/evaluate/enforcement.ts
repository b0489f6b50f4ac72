/**
 * What Keycloak does with a sign-in decision, step by step as the user meets it. What-if prints it; the
 * differential test compares it with what real Keycloak did. The rules are those of docs/architecture.md ("What the
 * enforcement does with the outcome").
 */

import type { PolicyDocument } from '../policy/types.js';
import {
  campaignTargets,
  isPrivileged,
  methodAllowed,
  methodMeetsStrength,
  type SignIn,
  type SignInEvaluation,
  type SignInUser,
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
  /**
   * The user has no method the policy allows but chose "Not now" on the registration, and that snooze still holds:
   * signed in without MFA (only where the campaign may grant grace, SPEC §3.6).
   */
  | 'registration-snoozed'
  /** Asked to change the password (no MFA required). */
  | 'password-change'
  /** Refused: blocked by security defaults or a policy. */
  | 'blocked'
  /** Refused: the user's methods cannot meet the strength (and registering another is not offered). */
  | 'refused-strength'
  /** Refused: the password grant cannot do MFA or a password change. */
  | 'refused-legacy'
  /**
   * The password grant: the account password is refused (it cannot do MFA), and one of the user's app passwords
   * signs in, standing for password and MFA (SPEC §5).
   */
  | 'app-password';

/** Predicts what Keycloak does with `evaluation` for this sign-in at `now`. */
export function enforcementOf(
  document: PolicyDocument,
  signIn: SignIn,
  evaluation: SignInEvaluation,
  now: Date = new Date(),
): Enforcement {
  if (evaluation.outcome === 'block') return 'blocked';
  const passwordChange = evaluation.passwordChangeRequiredBy.length > 0;
  if (signIn.clientAppType === 'other') {
    if (
      evaluation.outcome === 'mfa' &&
      !passwordChange &&
      evaluation.strength === 'mfa' &&
      appPasswordUsable(document, signIn.user, evaluation)
    ) {
      return 'app-password';
    }
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
  if (hasUsableMethod || !canRegister) return 'refused-strength';
  return snoozeHolds(document, user, evaluation.requiredBy, now) ? 'registration-snoozed' : 'registration';
}

/**
 * Whether one of the user's app passwords would sign in on the password grant, as `keyward-app-password` decides it
 * (Java: `AppPasswordEligibility`): the realm allows app passwords, the user's per-user state is `enforced` (or
 * `enabled` with a method, which Keycloak moves to `enforced`), the user is not privileged, and holds one. It then
 * satisfies an `mfa` requirement only: never a stronger strength, never a password change, never a block.
 */
function appPasswordUsable(
  document: PolicyDocument,
  user: SignInUser,
  evaluation: SignInEvaluation,
): boolean {
  return (
    document.mfaSettings.appPasswords.isAllowed &&
    // The evaluation's per-user source is `enforced` exactly then (an `enabled` user with a method counts).
    evaluation.requiredBy.includes('perUser:enforced') &&
    !isPrivileged(document, user) &&
    (user.appPasswords ?? 0) > 0
  );
}

/**
 * Whether the registration is snoozed for this sign-in, as `keyward-mfa-registration` decides it (Java:
 * `Snooze.graceAllowed` and `Snooze.decide`): the campaign targets the user, every source of the requirement is
 * security defaults or per-user `enabled` (never a policy, `enforced` or an evaluation error), the user is not
 * privileged, and a "Not now" holds at `now`.
 */
function snoozeHolds(document: PolicyDocument, user: SignInUser, requiredBy: string[], now: Date): boolean {
  const snooze = user.registrationSnooze;
  const graceAllowed =
    requiredBy.length > 0 &&
    requiredBy.every((source) => source === 'securityDefaults' || source === 'perUser:enabled') &&
    !isPrivileged(document, user);
  return (
    graceAllowed &&
    campaignTargets(document, user) &&
    snooze !== undefined &&
    snooze.snoozes > 0 &&
    now.getTime() < Date.parse(snooze.snoozedUntil)
  );
}
