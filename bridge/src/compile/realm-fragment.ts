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
}

/** Everything Keyward manages in a realm. */
export interface RealmFragment {
  /** Top-level flows, each bound to one realm binding. */
  flows: { browser: FlowSpec; directGrant: FlowSpec };
  requiredActions: RequiredActionSpec[];
  realmRoles: { name: string; description: string }[];
  /** Realm attributes Keyward writes (the policy document itself, for `GET /v1/policy`). */
  attributes: Record<string, string>;
}

/** Prefix of every flow and configuration alias that Keyward owns; the reconciler never touches others. */
export const KEYWARD_ALIAS_PREFIX = 'Keyward ';

/** Realm attribute that stores the applied policy document (JSON). */
export const POLICY_ATTRIBUTE = 'keyward.policy';
