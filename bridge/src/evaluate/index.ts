/**
 * The sign-in rule set of SPEC §3: pure decisions that what-if and plan checks share with the Java
 * authenticators through the vectors in `test/vectors/`.
 */
export {
  DEFAULT_ADMIN_CLIENT_IDS,
  evaluateSecurityDefaults,
  type SecurityDefaultsDecision,
  type SecurityDefaultsInput,
  type SignInClientAppType,
} from './security-defaults.js';
