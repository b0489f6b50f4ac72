import { keycloakAliasName } from '../policy/keycloak-names.js';
import type { ConditionalAccessPolicy, PolicyDocument } from '../policy/types.js';
import { type ExecutionSpec, KEYWARD_ALIAS_PREFIX, type UserProfileAttributeSpec } from './realm-fragment.js';
import { ADMIN_CLIENTS, canonicalJson, joinMultivalued } from './shared.js';

/** The sources of MFA requirements as Keycloak steps (docs/architecture.md, "Conditional Access and per-user MFA"). */

/** Authenticator ids of the extension's requirement steps. */
export const REQUIREMENT_AUTHENTICATORS = {
  securityDefaults: 'keyward-security-defaults',
  perUserMfa: 'keyward-per-user-mfa',
  caApplies: 'keyward-condition-ca-applies',
  caGrant: 'keyward-ca-grant',
  caDeferred: 'keyward-ca-deferred',
} as const;

/** Prefix of every Conditional Access sub-flow and config alias. */
export const CA_ALIAS_PREFIX = `${KEYWARD_ALIAS_PREFIX}CA - `;

const DIRECT_GRANT_SUFFIX = ' - direct grant';

/** The policies Keycloak evaluates: enabled and report-only, in document order. */
const evaluatedPolicies = (document: PolicyDocument): ConditionalAccessPolicy[] =>
  document.conditionalAccessPolicies.filter((policy) => policy.state !== 'disabled');

/** The sub-flow alias of a policy in the browser flow (`Keyward CA - <name>`) or the direct-grant flow. */
export function policyFlowAlias(displayName: string, clientAppType: 'browser' | 'other'): string {
  return `${CA_ALIAS_PREFIX}${keycloakAliasName(displayName)}${clientAppType === 'other' ? DIRECT_GRANT_SUFFIX : ''}`;
}

/**
 * The configuration both steps of a policy read: the normalised policy and the document's named locations, as
 * canonical compact JSON (keys sorted), so that the same document always gives the same text whatever the order of
 * its YAML keys, and a hand edit in the console shows up as drift.
 */
export function policyConfig(
  document: PolicyDocument,
  policy: ConditionalAccessPolicy,
  clientAppType: 'browser' | 'other' = 'browser',
): Record<string, string> {
  return {
    policy: JSON.stringify(canonicalJson(policy)),
    namedLocations: JSON.stringify(canonicalJson(document.namedLocations)),
    // Direct grant: an app password, checked after the username, may satisfy an `mfa` requirement, so such a
    // policy must not refuse before it (docs/architecture.md, "App passwords").
    ...(clientAppType === 'other' && document.mfaSettings.appPasswords.isAllowed
      ? { appPasswords: 'allowed' }
      : {}),
  };
}

function policySubFlow(
  document: PolicyDocument,
  policy: ConditionalAccessPolicy,
  clientAppType: 'browser' | 'other',
): ExecutionSpec {
  const alias = policyFlowAlias(policy.displayName, clientAppType);
  const config = policyConfig(document, policy, clientAppType);
  const state = policy.state === 'enabled' ? 'enforced' : 'report-only: evaluated and logged, never enforced';
  return {
    requirement: 'CONDITIONAL',
    flow: {
      alias,
      description: `Conditional Access policy '${policy.displayName}' (${state}). Edit the policy document, not this flow.`,
      executions: [
        {
          requirement: 'REQUIRED',
          authenticator: REQUIREMENT_AUTHENTICATORS.caApplies,
          config: { alias, config },
        },
        {
          requirement: 'REQUIRED',
          authenticator: REQUIREMENT_AUTHENTICATORS.caGrant,
          // Config aliases are unique per realm and the admin REST cannot share one config between two steps.
          config: { alias: `${alias} - grant`, config },
        },
      ],
    },
  };
}

const perUserMfaStep: ExecutionSpec = {
  requirement: 'REQUIRED',
  authenticator: REQUIREMENT_AUTHENTICATORS.perUserMfa,
};

/**
 * Steps that run before the first factor, on the direct grant only: security defaults, and every policy decided
 * from the request alone. They answer the same for every username and password, so a refusal is neither a
 * password oracle nor a username oracle; policies that depend on the user defer themselves to after the password.
 */
export function beforeFirstFactorSteps(
  document: PolicyDocument,
  clientAppType: 'browser' | 'other',
): ExecutionSpec[] {
  if (clientAppType === 'browser') return [];
  return [
    ...securityDefaultsStep(document, 'other'),
    ...evaluatedPolicies(document).map((policy) => policySubFlow(document, policy, 'other')),
  ];
}

/**
 * Every source of an MFA requirement, after the first factor: security defaults, per-user MFA, then one sub-flow
 * per Conditional Access policy in document order. Each only records what it requires (or refuses); the MFA step
 * asks once, at the strongest strength recorded. On the direct grant: per-user MFA, then the deferred policies.
 */
export function requirementSteps(
  document: PolicyDocument,
  clientAppType: 'browser' | 'other',
): ExecutionSpec[] {
  const policies = evaluatedPolicies(document);
  if (clientAppType === 'other') {
    return [
      perUserMfaStep,
      ...(policies.length > 0
        ? [{ requirement: 'REQUIRED' as const, authenticator: REQUIREMENT_AUTHENTICATORS.caDeferred }]
        : []),
    ];
  }
  return [
    ...securityDefaultsStep(document, 'browser'),
    perUserMfaStep,
    ...policies.map((policy) => policySubFlow(document, policy, 'browser')),
  ];
}

function securityDefaultsStep(document: PolicyDocument, clientAppType: 'browser' | 'other'): ExecutionSpec[] {
  if (!document.securityDefaults.isEnabled) return [];
  // Keycloak refuses brackets, commas and colons in configuration aliases.
  const suffix = clientAppType === 'other' ? DIRECT_GRANT_SUFFIX : '';
  return [
    {
      requirement: 'REQUIRED',
      authenticator: REQUIREMENT_AUTHENTICATORS.securityDefaults,
      config: {
        alias: `${KEYWARD_ALIAS_PREFIX}security defaults${suffix}`,
        config: {
          clientAppType,
          privilegedRoles: joinMultivalued(document.mfaSettings.privilegedRoles),
          adminClients: joinMultivalued(ADMIN_CLIENTS),
        },
      },
    },
  ];
}

/** The user attribute holding the per-user MFA state (SPEC §3.2); absent means `disabled`. */
export const PER_USER_MFA_ATTRIBUTE = 'keyward.perUserMfaState';

/** Values the per-user MFA attribute may hold; `disabled` is the attribute's absence. */
export const PER_USER_MFA_STORED_STATES = ['enabled', 'enforced'] as const;

/**
 * The extension's event listener: moves a per-user `enabled` user to `enforced` as soon as a method is registered.
 * Added to the realm's listeners, never replacing them.
 */
export const KEYWARD_EVENT_LISTENER = 'keyward';

/**
 * The user-profile declarations the sources need. Declared, the per-user state survives admin updates and realm
 * export/import (Keycloak drops undeclared attributes); admin-only, users can neither see nor change it through
 * the account console or API. The options validator refuses any other value at the admin API.
 */
export function requirementProfileAttributes(): UserProfileAttributeSpec[] {
  return [
    {
      name: PER_USER_MFA_ATTRIBUTE,
      displayName: 'Per-user MFA state (Keyward)',
      permissions: { view: ['admin'], edit: ['admin'] },
      validations: { options: { options: [...PER_USER_MFA_STORED_STATES] } },
      multivalued: false,
    },
  ];
}

/**
 * Realm settings the session controls need: `persistentBrowser: always` makes the SSO session a remember-me session,
 * which Keycloak (26.4+) honours only in a realm with "Remember me" on. Only ever turned on, never off: without such
 * a policy the realm's own choice stays.
 */
export function requirementRealmSettings(document: PolicyDocument): { rememberMe?: true } {
  const persistent = document.conditionalAccessPolicies.some(
    (policy) =>
      policy.state === 'enabled' &&
      policy.sessionControls.persistentBrowser.isEnabled &&
      policy.sessionControls.persistentBrowser.mode === 'always',
  );
  return persistent ? { rememberMe: true } : {};
}
