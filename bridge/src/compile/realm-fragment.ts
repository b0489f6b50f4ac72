/**
 * The part of a Keycloak realm that Keyward owns, in a shape that both the compiler produces and the
 * Keycloak adapter reads back from a live realm, so that planning is a plain comparison.
 */

/** Keycloak's execution requirements. */
export type Requirement = 'REQUIRED' | 'ALTERNATIVE' | 'CONDITIONAL' | 'DISABLED';

/** An authenticator configuration, attached to exactly one execution. */
export interface AuthenticatorConfigSpec {
  alias: string;
  config: Record<string, string>;
}

/** One step of a flow: an authenticator (optionally configured) or a nested sub-flow. */
export type ExecutionSpec =
  | { requirement: Requirement; authenticator: string; config?: AuthenticatorConfigSpec }
  | { requirement: Requirement; flow: FlowSpec };

/** A flow with its executions in priority order. */
export interface FlowSpec {
  alias: string;
  description: string;
  executions: ExecutionSpec[];
}

/** A realm-level required action and whether Keyward needs it enabled. */
export interface RequiredActionSpec {
  alias: string;
  name: string;
  enabled: boolean;
  /** Keycloak runs attached required actions in priority order; set only where Keyward's chain depends on it. */
  priority?: number;
}

/**
 * A user-profile attribute Keyward declares, so that Keycloak keeps Keyward's user data (undeclared attributes are
 * dropped) and only admins see and change it (not the user, through the account console or API).
 */
export interface UserProfileAttributeSpec {
  name: string;
  displayName: string;
  permissions: { view: string[]; edit: string[] };
  /** Keycloak validators by id, e.g. `{ options: { options: ['enabled', 'enforced'] } }`. */
  validations: Record<string, Record<string, unknown>>;
  multivalued: boolean;
}

/** Top-level realm settings (Keycloak's realm representation keys) that Keyward sets. */
export interface RealmSettings {
  /** `keyward`, so that Keyward's pages (TAP sign-in, onboarding) and messages show. */
  loginTheme: string;
  /** The WebAuthn passwordless policy's "Enable Passkeys": passkeys on the username page (first-factor.ts). */
  webAuthnPolicyPasswordlessPasskeysEnabled: boolean;
  /**
   * Keycloak's "Remember me". Set (true) only when an enabled policy asks for `persistentBrowser: always`: since
   * Keycloak 26.4 a remember-me session is invalid in a realm without it. Absent: the realm's own choice stays.
   */
  rememberMe?: boolean;
  /** `keyward` when email codes are enabled: the code mails' templates. Absent: the realm's own choice stays. */
  emailTheme?: string;
}

/** Everything Keyward manages in a realm. */
export interface RealmFragment {
  /** Top-level flows, each bound to one realm binding. */
  flows: { browser: FlowSpec; directGrant: FlowSpec };
  requiredActions: RequiredActionSpec[];
  realmRoles: { name: string; description: string }[];
  /** Realm attributes Keyward writes (the policy document itself, for `GET /v1/policy`). */
  attributes: Record<string, string>;
  /** Top-level realm settings Keyward needs, e.g. its login theme so its pages and messages show. */
  realmSettings: RealmSettings;
  /** User-profile attributes that must be declared as given; the realm's other attributes stay as they are. */
  userProfileAttributes: UserProfileAttributeSpec[];
  /** Event listeners the realm must have; they are added to the realm's own, which stay. */
  eventListeners: string[];
}

/** Prefix of every flow and configuration alias that Keyward owns; the reconciler never touches others. */
export const KEYWARD_ALIAS_PREFIX = 'Keyward ';

/** Realm attribute that stores the applied policy document (JSON). */
export const POLICY_ATTRIBUTE = 'keyward.policy';
