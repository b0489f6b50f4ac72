import {
  type ExecutionSpec,
  type FlowSpec,
  KEYWARD_ALIAS_PREFIX,
  type RealmFragment,
  type RealmSettings,
  type UserProfileAttributeSpec,
} from '../compile/realm-fragment.js';
import { canonicalJson } from '../compile/shared.js';
import { describePolicyChanges } from './policies.js';

/** Which realm binding a top-level flow serves. */
export type FlowBinding = 'browser' | 'directGrant';

/** What the Keycloak adapter read from a live realm, in the compiler's shapes. */
export interface LiveRealm {
  realm: string;
  /** Aliases of the flows currently bound. */
  bindings: Record<FlowBinding, string>;
  /** Top-level flows that are bound or whose alias starts with `Keyward `, read as trees. */
  flows: FlowSpec[];
  requiredActions: { alias: string; enabled: boolean; registered: boolean; priority?: number }[];
  realmRoles: string[];
  attributes: Record<string, string>;
  realmSettings: RealmSettings;
  /** Per-client flow overrides (Keycloak's `authenticationFlowBindingOverrides`), which would bypass Keyward. */
  clientFlowOverrides: { clientId: string; binding: 'browser' | 'direct_grant'; flowAlias: string }[];
  /** The user-profile attributes whose names start with `keyward.`, as declared. */
  userProfileAttributes: UserProfileAttributeSpec[];
  eventListeners: string[];
}

/** One step the reconciler will take; the union is exhaustive so apply can `switch` on `kind`. */
export type Change =
  | { kind: 'create-realm-role'; name: string; description: string }
  | { kind: 'register-required-action'; alias: string; name: string; enabled: boolean; priority?: number }
  | { kind: 'set-required-action'; alias: string; enabled: boolean; priority?: number }
  | {
      kind: 'replace-flow';
      binding: FlowBinding;
      desired: FlowSpec;
      liveAlias: string;
      diff: string[];
      /** Conditional Access in an admin's words (browser flow only): added, removed, renamed, reordered, drift. */
      policyChanges?: string[];
    }
  | { kind: 'delete-flow'; alias: string }
  | { kind: 'set-attribute'; key: string; value: string }
  | { kind: 'declare-user-profile-attribute'; attribute: UserProfileAttributeSpec; existed: boolean }
  | { kind: 'add-event-listeners'; listeners: string[] }
  | {
      kind: 'set-realm-setting';
      key: keyof RealmSettings;
      from: RealmSettings[keyof RealmSettings];
      to: RealmSettings[keyof RealmSettings];
    }
  | {
      kind: 'remove-client-flow-override';
      clientId: string;
      binding: 'browser' | 'direct_grant';
      flowAlias: string;
    };

/** The ordered changes that turn the live realm into the desired one; empty when nothing differs. */
export interface Plan {
  realm: string;
  changes: Change[];
}

const requirementWidth = 52;

/** Renders a flow as the indented tree an admin sees in Keycloak's console, one line per step. */
export function renderFlow(flow: FlowSpec): string[] {
  const lines = [flow.alias];
  const walk = (executions: ExecutionSpec[], indent: string): void => {
    executions.forEach((execution, index) => {
      const last = index === executions.length - 1;
      const branch = `${indent}${last ? '└─ ' : '├─ '}`;
      const label = 'flow' in execution ? execution.flow.alias : execution.authenticator;
      const childIndent = `${indent}${last ? '   ' : '│  '}`;
      lines.push(`${`${branch}${label} `.padEnd(requirementWidth, '.')} ${execution.requirement}`);
      if ('authenticator' in execution && execution.config) {
        lines.push(
          `${childIndent}  config '${execution.config.alias}': ${renderConfig(execution.config.config)}`,
        );
      }
      if ('flow' in execution) walk(execution.flow.executions, childIndent);
    });
  };
  walk(flow.executions, '');
  return lines;
}

function renderConfig(config: Record<string, string>): string {
  return Object.keys(config)
    .sort()
    .map((key) => `${key}=${config[key]}`)
    .join(', ');
}

/** A line diff (longest common subsequence): unchanged lines start with two spaces, others with `- ` or `+ `. */
export function diffLines(before: string[], after: string[]): string[] {
  const lengths: number[][] = Array.from({ length: before.length + 1 }, () =>
    new Array<number>(after.length + 1).fill(0),
  );
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      const row = lengths[i] as number[];
      const below = lengths[i + 1] as number[];
      row[j] =
        before[i] === after[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      out.push(`  ${before[i]}`);
      i++;
      j++;
    } else if (
      i < before.length &&
      (j === after.length || (lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0))
    ) {
      out.push(`- ${before[i]}`);
      i++;
    } else {
      out.push(`+ ${after[j]}`);
      j++;
    }
  }
  return out;
}

/** Structural equality of two flow trees: aliases, order, requirements, authenticators and configs. */
export function sameFlow(a: FlowSpec, b: FlowSpec): boolean {
  return JSON.stringify(canonicalFlow(a)) === JSON.stringify(canonicalFlow(b));
}

function canonicalFlow(flow: FlowSpec): unknown {
  return {
    alias: flow.alias,
    description: flow.description,
    executions: flow.executions.map((execution) =>
      'flow' in execution
        ? { requirement: execution.requirement, flow: canonicalFlow(execution.flow) }
        : {
            requirement: execution.requirement,
            authenticator: execution.authenticator,
            config: execution.config
              ? { alias: execution.config.alias, config: Object.entries(execution.config.config).sort() }
              : null,
          },
    ),
  };
}

/**
 * Compares the desired fragment with the live realm and lists the changes, in the order apply must take
 * them: roles and required actions before the flows that rely on them, the policy attribute last so that
 * an interrupted apply never claims a document it did not finish applying.
 */
export function planChanges(desired: RealmFragment, live: LiveRealm): Plan {
  const changes: Change[] = [];

  for (const role of desired.realmRoles) {
    if (!live.realmRoles.includes(role.name)) changes.push({ kind: 'create-realm-role', ...role });
  }

  for (const action of desired.requiredActions) {
    const current = live.requiredActions.find((candidate) => candidate.alias === action.alias);
    if (!current?.registered) {
      changes.push({
        kind: 'register-required-action',
        alias: action.alias,
        name: action.name,
        enabled: action.enabled,
        ...(action.priority === undefined ? {} : { priority: action.priority }),
      });
    } else if (
      current.enabled !== action.enabled ||
      (action.priority !== undefined && current.priority !== action.priority)
    ) {
      changes.push({
        kind: 'set-required-action',
        alias: action.alias,
        enabled: action.enabled,
        ...(action.priority === undefined ? {} : { priority: action.priority }),
      });
    }
  }

  // Declared before the flows whose steps read the attributes.
  for (const attribute of desired.userProfileAttributes) {
    const current = live.userProfileAttributes.find((candidate) => candidate.name === attribute.name);
    if (!current || !sameProfileAttribute(current, attribute)) {
      changes.push({ kind: 'declare-user-profile-attribute', attribute, existed: current !== undefined });
    }
  }
  const missingListeners = desired.eventListeners.filter(
    (listener) => !live.eventListeners.includes(listener),
  );
  if (missingListeners.length > 0) changes.push({ kind: 'add-event-listeners', listeners: missingListeners });

  const keptAliases = new Set<string>();
  for (const binding of ['browser', 'directGrant'] as const) {
    const wanted = desired.flows[binding];
    const boundAlias = live.bindings[binding];
    const bound = live.flows.find((flow) => flow.alias === boundAlias);
    keptAliases.add(wanted.alias);
    if (bound && sameFlow(bound, wanted)) continue;
    const diff = diffLines(bound ? renderFlow(bound) : [], renderFlow(wanted));
    const policyChanges = binding === 'browser' ? describePolicyChanges(bound, wanted) : [];
    changes.push({
      kind: 'replace-flow',
      binding,
      desired: wanted,
      liveAlias: boundAlias,
      diff,
      policyChanges,
    });
  }

  // A client bound to another flow would sign its users in past every Keyward rule.
  for (const override of live.clientFlowOverrides)
    changes.push({ kind: 'remove-client-flow-override', ...override });

  // Keyward flows that no binding uses any more (renamed, or left by an interrupted apply).
  for (const flow of live.flows) {
    if (flow.alias.startsWith(KEYWARD_ALIAS_PREFIX) && !keptAliases.has(flow.alias)) {
      const stillBound = Object.values(live.bindings).includes(flow.alias);
      if (!stillBound) changes.push({ kind: 'delete-flow', alias: flow.alias });
    }
  }

  for (const key of Object.keys(desired.realmSettings) as (keyof RealmSettings)[]) {
    if (live.realmSettings[key] !== desired.realmSettings[key]) {
      changes.push({
        kind: 'set-realm-setting',
        key,
        from: live.realmSettings[key],
        to: desired.realmSettings[key],
      });
    }
  }

  for (const [key, value] of Object.entries(desired.attributes)) {
    if (live.attributes[key] !== value) changes.push({ kind: 'set-attribute', key, value });
  }

  return { realm: live.realm, changes };
}

/** Whether a declared user-profile attribute says what Keyward needs (other keys Keycloak adds are ignored). */
function sameProfileAttribute(a: UserProfileAttributeSpec, b: UserProfileAttributeSpec): boolean {
  const canonical = (attribute: UserProfileAttributeSpec) =>
    JSON.stringify({
      displayName: attribute.displayName,
      view: [...attribute.permissions.view].sort(),
      edit: [...attribute.permissions.edit].sort(),
      validations: canonicalJson(attribute.validations),
      multivalued: attribute.multivalued,
    });
  return canonical(a) === canonical(b);
}
