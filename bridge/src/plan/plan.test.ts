import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../compile/compile.js';
import type { FlowSpec, RealmFragment } from '../compile/realm-fragment.js';
import { parsePolicy } from '../policy/index.js';
import { diffLines, type LiveRealm, planChanges, renderFlow } from './plan.js';

function fragment(yaml: string): RealmFragment {
  const result = parsePolicy(`apiVersion: keyward/v1\n${yaml}`, 'test.yaml');
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return compilePolicy(result.document);
}

/** A live realm that already matches `desired`, as the adapter would read it back. */
function converged(desired: RealmFragment): LiveRealm {
  return {
    realm: 'acme',
    bindings: { browser: desired.flows.browser.alias, directGrant: desired.flows.directGrant.alias },
    flows: structuredClone([desired.flows.browser, desired.flows.directGrant]),
    requiredActions: desired.requiredActions.map((action) => ({ ...action, registered: true })),
    realmRoles: ['offline_access', ...desired.realmRoles.map((role) => role.name)],
    attributes: { ...desired.attributes },
    realmSettings: { ...desired.realmSettings },
    clientFlowOverrides: [],
    userProfileAttributes: structuredClone(desired.userProfileAttributes),
    eventListeners: ['jboss-logging', ...desired.eventListeners],
  };
}

const builtInBrowser: FlowSpec = {
  alias: 'browser',
  description: 'Browser based authentication',
  executions: [{ requirement: 'ALTERNATIVE', authenticator: 'auth-cookie' }],
};

describe('planChanges', () => {
  const desired = fragment('securityDefaults: { isEnabled: true }');

  it('finds nothing to do in a realm that matches', () => {
    expect(planChanges(desired, converged(desired)).changes).toEqual([]);
  });

  it('takes over a fresh realm in a safe order: role, required actions, flows, then the document', () => {
    const live: LiveRealm = {
      realm: 'acme',
      bindings: { browser: 'browser', directGrant: 'direct grant' },
      flows: [builtInBrowser],
      requiredActions: [
        { alias: 'CONFIGURE_TOTP', enabled: true, registered: true },
        { alias: 'webauthn-register', enabled: false, registered: true },
        { alias: 'webauthn-register-passwordless', enabled: true, registered: true },
        { alias: 'keyward-sign-in-details', enabled: false, registered: false },
      ],
      realmRoles: ['offline_access'],
      attributes: {},
      realmSettings: { loginTheme: '', webAuthnPolicyPasswordlessPasskeysEnabled: false },
      clientFlowOverrides: [{ clientId: 'legacy-app', binding: 'browser', flowAlias: 'browser' }],
      userProfileAttributes: [],
      eventListeners: ['jboss-logging'],
    };
    const kinds = planChanges(desired, live).changes.map((change) =>
      change.kind === 'replace-flow' ? `${change.kind}:${change.binding}` : change.kind,
    );
    expect(kinds).toEqual([
      'create-realm-role',
      'set-required-action',
      'register-required-action',
      'register-required-action',
      'declare-user-profile-attribute',
      'declare-user-profile-attribute',
      'add-event-listeners',
      'replace-flow:browser',
      'replace-flow:directGrant',
      'remove-client-flow-override',
      'set-realm-setting',
      'set-realm-setting',
      'set-attribute',
    ]);
  });

  it('shows a configuration edited by hand in the console as drift, line by line', () => {
    const live = converged(desired);
    const defaults = (live.flows[0] as FlowSpec).executions.find(
      (execution) => 'authenticator' in execution && execution.authenticator === 'keyward-security-defaults',
    ) as { config: { config: Record<string, string> } };
    defaults.config.config.privilegedRoles = 'nobody';
    const [change] = planChanges(desired, live).changes;
    expect(change?.kind).toBe('replace-flow');
    if (change?.kind !== 'replace-flow') return;
    expect(change.diff.filter((line) => line.startsWith('- '))).toHaveLength(1);
    expect(change.diff.find((line) => line.startsWith('- '))).toContain('privilegedRoles=nobody');
    expect(change.diff.find((line) => line.startsWith('+ '))).toContain(
      'privilegedRoles=realm-management/realm-admin',
    );
  });

  it('shows a requirement switched by hand as drift', () => {
    const live = converged(desired);
    (live.flows[1] as FlowSpec).executions[0] = {
      ...((live.flows[1] as FlowSpec).executions[0] as { requirement: 'REQUIRED'; authenticator: string }),
      requirement: 'DISABLED',
    };
    expect(planChanges(desired, live).changes.map((change) => change.kind)).toEqual(['replace-flow']);
  });

  it('deletes Keyward flows that nothing is bound to, and never a flow of its own that is still bound', () => {
    const live = converged(desired);
    live.flows.push({ alias: 'Keyward browser ~a1b2c3', description: '', executions: [] });
    live.flows.push({ alias: 'my own flow', description: '', executions: [] });
    expect(planChanges(desired, live).changes).toEqual([
      { kind: 'delete-flow', alias: 'Keyward browser ~a1b2c3' },
    ]);
  });

  it('replaces the flows when security defaults are switched off', () => {
    const off = fragment('securityDefaults: { isEnabled: false }');
    const changes = planChanges(off, converged(desired)).changes;
    expect(changes.map((change) => change.kind)).toEqual(['replace-flow', 'replace-flow', 'set-attribute']);
  });
});

describe('renderFlow and diffLines', () => {
  it('renders a tree an admin recognises from the console', () => {
    const lines = renderFlow(fragment('securityDefaults: { isEnabled: true }').flows.directGrant);
    expect(lines[0]).toBe('Keyward direct grant');
    expect(lines[1]).toMatch(/^├─ keyward-security-defaults \.+ REQUIRED$/);
    expect(lines[2]).toBe(
      "│    config 'Keyward security defaults - direct grant': adminClients=security-admin-console##admin-cli, " +
        'clientAppType=other, privilegedRoles=realm-management/realm-admin',
    );
    expect(lines[4]).toMatch(/^├─ direct-grant-validate-password \.+ REQUIRED$/);
    expect(lines[5]).toMatch(/^└─ keyward-per-user-mfa \.+ REQUIRED$/);
  });

  it('marks removed and added lines and keeps common ones', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual(['  a', '- b', '+ x', '  c']);
    expect(diffLines([], ['a'])).toEqual(['+ a']);
    expect(diffLines(['a'], [])).toEqual(['- a']);
  });
});
