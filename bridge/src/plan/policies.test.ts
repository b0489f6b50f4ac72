import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../compile/compile.js';
import type { FlowSpec } from '../compile/realm-fragment.js';
import { parsePolicy } from '../policy/index.js';
import { describePolicyChanges } from './policies.js';

const policy = (name: string, grant = '[mfa]', state = 'enabled') => [
  `  - displayName: ${name}`,
  `    state: ${state}`,
  '    conditions:',
  '      users: { includeUsers: [All] }',
  '      applications: { includeApplications: [All] }',
  `    grantControls: { builtInControls: ${grant} }`,
];

function browser(...policies: string[][]): FlowSpec {
  const text = ['apiVersion: keyward/v1', 'conditionalAccessPolicies:', ...policies.flat()].join('\n');
  const parsed = parsePolicy(policies.length > 0 ? text : 'apiVersion: keyward/v1', 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  return compilePolicy(parsed.document).flows.browser;
}

describe('describePolicyChanges', () => {
  it('says nothing when the policies are the same', () => {
    expect(describePolicyChanges(browser(policy('A')), browser(policy('A')))).toEqual([]);
  });

  it('names added and removed policies', () => {
    expect(describePolicyChanges(browser(policy('A')), browser(policy('A'), policy('B', '[block]')))).toEqual(
      ["+ add policy 'B' (enabled)"],
    );
    expect(describePolicyChanges(browser(policy('A'), policy('B')), browser(policy('B')))).toEqual([
      "- remove policy 'A'",
    ]);
    expect(
      describePolicyChanges(undefined, browser(policy('A', '[mfa]', 'enabledForReportingButNotEnforced'))),
    ).toEqual(["+ add policy 'A' (report-only)"]);
  });

  it('recognises a rename: same policy, new name', () => {
    expect(
      describePolicyChanges(
        browser(policy('A'), policy('B', '[block]')),
        browser(policy('A'), policy('C', '[block]')),
      ),
    ).toEqual(["~ rename policy 'B' to 'C'"]);
  });

  it('recognises a reorder, also together with a rename', () => {
    expect(
      describePolicyChanges(
        browser(policy('A'), policy('B', '[block]')),
        browser(policy('B', '[block]'), policy('A')),
      ),
    ).toEqual(['↕ reorder policies: A, B → B, A']);
    expect(
      describePolicyChanges(
        browser(policy('A'), policy('B', '[block]')),
        browser(policy('C', '[block]'), policy('A')),
      ),
    ).toEqual(["~ rename policy 'B' to 'C'", '↕ reorder policies: A, C → C, A']);
  });

  it('names what changed in a policy, and a change of state', () => {
    expect(describePolicyChanges(browser(policy('A')), browser(policy('A', '[block]')))).toEqual([
      "~ change policy 'A': grantControls.builtInControls",
    ]);
    expect(
      describePolicyChanges(
        browser(policy('A')),
        browser(policy('A', '[mfa]', 'enabledForReportingButNotEnforced')),
      ),
    ).toEqual(["~ change policy 'A': state (enabled → report-only)"]);
  });

  it('does not mistake the key order of a configuration read back from Keycloak for drift', () => {
    const live = structuredClone(browser(policy('A')));
    const sub = live.executions.find(
      (execution) => 'flow' in execution && execution.flow.alias === 'Keyward CA - A',
    );
    if (!sub || !('flow' in sub)) throw new Error('no sub-flow');
    for (const step of sub.flow.executions) {
      if ('authenticator' in step && step.config) {
        step.config.config = Object.fromEntries(Object.entries(step.config.config).reverse());
      }
    }
    expect(describePolicyChanges(live, browser(policy('A')))).toEqual([]);
  });

  it('reports a sub-flow edited by hand as drift', () => {
    const live = browser(policy('A'));
    const sub = live.executions.find(
      (execution) => 'flow' in execution && execution.flow.alias === 'Keyward CA - A',
    );
    if (!sub) throw new Error('no sub-flow');
    sub.requirement = 'DISABLED';
    expect(describePolicyChanges(live, browser(policy('A')))).toEqual([
      "! policy 'A' was edited in Keycloak (drift); apply restores it",
    ]);
  });
});
