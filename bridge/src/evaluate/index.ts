/**
 * The sign-in rule set of SPEC §3: pure decisions that what-if and plan checks share with the Java
 * authenticators through the vectors in `test/vectors/`.
 */

export { type Enforcement, enforcementOf } from './enforcement.js';
export { type DevicePlatform, platformOf } from './platform.js';
export {
  DEFAULT_ADMIN_CLIENT_IDS,
  evaluateSecurityDefaults,
  type SecurityDefaultsDecision,
  type SecurityDefaultsInput,
  type SignInClientAppType,
} from './security-defaults.js';
export {
  evaluateSignIn,
  isPrivileged,
  locationsContaining,
  methodAllowed,
  methodMeetsStrength,
  POLICY_CONDITIONS,
  type PolicyCondition,
  type PolicyEvaluation,
  type PolicyResult,
  parseSignInAddress,
  policyExcludesUser,
  type SessionControlsDecision,
  type SignIn,
  type SignInEvaluation,
  type SignInUser,
  USER_METHODS,
  type UserMethod,
} from './sign-in.js';
