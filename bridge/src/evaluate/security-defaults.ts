/**
 * SPEC §3.1, security defaults, for one sign-in. The TypeScript twin of the Java decision in the
 * `keyward-security-defaults` authenticator: both pass `test/vectors/security-defaults.json`.
 */

/** Client app type of an actual sign-in: an interactive browser flow, or the password grant. */
export type SignInClientAppType = 'browser' | 'other';

/** Keycloak's administration clients: MFA for everyone who signs in to them, a remember-MFA mark or not. */
export const DEFAULT_ADMIN_CLIENT_IDS: readonly string[] = ['security-admin-console', 'admin-cli'];

/** What the authenticator sees of one sign-in, as in the shared vectors. */
export interface SecurityDefaultsInput {
  securityDefaultsEnabled: boolean;
  clientAppType: SignInClientAppType;
  clientId: string;
  /** The user holds one of `mfaSettings.privilegedRoles` (effective roles, composites included). */
  isPrivileged: boolean;
  hasRememberMfaMark: boolean;
}

/** What security defaults ask of the sign-in; `none` also when the defaults are off. */
export interface SecurityDefaultsDecision {
  outcome: 'none' | 'mfa' | 'block';
  requiredBy: 'securityDefaults'[];
  blockedBy: 'securityDefaults' | null;
}

// A new object each time: callers (the what-if combiner) may add to requiredBy.
const nothing = (): SecurityDefaultsDecision => ({ outcome: 'none', requiredBy: [], blockedBy: null });

/**
 * Decides SPEC §3.1 for one sign-in. Client ids compare case-sensitively, as Keycloak's do, so a client
 * named like the admin console gets the ordinary rules. `adminClientIds` mirrors the authenticator's
 * `adminClients` configuration.
 */
export function evaluateSecurityDefaults(
  input: SecurityDefaultsInput,
  adminClientIds: readonly string[] = DEFAULT_ADMIN_CLIENT_IDS,
): SecurityDefaultsDecision {
  if (!input.securityDefaultsEnabled) return nothing();
  // Legacy authentication is off for everyone, before anything else: a blocked grant must not become a
  // password oracle, so no other rule may run first.
  if (input.clientAppType === 'other')
    return { outcome: 'block', requiredBy: [], blockedBy: 'securityDefaults' };
  // A remember-MFA mark stands in for MFA only for ordinary users on ordinary applications.
  const markCounts = !input.isPrivileged && !adminClientIds.includes(input.clientId);
  if (markCounts && input.hasRememberMfaMark) return nothing();
  return { outcome: 'mfa', requiredBy: ['securityDefaults'], blockedBy: null };
}
