/**
 * The Conditional Access part of a plan in an admin's words: which policies are added, removed, renamed, reordered or
 * changed, and which were edited by hand in Keycloak. Read from the flows themselves (each policy's sub-flow carries
 * the policy in its configuration), so it describes what Keycloak enforces, not what was last applied.
 */
import type { ExecutionSpec, FlowSpec } from '../compile/realm-fragment.js';
import { CA_ALIAS_PREFIX, REQUIREMENT_AUTHENTICATORS } from '../compile/requirements.js';
import { canonicalJson } from '../compile/shared.js';

interface FlowPolicy {
  name: string;
  /** The policy's JSON without its name, to recognise a rename. */
  body: string;
  /** The policy's JSON, to recognise a change. */
  json: string;
  /** The sub-flow as Keycloak holds it, to recognise a hand edit that the policy text does not show. */
  shape: string;
  value: Record<string, unknown> | undefined;
}

function policiesOf(flow: FlowSpec | undefined): FlowPolicy[] {
  const found: FlowPolicy[] = [];
  const walk = (executions: ExecutionSpec[]) => {
    for (const execution of executions) {
      if (!('flow' in execution)) continue;
      const sub = execution.flow;
      if (sub.alias.startsWith(CA_ALIAS_PREFIX)) {
        const condition = sub.executions.find(
          (step) => 'authenticator' in step && step.authenticator === REQUIREMENT_AUTHENTICATORS.caApplies,
        );
        const text = condition && 'authenticator' in condition ? condition.config?.config.policy : undefined;
        let value: Record<string, unknown> | undefined;
        try {
          value = text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
        } catch {
          value = undefined;
        }
        const name =
          typeof value?.displayName === 'string'
            ? value.displayName
            : sub.alias.slice(CA_ALIAS_PREFIX.length);
        const { displayName: _name, ...body } = value ?? {};
        found.push({
          name,
          body: JSON.stringify(body),
          json: text ?? '',
          // Keycloak returns config maps in its own key order: compare canonically.
          shape: JSON.stringify(canonicalJson({ requirement: execution.requirement, flow: sub })),
          value,
        });
      } else {
        walk(sub.executions);
      }
    }
  };
  walk(flow?.executions ?? []);
  return found;
}

/** The top-level and second-level keys in which two policies differ, e.g. `conditions.users`, `state`. */
function changedPaths(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
) {
  const paths: string[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const a = before?.[key];
    const b = after?.[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const nested =
      a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)
        ? changedPaths(a as Record<string, unknown>, b as Record<string, unknown>).map(
            (path) => `${key}.${path.split('.')[0]}`,
          )
        : [];
    paths.push(...(nested.length > 0 ? [...new Set(nested)] : [key]));
  }
  return paths;
}

const stateLabel = (value: Record<string, unknown> | undefined) =>
  value?.state === 'enabledForReportingButNotEnforced' ? 'report-only' : String(value?.state ?? 'unreadable');

/**
 * One line per policy-level change between the live browser flow and the desired one: `+ add`, `- remove`,
 * `~ rename`, `~ change` (with what changed), `↕ reorder`, and `! drift` for a policy whose sub-flow was edited in
 * Keycloak while its text still matches. Empty when the policies are the same.
 */
export function describePolicyChanges(live: FlowSpec | undefined, desired: FlowSpec): string[] {
  const before = policiesOf(live);
  const after = policiesOf(desired);
  const lines: string[] = [];
  const beforeNames = new Set(before.map((policy) => policy.name));
  const afterNames = new Set(after.map((policy) => policy.name));

  const removed = before.filter((policy) => !afterNames.has(policy.name));
  const added = after.filter((policy) => !beforeNames.has(policy.name));
  const renamed = new Map<string, string>();
  for (const policy of added) {
    const original = removed.find(
      (candidate) => candidate.body === policy.body && !renamed.has(candidate.name),
    );
    if (original) renamed.set(original.name, policy.name);
  }
  const renamedTo = new Set(renamed.values());

  for (const [from, to] of renamed) lines.push(`~ rename policy '${from}' to '${to}'`);
  for (const policy of added) {
    if (!renamedTo.has(policy.name))
      lines.push(`+ add policy '${policy.name}' (${stateLabel(policy.value)})`);
  }
  for (const policy of removed) if (!renamed.has(policy.name)) lines.push(`- remove policy '${policy.name}'`);
  for (const policy of after) {
    const current = before.find((candidate) => candidate.name === policy.name);
    if (!current) continue;
    if (current.json !== policy.json) {
      const paths = changedPaths(current.value, policy.value);
      const state =
        current.value?.state !== policy.value?.state
          ? ` (${stateLabel(current.value)} → ${stateLabel(policy.value)})`
          : '';
      lines.push(`~ change policy '${policy.name}': ${paths.join(', ') || 'its configuration'}${state}`);
    } else if (current.shape !== policy.shape) {
      lines.push(`! policy '${policy.name}' was edited in Keycloak (drift); apply restores it`);
    }
  }

  // Order among the policies that stay (renamed ones under their new name).
  const keptBefore = before
    .map((policy) => renamed.get(policy.name) ?? policy.name)
    .filter((name) => afterNames.has(name));
  const keptAfter = after.map((policy) => policy.name).filter((name) => keptBefore.includes(name));
  if (keptBefore.join('\n') !== keptAfter.join('\n')) {
    lines.push(`↕ reorder policies: ${keptBefore.join(', ')} → ${keptAfter.join(', ')}`);
  }
  return lines;
}
