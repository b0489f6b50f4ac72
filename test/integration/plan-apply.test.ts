/**
 * Plan and apply of Conditional Access through the real CLI against a real Keycloak (SPEC §3.10–3.11, §7): readable
 * plans for adding, removing, renaming and reordering policies and for hand edits (drift); no orphan flows,
 * executions or configs afterwards; an interrupted apply converges when run again; two applies at once do not
 * interleave; the lock-out guard and the mutual exclusion with security defaults refuse with what to change; and
 * `keyward whatif`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acquireApplyLock } from '../../bridge/src/keycloak/admin/apply-lock.js';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { type CaRealm, createCaRealm, PAYROLL_CLIENT_ID, testDocument } from '../support/ca-realm.js';
import { type CliResult, CliTimeoutError, runCli } from '../support/cli.js';
import { adminClient, createTestRealm, deleteRealm } from '../support/realm-fixture.js';

const server = inject('keycloak');

const cliEnv = {
  KEYWARD_KEYCLOAK_URL: server.url,
  KEYWARD_ADMIN_USERNAME: server.adminUsername,
  KEYWARD_ADMIN_PASSWORD: server.adminPassword,
};
const keyward = (...args: string[]): Promise<CliResult> => runCli(args, cliEnv);

const workDir = mkdtempSync(join(tmpdir(), 'keyward-plan-apply-'));
let ca: CaRealm;

/** A policy requiring `grant` of everyone but the break-glass account, optionally for one application. */
const policy = (name: string, grant = '[mfa]', app = 'All') => [
  `  - displayName: ${JSON.stringify(name)}`,
  '    state: enabled',
  '    conditions:',
  '      users: { includeUsers: [All], excludeUsers: [break-glass-1] }',
  `      applications: { includeApplications: [${app}] }`,
  `    grantControls: { builtInControls: ${grant} }`,
];

function writePolicy(file: string, ...policies: string[][]): string {
  const path = join(workDir, file);
  const lines = [
    'apiVersion: keyward/v1',
    ...(policies.length > 0 ? ['conditionalAccessPolicies:', ...policies.flat()] : []),
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const A = policy('Require MFA');
const B = policy('Block payroll for now', '[block]', PAYROLL_CLIENT_ID);
const C = policy('Change password on payroll', '[passwordChange]', PAYROLL_CLIENT_ID);

async function apply(file: string, ...extra: string[]): Promise<CliResult> {
  const result = await keyward('apply', '-f', file, '--realm', ca.realm.name, ...extra);
  expect(result, result.stderr).toMatchObject({ code: 0 });
  return result;
}

async function plan(file: string, ...extra: string[]): Promise<CliResult> {
  return keyward('plan', '-f', file, '--realm', ca.realm.name, ...extra);
}

interface ExportedFlow {
  alias: string;
  topLevel: boolean;
  authenticationExecutions: { flowAlias?: string; authenticatorConfig?: string }[];
}

/** Every flow, sub-flow and authenticator config the realm holds is in use, and nothing half-built is left. */
async function expectNoOrphans(realm: string, policies: number): Promise<void> {
  const admin = await adminClient(server);
  const exported = (await admin.realms.export({ realm })) as {
    authenticationFlows: ExportedFlow[];
    authenticatorConfig: { alias: string }[];
  };
  const flows = exported.authenticationFlows;
  const referencedFlows = flows.flatMap((flow) =>
    flow.authenticationExecutions.flatMap((execution) => (execution.flowAlias ? [execution.flowAlias] : [])),
  );
  const referencedConfigs = new Set(
    flows.flatMap((flow) =>
      flow.authenticationExecutions.flatMap((execution) =>
        execution.authenticatorConfig ? [execution.authenticatorConfig] : [],
      ),
    ),
  );
  for (const flow of flows.filter((candidate) => !candidate.topLevel)) {
    expect(
      referencedFlows.filter((alias) => alias === flow.alias),
      `sub-flow ${flow.alias}`,
    ).toHaveLength(1);
  }
  for (const config of exported.authenticatorConfig) {
    expect(referencedConfigs.has(config.alias), `config ${config.alias}`).toBe(true);
  }
  expect(flows.filter((flow) => flow.alias.includes(' ~')).map((flow) => flow.alias)).toEqual([]);
  expect(
    flows
      .filter((flow) => flow.topLevel && flow.alias.startsWith('Keyward'))
      .map((flow) => flow.alias)
      .sort(),
  ).toEqual(['Keyward browser', 'Keyward direct grant']);
  expect(flows.some((flow) => flow.alias === 'keyward-apply-lock')).toBe(false);
  // Each policy: one sub-flow in each flow, two configs in each.
  expect(flows.filter((flow) => flow.alias.startsWith('Keyward CA - '))).toHaveLength(policies * 2);
  expect(
    exported.authenticatorConfig.filter((config) => config.alias.startsWith('Keyward CA - ')),
  ).toHaveLength(policies * 4);
}

beforeAll(async () => {
  ca = await createCaRealm(server, 'plan-apply');
});

afterAll(async () => {
  await deleteRealm(ca.realm);
  rmSync(workDir, { recursive: true, force: true });
});

describe('plan, in words an admin reads', () => {
  beforeAll(async () => {
    await apply(writePolicy('abc.yaml', A, B, C));
    await expectNoOrphans(ca.realm.name, 3);
  });

  it('adds a policy', async () => {
    const result = await plan(
      writePolicy('add.yaml', A, B, C, policy('Require MFA for payroll', '[mfa]', PAYROLL_CLIENT_ID)),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("+ add policy 'Require MFA for payroll' (enabled)");
    expect(result.stdout).toMatch(/\+ ├─ Keyward CA - Require MFA for payroll \.+ CONDITIONAL/);
  });

  it('removes a policy', async () => {
    const result = await plan(writePolicy('remove.yaml', A, C));
    expect(result.stdout).toContain("- remove policy 'Block payroll for now'");
    expect(result.stdout).toMatch(/- ├─ Keyward CA - Block payroll for now \.+ CONDITIONAL/);
    expect(result.stdout).not.toContain("policy 'Require MFA'");
  });

  it('renames a policy', async () => {
    const renamed = policy('Block payroll until audited', '[block]', PAYROLL_CLIENT_ID);
    const result = await plan(writePolicy('rename.yaml', A, renamed, C));
    expect(result.stdout).toContain(
      "~ rename policy 'Block payroll for now' to 'Block payroll until audited'",
    );
    expect(result.stdout).not.toContain('+ add policy');
    expect(result.stdout).not.toContain('- remove policy');
  });

  it('reorders policies', async () => {
    const result = await plan(writePolicy('reorder.yaml', C, A, B));
    expect(result.stdout).toContain(
      '↕ reorder policies: Require MFA, Block payroll for now, Change password on payroll → ' +
        'Change password on payroll, Require MFA, Block payroll for now',
    );
  });

  it('shows what changed inside a policy, also as JSON', async () => {
    const result = await plan(
      writePolicy('change.yaml', policy('Require MFA', '[block]'), B, C),
      '--output',
      'json',
    );
    const parsed = JSON.parse(result.stdout) as { changes: { kind: string; policyChanges?: string[] }[] };
    const browser = parsed.changes.find(
      (change) => change.kind === 'replace-flow' && change.policyChanges?.length,
    );
    expect(browser?.policyChanges).toEqual(["~ change policy 'Require MFA': grantControls.builtInControls"]);
  });

  it('shows hand edits in the console as drift, and apply puts them right', async () => {
    const admin = await adminClient(server);
    const realm = ca.realm.name;
    // An admin switches one policy's sub-flow off and edits another policy's grant configuration.
    const executions = (await admin.authenticationManagement.getExecutions({
      realm,
      flow: 'Keyward browser',
    })) as {
      id: string;
      displayName: string;
      requirement: string;
      authenticationConfig?: string;
      providerId?: string;
      level: number;
      index: number;
    }[];
    const subFlow = executions.find((execution) => execution.displayName === 'Keyward CA - Require MFA');
    await admin.authenticationManagement.updateExecution(
      { realm, flow: 'Keyward browser' },
      { ...subFlow, requirement: 'DISABLED' },
    );
    const grant = executions.find(
      (execution) =>
        execution.providerId === 'keyward-ca-grant' &&
        execution.authenticationConfig &&
        execution.index === 1 &&
        execution.level === 1,
    );
    const config = await admin.authenticationManagement.getConfig({
      realm,
      id: String(grant?.authenticationConfig),
    });
    await admin.authenticationManagement.updateConfig({
      realm,
      id: String(config.id),
      ...config,
      config: { ...config.config, namedLocations: '[]x' },
    });

    const abc = writePolicy('abc.yaml', A, B, C);
    const drift = await plan(abc);
    expect(drift.stdout).toContain(
      "! policy 'Require MFA' was edited in Keycloak (drift); apply restores it",
    );
    expect(drift.stdout).toMatch(/- ├─ Keyward CA - Require MFA \.+ DISABLED/);
    expect(drift.stdout).toMatch(/\+ ├─ Keyward CA - Require MFA \.+ CONDITIONAL/);
    expect(drift.stdout).toContain('namedLocations=[]x');

    await apply(abc);
    expect((await plan(abc)).stdout).toBe(`No changes. Realm '${realm}' matches the document.\n`);
    await expectNoOrphans(realm, 3);
  });

  it('leaves no orphan flows, executions or configs after adding, removing, renaming and reordering', async () => {
    const steps: [string, string[][]][] = [
      ['1.yaml', [A, B, C, policy('Fourth', '[mfa]', PAYROLL_CLIENT_ID)]],
      ['2.yaml', [A, C]],
      ['3.yaml', [C, policy('Require MFA everywhere')]],
      ['4.yaml', [policy('Require MFA everywhere'), C, B]],
      ['5.yaml', []],
      ['6.yaml', [A, B, C]],
    ];
    for (const [file, policies] of steps) {
      const path = writePolicy(file, ...policies);
      await apply(path);
      expect((await plan(path)).stdout).toMatch(/^No changes\./);
      await expectNoOrphans(ca.realm.name, policies.length);
    }
  });
});

describe('apply, grown up', () => {
  const many = (suffix: string) =>
    Array.from({ length: 12 }, (_, index) =>
      policy(`Policy ${index + 1} ${suffix}`, '[mfa]', index % 2 ? 'All' : PAYROLL_CLIENT_ID),
    );

  it('converges when an apply killed half-way is run again, without waiting for the dead apply', async () => {
    const first = writePolicy('many-x.yaml', ...many('x'));
    const second = writePolicy('many-y.yaml', ...many('y'));
    const started = Date.now();
    await apply(first);
    const fullApply = Date.now() - started;
    let interrupted = 0;
    for (const [index, fraction] of [0.45, 0.6, 0.75, 0.9].entries()) {
      const file = index % 2 === 0 ? second : first;
      try {
        await runCli(['apply', '-f', file, '--realm', ca.realm.name], cliEnv, {
          timeoutMs: Math.round(fullApply * fraction),
        });
      } catch (error) {
        if (!(error instanceof CliTimeoutError)) throw error;
      }
      if (!(await plan(file)).stdout.startsWith('No changes.')) interrupted++;
      // The killed apply's lock does not hold this one up: its process is gone.
      const rerun = Date.now();
      await apply(file);
      expect(Date.now() - rerun).toBeLessThan(fullApply + 20_000);
      expect((await plan(file)).stdout).toMatch(/^No changes\./);
      await expectNoOrphans(ca.realm.name, 12);
    }
    expect(interrupted).toBeGreaterThan(0);
  });

  it('makes an apply wait while another holds the realm, and changes nothing until it is released', async () => {
    // A document the realm does not have yet (earlier tests applied the x and y sets).
    const first = writePolicy('held.yaml', ...many('held'));
    // Another apply holds the realm's lock (taken here through the library, as a second admin's run would).
    const lock = await acquireApplyLock(await adminClient(server), ca.realm.name, { owner: 'other-admin' });
    const waiting = keyward('apply', '-f', first, '--realm', ca.realm.name);
    let released = false;
    try {
      await new Promise((resolve) => setTimeout(resolve, 4000));
      // Still held: the waiting apply has not touched the realm.
      expect((await plan(first)).stdout.startsWith('No changes.')).toBe(false);
    } finally {
      await lock.release();
      released = true;
    }
    const result = await waiting;
    expect(released).toBe(true);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Waiting for another apply of realm '.*' to finish \(other-admin, since /);
    expect((await plan(first)).stdout.startsWith('No changes.')).toBe(true);
  });

  it('never interleaves two applies started at once: the realm ends as exactly one document', async () => {
    const first = writePolicy('race-x.yaml', ...many('x'));
    const second = writePolicy('race-y.yaml', ...many('y'));
    const [x, y] = await Promise.all([
      keyward('apply', '-f', first, '--realm', ca.realm.name),
      keyward('apply', '-f', second, '--realm', ca.realm.name),
    ]);
    expect(x.code, x.stderr).toBe(0);
    expect(y.code, y.stderr).toBe(0);
    const clean = [(await plan(first)).stdout, (await plan(second)).stdout].filter((stdout) =>
      stdout.startsWith('No changes.'),
    );
    expect(clean).toHaveLength(1);
    await expectNoOrphans(ca.realm.name, 12);
  });

  it('serialises applies made through the library too', async () => {
    const documents = [
      testDocument('conditionalAccessPolicies:', ...A),
      testDocument('conditionalAccessPolicies:', ...A, ...B),
    ];
    // Two admins, each with their own session, as two bridge instances would be.
    const results = await Promise.all(
      documents.map(async (document) => applyDocument(await adminClient(server), ca.realm.name, document)),
    );
    for (const result of results) expect(result.remaining.changes).toEqual([]);
    await expectNoOrphans(
      ca.realm.name,
      (await plan(writePolicy('ab.yaml', A, B))).stdout.startsWith('No changes.') ? 2 : 1,
    );
  });
});

describe('the lock-out guard (SPEC §3.11)', () => {
  const blockAll = [
    '  - displayName: Block everyone',
    '    state: enabled',
    '    conditions:',
    '      users: { includeUsers: [All] }',
    '      applications: { includeApplications: [All] }',
    '    grantControls: { builtInControls: [block] }',
  ];

  it('refuses a document under which no administrator could sign in, and says what to change', async () => {
    const file = writePolicy('lockout.yaml', blockAll);
    const before = await (await adminClient(server)).realms.findOne({ realm: ca.realm.name });
    for (const command of ['plan', 'apply']) {
      const result = await keyward(command, '-f', file, '--realm', ca.realm.name);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'error: no privileged user (roles: realm-management/realm-admin) could sign in',
      );
      expect(result.stderr).toContain("ada: blocked by policy 'Block everyone'");
      expect(result.stderr).toContain("break-glass-1: blocked by policy 'Block everyone'");
      expect(result.stderr).toContain('conditions.users.excludeUsers');
      expect(result.stderr).toContain('--i-understand-lockout');
      expect(result.stderr).toContain(`Nothing was changed in realm '${ca.realm.name}'.`);
    }
    const after = await (await adminClient(server)).realms.findOne({ realm: ca.realm.name });
    expect(after?.attributes?.['keyward.policy']).toBe(before?.attributes?.['keyward.policy']);
  });

  it('goes ahead with --i-understand-lockout, and warns that no break-glass account exists', async () => {
    const file = writePolicy('lockout.yaml', blockAll);
    const result = await keyward('apply', '-f', file, '--realm', ca.realm.name, '--i-understand-lockout');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Going ahead: --i-understand-lockout was given.');
    expect(result.stderr).toContain('warning: no break-glass account');
    // Undo, with a break-glass account: no warning any more.
    const undo = await keyward('apply', '-f', writePolicy('abc.yaml', A, B, C), '--realm', ca.realm.name);
    expect(undo.code).toBe(0);
    expect(undo.stderr).not.toContain('break-glass');
  });

  it('accepts the block once a privileged break-glass account is excluded', async () => {
    const file = writePolicy('lockout-ok.yaml', policy('Block everyone', '[block]'));
    const result = await keyward('plan', '-f', file, '--realm', ca.realm.name);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('warns when a policy applies to the account that runs the command', async () => {
    // Nothing enforced yet, so the realm's own administrators can still use the CLI's password grant.
    await apply(writePolicy('none.yaml'));
    const file = writePolicy('mfa-everyone.yaml', A);
    const result = await runCli(['plan', '-f', file, '--realm', ca.realm.name], {
      KEYWARD_KEYCLOAK_URL: server.url,
      KEYWARD_ADMIN_REALM: ca.realm.name,
      KEYWARD_ADMIN_USERNAME: ca.cast.breakGlass.username,
      KEYWARD_ADMIN_PASSWORD: ca.cast.breakGlass.password,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const ada = await runCli(['plan', '-f', file, '--realm', ca.realm.name], {
      KEYWARD_KEYCLOAK_URL: server.url,
      KEYWARD_ADMIN_REALM: ca.realm.name,
      KEYWARD_ADMIN_USERNAME: ca.cast.ada.username,
      KEYWARD_ADMIN_PASSWORD: ca.cast.ada.password,
    });
    expect(ada.code, ada.stderr).toBe(0);
    expect(ada.stderr).toContain(
      "warning: policy 'Require MFA' applies to 'ada', the account running this command",
    );
    expect(ada.stderr).toContain(
      "'ada' signs in to admin-cli with the password grant; after this apply that sign-in can be refused because " +
        "policy 'Require MFA' require MFA",
    );
  });
});

describe('mutual exclusion with security defaults (SPEC §3.10)', () => {
  it('refuses security defaults together with any policy, and says what to change', async () => {
    const file = join(workDir, 'both.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: keyward/v1',
        'securityDefaults: { isEnabled: true }',
        'conditionalAccessPolicies:',
        ...policy('Report only', '[mfa]').map((line) =>
          line.replace('state: enabled', 'state: enabledForReportingButNotEnforced'),
        ),
        '',
      ].join('\n'),
    );
    for (const command of ['plan', 'apply']) {
      const result = await keyward(command, '-f', file, '--realm', ca.realm.name);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'securityDefaults.isEnabled: security defaults cannot be enabled while the document has Conditional Access ' +
          'policies (1 found, in any state); disable security defaults (isEnabled: false) or remove the policies',
      );
    }
  });
});

describe('keyward whatif', () => {
  beforeAll(async () => {
    await apply(writePolicy('abc.yaml', A, B, C));
  });

  const whatif = (...args: string[]) =>
    keyward('whatif', '--realm', ca.realm.name, '--client-app', 'browser', '--ip', '198.51.100.9', ...args);

  it('shows every policy, the first failed condition and the final decision', async () => {
    const result = await whatif('--user', 'kim', '--app', PAYROLL_CLIENT_ID, '--platform', 'iOS');
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(
      `What-if in realm '${ca.realm.name}': kim signs in to payroll from 198.51.100.9 (browser, platform iOS)`,
    );
    expect(result.stdout).toMatch(/Require MFA\s+enabled\s+yes\s+mfa\s+mfa/);
    expect(result.stdout).toMatch(/Block payroll for now\s+enabled\s+yes\s+block/);
    expect(result.stdout).toContain("Decision: blocked by policy 'Block payroll for now'");
    expect(result.stdout).toContain('Keycloak: refused.');
    const other = await whatif('--user', 'break-glass-1', '--app', ca.realm.clientId);
    expect(other.stdout).toMatch(/Require MFA\s+enabled\s+no\s+users/);
    expect(other.stdout).toMatch(/Block payroll for now\s+enabled\s+no\s+users/);
    expect(other.stdout).toContain('Decision: no MFA');
  });

  it('answers in JSON and CSV', async () => {
    const json = JSON.parse(
      (await whatif('--user', 'kim', '--app', ca.realm.clientId, '--output', 'json')).stdout,
    ) as {
      decision: string;
      enforcement: string;
      requiredBy: string[];
      policies: { name: string; applied: boolean; failedCondition: string | null }[];
    };
    expect(json.decision).toBe('MFA at strength mfa');
    expect(json.enforcement).toBe('second-factor');
    expect(json.requiredBy).toEqual(['policy:Require MFA']);
    expect(json.policies.map((policy) => [policy.name, policy.applied, policy.failedCondition])).toEqual([
      ['Require MFA', true, null],
      ['Block payroll for now', false, 'applications'],
      ['Change password on payroll', false, 'applications'],
    ]);
    const csv = await whatif('--user', 'kim', '--app', ca.realm.clientId, '--output', 'csv');
    expect(csv.stdout.split('\n')[0]).toBe('policy,state,applied,failedCondition,result,strength');
    expect(csv.stdout).toContain('Require MFA,enabled,yes,,mfa,mfa');
  });

  it('exits 2 for input that is not valid and 1 when the realm or user cannot be found', async () => {
    expect((await whatif('--user', 'kim', '--app', ca.realm.clientId, '--ip', 'not-an-ip')).code).toBe(2);
    const app = await whatif('--user', 'kim', '--app', 'no-such-app');
    expect(app.code).toBe(2);
    expect(app.stderr).toContain("No client 'no-such-app'");
    const user = await whatif('--user', 'nobody', '--app', ca.realm.clientId);
    expect(user.code).toBe(1);
    expect(user.stderr).toContain("User 'nobody' does not exist");
    const plain = await createTestRealm(server, 'whatif-plain');
    try {
      const result = await keyward(
        'whatif',
        '--realm',
        plain.name,
        '--user',
        'kim',
        '--app',
        plain.clientId,
        '--ip',
        '198.51.100.9',
        '--client-app',
        'other',
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Keyward has not been applied to realm '${plain.name}'`);
    } finally {
      await deleteRealm(plain);
    }
  });
});
