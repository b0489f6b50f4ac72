/**
 * The `keyward` CLI (SPEC §7) run as a subprocess, as an admin or a CI job runs it, against the real Keycloak
 * of this run: exit codes, located errors, the compiled realm JSON, plan/apply convergence, drift, leftovers of
 * an interrupted apply, dangling references, and what the realms it produces enforce on real sign-ins.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEYCLOAK_DEFAULT_REQUIRED_ACTIONS } from '../../bridge/src/compile/keycloak-defaults.js';
import { type CliResult, REPO_ROOT, runCli } from '../support/cli.js';
import { LoginBrowser, type LoginPage, passwordGrant } from '../support/login-driver.js';
import {
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
} from '../support/realm-fixture.js';

const server = inject('keycloak');

/** How the CLI reaches this run's Keycloak: only through the environment of SPEC §7. */
const cliEnv = {
  KEYWARD_KEYCLOAK_URL: server.url,
  KEYWARD_ADMIN_USERNAME: server.adminUsername,
  KEYWARD_ADMIN_PASSWORD: server.adminPassword,
};
const keyward = (...args: string[]): Promise<CliResult> => runCli(args, cliEnv);

const DEMO_POLICY = 'realm-config/demo.yaml';
const DEMO_BASE = 'realm-config/demo.base.json';
const DEMO_CLIENT = 'demo-app';
/** demo-app allows `http://localhost:*`; the login driver stops at the redirect, so nothing needs to listen. */
const DEMO_REDIRECT = 'http://localhost:3000/callback';
const BOB = { username: 'bob', password: 'Demo-Bob-1' };
const BLOCKED = 'Legacy authentication (password grant) is blocked by security defaults in this realm.';
const NO_CHANGES = /^No changes\. Realm '[^']+' matches the document\.\n$/;

const workDir = mkdtempSync(join(tmpdir(), 'keyward-cli-test-'));
const realmsToDelete = new Set<string>();

/** A realm name no other test uses; deleted after the file whether or not the test created it. */
function uniqueRealm(slug: string): string {
  const name = `t-cli-${slug}-${randomBytes(4).toString('hex')}`;
  realmsToDelete.add(name);
  return name;
}

/** Writes a policy document into this file's scratch directory and returns its path. */
function writePolicy(name: string, yaml: string): string {
  const path = join(workDir, name);
  writeFileSync(path, yaml);
  return path;
}

afterAll(async () => {
  const admin = await adminClient(server);
  for (const realm of realmsToDelete) {
    await admin.realms.del({ realm }).catch((error: { response?: { status?: number } }) => {
      if (error.response?.status !== 404) throw error;
    });
  }
  rmSync(workDir, { recursive: true, force: true });
});

/** `plan`'s table output split into its change lines, each with the `-`/`+` lines of its flow diff. */
function parsePlan(stdout: string): {
  header: string;
  changes: { line: string; removed: string[]; added: string[] }[];
} {
  const [header = '', ...rest] = stdout.trimEnd().split('\n');
  const changes: { line: string; removed: string[]; added: string[] }[] = [];
  for (const line of rest) {
    const diff = /^ {6}([-+]) (.*)$/.exec(line);
    const current = changes.at(-1);
    if (diff && current) {
      (diff[1] === '-' ? current.removed : current.added).push(diff[2] as string);
    } else if (/^ {2}\S/.test(line)) {
      changes.push({ line: line.trim(), removed: [], added: [] });
    }
  }
  return { header, changes };
}

async function signIn(realm: string, user: { username: string; password: string }): Promise<LoginPage> {
  const flow = await new LoginBrowser(server.url).startSignIn({
    realm,
    clientId: DEMO_CLIENT,
    redirectUri: DEMO_REDIRECT,
  });
  return flow.submitPassword(user.username, user.password);
}

/** What `apply` could touch in a realm: bindings, the stored document, flow ids and the browser flow's steps. */
async function realmState(realm: string) {
  const admin = await adminClient(server);
  const representation = await admin.realms.findOne({ realm });
  const flows = await admin.authenticationManagement.getFlows({ realm });
  const steps = await admin.authenticationManagement.getExecutions({ realm, flow: 'Keyward browser' });
  const requiredActions = await admin.authenticationManagement.getRequiredActions({ realm } as never);
  return {
    browserFlow: representation?.browserFlow,
    directGrantFlow: representation?.directGrantFlow,
    policy: representation?.attributes?.['keyward.policy'],
    flows: flows.map((flow) => `${flow.alias} ${flow.id}`).sort(),
    steps: steps.map((step) => `${step.id} ${step.requirement} ${step.authenticationConfig ?? '-'}`),
    requiredActions: requiredActions.map((action) => `${action.alias} ${action.enabled}`),
  };
}

/** The `keyward-security-defaults` step of the browser flow, as the console edits it. */
async function securityDefaultsStep(realm: string) {
  const admin = await adminClient(server);
  const steps = await admin.authenticationManagement.getExecutions({ realm, flow: 'Keyward browser' });
  const step = steps.find((candidate) => candidate.providerId === 'keyward-security-defaults');
  if (!step?.authenticationConfig)
    throw new Error(`no configured keyward-security-defaults step in ${realm}`);
  return { admin, step, configId: step.authenticationConfig };
}

/** `text` as a regular expression that matches exactly it. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('keyward validate', () => {
  const invalidDir = 'bridge/src/policy/fixtures/invalid';
  const invalidFixtures = readdirSync(join(REPO_ROOT, invalidDir))
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const path = `${invalidDir}/${file}`;
      const expectation = /^# expect: (\S+) (\S+) (\d+)$/m.exec(readFileSync(join(REPO_ROOT, path), 'utf8'));
      if (!expectation) throw new Error(`${path} has no '# expect: rule path line' comment`);
      const [, rule = '', path_ = '', line = ''] = expectation;
      return { file: path, rule, path: path_ === '-' ? '' : path_, line: Number(line) };
    });

  it('finds the invalid fixtures', () => {
    expect(invalidFixtures.length).toBeGreaterThanOrEqual(11);
  });

  it.each([
    DEMO_POLICY,
    'realm-config/security-defaults.yaml',
    'bridge/src/policy/fixtures/valid/spec-example.yaml',
  ])('accepts %s with exit 0', async (file) => {
    const result = await keyward('validate', '-f', file);
    expect(result).toMatchObject({ code: 0, stdout: `${file}: valid\n` });
    expect(result.stderr).not.toMatch(/error/);
  });

  it.each(invalidFixtures)('refuses $file with exit 2 at line $line, path and rule', async (fixture) => {
    const [table, json] = await Promise.all([
      keyward('validate', '-f', fixture.file),
      keyward('validate', '-f', fixture.file, '--output', 'json'),
    ]);

    expect(table.code).toBe(2);
    expect(table.stdout).toBe('');
    const located = new RegExp(
      `^${literal(fixture.file)}:${fixture.line}:\\d+: error: ${fixture.path ? `${literal(fixture.path)}: ` : ''}.+ \\(${literal(fixture.rule)}\\)$`,
      'm',
    );
    expect(table.stderr).toMatch(located);

    expect(json.code).toBe(2);
    const { issues } = JSON.parse(json.stdout) as { issues: Record<string, unknown>[] };
    expect(issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        rule: fixture.rule,
        path: fixture.path,
        line: fixture.line,
        source: fixture.file,
        message: expect.any(String),
      }),
    );
  });

  it('gives the parsed document as JSON for a valid file', async () => {
    const result = await keyward('validate', '-f', DEMO_POLICY, '--output', 'json');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      valid: boolean;
      document: { securityDefaults: unknown; mfaSettings: { privilegedRoles: string[] } };
    };
    expect(output.valid).toBe(true);
    expect(output.document.securityDefaults).toEqual({ isEnabled: true });
    expect(output.document.mfaSettings.privilegedRoles).toEqual([
      'realm-management/realm-admin',
      'keyward-admin',
    ]);
  });

  it('exits 2 and names the file when it does not exist', async () => {
    const missing = join(workDir, 'no-such-policy.yaml');
    const result = await keyward('validate', '-f', missing);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(`cannot read policy file '${missing}'`);
    expect(result.stderr).toMatch(/no such file/i);
  });
});

describe('keyward compile', () => {
  it('writes the committed demo realm JSON, so realm-config/demo.realm.json is up to date', async () => {
    const out = join(workDir, 'demo.realm.json');
    const result = await keyward('compile', '-f', DEMO_POLICY, '--base', DEMO_BASE, '-o', out);
    expect(result.code).toBe(0);
    const base = JSON.parse(readFileSync(join(REPO_ROOT, DEMO_BASE), 'utf8')) as { realm: string };
    expect(result.stderr).toBe(`wrote realm '${base.realm}' to ${out}\n`);
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'realm-config/demo.realm.json'), 'utf8'));
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(committed);
  });

  it('gives realm JSON that Keycloak imports into a realm that enforces the document', async () => {
    const realm = uniqueRealm('import');
    const compiled = await keyward('compile', '-f', DEMO_POLICY, '--base', DEMO_BASE, '--realm', realm);
    expect(compiled.code).toBe(0);
    const representation = JSON.parse(compiled.stdout) as { realm: string };
    expect(representation.realm).toBe(realm);

    // POST /admin/realms: the code path of `--import-realm` and `kc.sh import`.
    const admin = await adminClient(server);
    await admin.realms.create(representation);

    const plan = await keyward('plan', '-f', DEMO_POLICY, '--realm', realm);
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    expect(plan.stdout).toMatch(NO_CHANGES);

    const registered = await admin.authenticationManagement.getRequiredActions({ realm } as never);
    expect(registered.map((action) => action.alias).sort()).toEqual(
      [
        ...KEYCLOAK_DEFAULT_REQUIRED_ACTIONS.map((action) => action.alias),
        'keyward-sign-in-details',
        'keyward-security-info',
        'keyward-security-info-summary',
        // Registered disabled: the demo does not enable email codes.
        'keyward-email-otp-register',
      ].sort(),
    );

    const grant = await passwordGrant({ kcUrl: server.url, realm, clientId: DEMO_CLIENT, ...BOB });
    expect(grant).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: BLOCKED } });

    const page = await signIn(realm, BOB);
    expect(page.kind).toBe('security-info');
  });
});

describe('keyward apply --create-realm', () => {
  it('creates the realm with the document applied; a second apply changes nothing', async () => {
    const realm = uniqueRealm('create');
    const created = await keyward(
      'apply',
      '-f',
      DEMO_POLICY,
      '--base',
      DEMO_BASE,
      '--realm',
      realm,
      '--create-realm',
    );
    // Piped output: no progress lines on stderr.
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toBe(`Created realm '${realm}' with the document applied.\n`);

    const admin = await adminClient(server);
    const users = await admin.users.find({ realm, username: BOB.username, exact: true });
    expect(users).toHaveLength(1);
    const before = await realmState(realm);
    expect(before).toMatchObject({ browserFlow: 'Keyward browser', directGrantFlow: 'Keyward direct grant' });
    expect(JSON.parse(before.policy as string).securityDefaults).toEqual({ isEnabled: true });

    const again = await keyward('apply', '-f', DEMO_POLICY, '--realm', realm);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(NO_CHANGES);
    // Nothing was rebuilt behind the "No changes": the flows keep their ids.
    expect(await realmState(realm)).toEqual(before);
  });

  it('without --create-realm, exits 2 for a missing realm and creates nothing', async () => {
    const realm = uniqueRealm('missing');
    const result = await keyward('apply', '-f', DEMO_POLICY, '--base', DEMO_BASE, '--realm', realm);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(`realm '${realm}' does not exist`);
    expect(result.stderr).toMatch('--create-realm');

    const plan = await keyward('plan', '-f', DEMO_POLICY, '--realm', realm);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(`Realm '${realm}' does not exist`);

    const admin = await adminClient(server);
    expect(await admin.realms.findOne({ realm })).toBeFalsy();
  });
});

describe('changing the document: security defaults on, then off', () => {
  let realm: TestRealm;
  const user = { username: 'sam', password: 'Sam-pass-1' };
  const grant = () =>
    passwordGrant({ kcUrl: server.url, realm: realm.name, clientId: realm.clientId, ...user });

  beforeAll(async () => {
    realm = await createTestRealm(server, 'cli-sd');
    await createUser(realm, user);
  });

  afterAll(async () => {
    if (realm) await deleteRealm(realm);
  });

  it('plans the removal of keyward-security-defaults from both flows and converges on apply', async () => {
    const on = await keyward('apply', '-f', 'realm-config/security-defaults.yaml', '--realm', realm.name);
    expect(on).toMatchObject({ code: 0, stderr: '' });
    expect(on.stdout).toMatch(/^Applied \d+ changes to realm/m);
    expect((await grant()).body.error_description).toBe(BLOCKED);

    const off = writePolicy(
      'security-defaults-off.yaml',
      readFileSync(join(REPO_ROOT, 'realm-config/security-defaults.yaml'), 'utf8').replace(
        'isEnabled: true',
        'isEnabled: false',
      ),
    );
    const plan = await keyward('plan', '-f', off, '--realm', realm.name);
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    const { header, changes } = parsePlan(plan.stdout);
    expect(header).toBe(`Plan for realm '${realm.name}': 3 changes`);
    expect(changes.map((change) => change.line)).toEqual([
      "~ rebuild browser flow 'Keyward browser'",
      "~ rebuild direct grant flow 'Keyward direct grant'",
      "~ set realm attribute 'keyward.policy'",
    ]);
    for (const flowChange of changes.slice(0, 2)) {
      expect(flowChange.removed.some((line) => /keyward-security-defaults \.+ REQUIRED$/.test(line))).toBe(
        true,
      );
      expect(flowChange.added).toEqual([]);
    }
    // plan changed nothing.
    expect((await grant()).body.error_description).toBe(BLOCKED);

    const applied = await keyward('apply', '-f', off, '--realm', realm.name);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout).toMatch(`Applied 3 changes to realm '${realm.name}'.`);
    expect((await keyward('plan', '-f', off, '--realm', realm.name)).stdout).toMatch(NO_CHANGES);

    const allowed = await grant();
    expect(allowed.status).toBe(200);
    expect(allowed.body.access_token).toEqual(expect.any(String));
  });
});

describe('drift, leftovers and dangling references in a Keyward realm', () => {
  const realm = uniqueRealm('drift');

  beforeAll(async () => {
    const created = await keyward(
      'apply',
      '-f',
      DEMO_POLICY,
      '--base',
      DEMO_BASE,
      '--realm',
      realm,
      '--create-realm',
    );
    expect(created.code, created.stderr).toBe(0);
  });

  it('shows a step disabled by hand as a browser-flow diff, and apply restores MFA', async () => {
    const { admin, step } = await securityDefaultsStep(realm);
    await admin.authenticationManagement.updateExecution(
      { realm, flow: 'Keyward sign-in' },
      { ...step, requirement: 'DISABLED' },
    );
    // The drift is a hole: a user with no MFA now gets in with the password alone.
    expect((await signIn(realm, BOB)).kind).toBe('callback');

    const plan = await keyward('plan', '-f', DEMO_POLICY, '--realm', realm);
    expect(plan.code).toBe(0);
    const { header, changes } = parsePlan(plan.stdout);
    expect(header).toBe(`Plan for realm '${realm}': 1 change`);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.line).toBe("~ rebuild browser flow 'Keyward browser'");
    expect(changes[0]?.removed).toEqual([expect.stringMatching(/keyward-security-defaults \.+ DISABLED$/)]);
    expect(changes[0]?.added).toEqual([expect.stringMatching(/keyward-security-defaults \.+ REQUIRED$/)]);

    const applied = await keyward('apply', '-f', DEMO_POLICY, '--realm', realm);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await keyward('plan', '-f', DEMO_POLICY, '--realm', realm)).stdout).toMatch(NO_CHANGES);
    expect((await signIn(realm, BOB)).kind).toBe('security-info');
  });

  it("shows a hand edit of the step's privilegedRoles as a config diff, and apply restores it", async () => {
    const { admin, configId } = await securityDefaultsStep(realm);
    const original = await admin.authenticationManagement.getConfig({ realm, id: configId });
    const expectedRoles = 'realm-management/realm-admin##keyward-admin';
    expect(original.config?.privilegedRoles).toBe(expectedRoles);
    await admin.authenticationManagement.updateConfig({
      ...original,
      realm,
      id: configId,
      config: { ...original.config, privilegedRoles: 'keyward-admin' },
    });

    const plan = await keyward('plan', '-f', DEMO_POLICY, '--realm', realm);
    expect(plan.code).toBe(0);
    const { changes } = parsePlan(plan.stdout);
    expect(changes.map((change) => change.line)).toEqual(["~ rebuild browser flow 'Keyward browser'"]);
    expect(changes[0]?.removed).toEqual([
      expect.stringMatching(/config 'Keyward security defaults': .*privilegedRoles=keyward-admin$/),
    ]);
    expect(changes[0]?.added).toEqual([
      expect.stringMatching(
        /config 'Keyward security defaults': .*privilegedRoles=realm-management\/realm-admin##keyward-admin$/,
      ),
    ]);

    const applied = await keyward('apply', '-f', DEMO_POLICY, '--realm', realm);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await keyward('plan', '-f', DEMO_POLICY, '--realm', realm)).stdout).toMatch(NO_CHANGES);
    const restored = await securityDefaultsStep(realm);
    const config = await restored.admin.authenticationManagement.getConfig({ realm, id: restored.configId });
    expect(config).toMatchObject({
      alias: 'Keyward security defaults',
      config: { privilegedRoles: expectedRoles, clientAppType: 'browser' },
    });
  });

  it('rebinds the browser flow and re-enables required actions switched back by hand', async () => {
    const admin = await adminClient(server);
    await admin.realms.update({ realm }, { browserFlow: 'browser' });
    for (const alias of ['CONFIGURE_TOTP', 'keyward-sign-in-details']) {
      const action = await admin.authenticationManagement.getRequiredActionForAlias({ realm, alias });
      await admin.authenticationManagement.updateRequiredAction(
        { realm, alias },
        { ...action, enabled: false },
      );
    }
    expect((await signIn(realm, BOB)).kind).toBe('callback');

    const plan = await keyward('plan', '-f', DEMO_POLICY, '--realm', realm);
    expect(plan.code).toBe(0);
    const { changes } = parsePlan(plan.stdout);
    expect(changes.map((change) => change.line)).toEqual([
      "~ enable required action 'CONFIGURE_TOTP'",
      "~ enable required action 'keyward-sign-in-details'",
      "~ browser flow: bind 'Keyward browser' instead of 'browser'",
    ]);
    expect(changes[2]?.removed[0]).toBe('browser');
    expect(changes[2]?.added[0]).toBe('Keyward browser');

    const applied = await keyward('apply', '-f', DEMO_POLICY, '--realm', realm);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await keyward('plan', '-f', DEMO_POLICY, '--realm', realm)).stdout).toMatch(NO_CHANGES);
    const flows = (await (await adminClient(server)).authenticationManagement.getFlows({ realm })).map(
      (flow) => flow.alias,
    );
    // Keycloak's own flow is left alone; exactly one Keyward browser flow remains.
    expect(flows).toContain('browser');
    expect(flows.filter((alias) => alias?.startsWith('Keyward browser'))).toEqual(['Keyward browser']);
    expect((await signIn(realm, BOB)).kind).toBe('security-info');
  });

  it('deletes a flow an interrupted apply left behind, and only that', async () => {
    const stray = 'Keyward browser ~dead01';
    const admin = await adminClient(server);
    await admin.authenticationManagement.createFlow({
      realm,
      alias: stray,
      description: 'left by a crashed apply',
      providerId: 'basic-flow',
      topLevel: true,
      builtIn: false,
    });
    await admin.authenticationManagement.addFlowToFlow({
      realm,
      flow: stray,
      alias: 'Keyward sign-in ~dead01',
      type: 'basic-flow',
      provider: 'registration-page-form',
      description: '',
    });
    await admin.authenticationManagement.addExecutionToFlow({
      realm,
      flow: 'Keyward sign-in ~dead01',
      provider: 'keyward-security-defaults',
    });
    const strayStep = (await admin.authenticationManagement.getExecutions({ realm, flow: stray })).find(
      (step) => step.providerId === 'keyward-security-defaults',
    );
    if (!strayStep?.id) throw new Error('Keycloak did not add the stray step');
    const strayConfig = await admin.authenticationManagement.createConfig({
      realm,
      id: strayStep.id,
      alias: 'Keyward security defaults ~dead01',
      config: { clientAppType: 'browser' },
    });
    const before = await realmState(realm);

    const plan = await keyward('plan', '-f', DEMO_POLICY, '--realm', realm);
    expect(plan.code).toBe(0);
    const { header, changes } = parsePlan(plan.stdout);
    expect(header).toBe(`Plan for realm '${realm}': 1 change`);
    expect(changes.map((change) => change.line)).toEqual([`- delete unused flow '${stray}'`]);

    const applied = await keyward('apply', '-f', DEMO_POLICY, '--realm', realm);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    const after = await realmState(realm);
    expect(after.flows).toEqual(before.flows.filter((flow) => !flow.startsWith(`${stray} `)));
    expect(after.steps).toEqual(before.steps);
    // Keycloak removed the stray sub-flow's configuration with it.
    await expect(
      admin.authenticationManagement.getConfig({ realm, id: String(strayConfig.id) }),
    ).rejects.toMatchObject({ response: { status: 404 } });
    expect((await keyward('plan', '-f', DEMO_POLICY, '--realm', realm)).stdout).toMatch(NO_CHANGES);
  });

  it('refuses a document naming a role the realm lacks, with path, rule and line, and changes nothing', async () => {
    const dangling = writePolicy(
      'dangling-role.yaml',
      [
        'apiVersion: keyward/v1',
        'securityDefaults:',
        '  isEnabled: true',
        'mfaSettings:',
        '  privilegedRoles:',
        '    - no-such-role',
        '',
      ].join('\n'),
    );
    const located = `${dangling}:6:7: error: mfaSettings.privilegedRoles[0]: no realm role 'no-such-role'`;
    const before = await realmState(realm);

    for (const command of ['plan', 'apply']) {
      const result = await keyward(command, '-f', dangling, '--realm', realm);
      expect(result.code, `${command}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(located);
      expect(result.stderr).toMatch(/\(unknown-role\)$/m);
      expect(result.stderr).toMatch(`Nothing was changed in realm '${realm}'.`);
      expect(await realmState(realm)).toEqual(before);
    }

    const fresh = uniqueRealm('dangling');
    const create = await keyward('apply', '-f', dangling, '--realm', fresh, '--create-realm');
    expect(create.code).toBe(2);
    expect(create.stderr).toMatch(located);
    expect(await (await adminClient(server)).realms.findOne({ realm: fresh })).toBeFalsy();
  });
});

describe("Keycloak's defaults", () => {
  it('a new realm registers exactly the required actions keycloak-defaults.ts lists', async () => {
    const realm = uniqueRealm('defaults');
    const admin = await adminClient(server);
    await admin.realms.create({ realm, enabled: true });
    const registered = await admin.authenticationManagement.getRequiredActions({ realm } as never);
    expect(
      registered.map(({ alias, name, enabled, priority }) => ({ alias, name, enabled, priority })),
    ).toEqual(
      KEYCLOAK_DEFAULT_REQUIRED_ACTIONS.map(({ alias, name, enabled, priority }) => ({
        alias,
        name,
        enabled,
        priority,
      })),
    );
  });
});

describe('when Keycloak cannot be used', () => {
  async function closedLoopbackPort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => probe.close((error) => (error ? reject(error) : resolve())));
    return port;
  }

  it('exits 1 with a clear message when nothing answers at the URL', async () => {
    const url = `http://127.0.0.1:${await closedLoopbackPort()}`;
    for (const command of ['plan', 'apply']) {
      const result = await runCli([command, '-f', DEMO_POLICY, '--realm', 'anything'], {
        ...cliEnv,
        KEYWARD_KEYCLOAK_URL: url,
      });
      expect(result).toEqual({ code: 1, stdout: '', stderr: `error: Keycloak at ${url} does not answer.\n` });
    }
    // --keycloak-url wins over the environment.
    const flag = await keyward('plan', '-f', DEMO_POLICY, '--realm', 'anything', '--keycloak-url', url);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(`Keycloak at ${url} does not answer`);
  });

  it('exits 1 and says which credentials to set when Keycloak refuses them', async () => {
    const result = await runCli(['plan', '-f', DEMO_POLICY, '--realm', 'anything'], {
      ...cliEnv,
      KEYWARD_ADMIN_PASSWORD: 'not-the-admin-password',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/refused the admin credentials \(HTTP 4\d\d\)/);
    expect(result.stderr).toMatch('KEYWARD_ADMIN_USERNAME/KEYWARD_ADMIN_PASSWORD');
  });

  it('exits 1 instead of hanging when something accepts connections but never answers', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const result = await runCli(['plan', '-f', DEMO_POLICY, '--realm', 'anything'], {
        ...cliEnv,
        KEYWARD_KEYCLOAK_URL: url,
        KEYWARD_CONNECT_TIMEOUT_SECONDS: '2',
      });
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: Keycloak at ${url} does not answer within 2 s.\n`,
      });
    } finally {
      silent.close();
    }
  });
});

describe('every control at once, and what would bypass Keyward', () => {
  it('applies a document that turns on every control and then finds nothing to change', async () => {
    const file = writePolicy(
      'everything.yaml',
      [
        'apiVersion: keyward/v1',
        'authenticationMethods:',
        '  softwareOath: { state: enabled }',
        '  fido2: { state: enabled }',
        '  email: { state: enabled, codeLength: 6 }',
        '  recoveryCodes: { state: enabled }',
        '  temporaryAccessPass: { state: enabled }',
        'registrationCampaign: { state: enabled, targetMethod: fido2, allowedSnoozes: 2 }',
        'mfaSettings:',
        '  rememberMfaOnTrustedDevice: { isEnabled: true, days: 7 }',
        '  appPasswords: { isAllowed: true }',
        'conditionalAccessPolicies:',
        '  - displayName: Require MFA',
        '    state: enabled',
        '    conditions:',
        '      users: { includeUsers: [All] }',
        '      applications: { includeApplications: [All] }',
        '    grantControls: { builtInControls: [mfa] }',
        '',
      ].join('\n'),
    );
    const realm = uniqueRealm('everything');
    expect((await keyward('validate', '-f', file)).code).toBe(0);
    const applied = await keyward('apply', '-f', file, '--realm', realm, '--create-realm');
    expect(applied, applied.stderr).toMatchObject({ code: 0 });
    // Every config Keycloak stores reads back as written (no masked or dropped values): a second plan is empty.
    const again = await keyward('plan', '-f', file, '--realm', realm);
    expect(again, again.stderr).toMatchObject({ code: 0 });
    expect(again.stdout).toMatch(NO_CHANGES);
  });

  it('keeps JSON output one document when the policy has warnings', async () => {
    const file = writePolicy('warn.yaml', 'apiVersion: keyward/v1\nmfaSettings: { privilegedRoles: [] }\n');
    const result = await keyward('validate', '-f', file, '--output', 'json');
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toMatch('warning');
  });

  it('removes a client flow override that would sign users in past security defaults, and sets the theme', async () => {
    const realm = uniqueRealm('override');
    const created = await keyward(
      'apply',
      '-f',
      DEMO_POLICY,
      '--realm',
      realm,
      '--create-realm',
      '--base',
      DEMO_BASE,
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const admin = await adminClient(server);
    const realmRep = await admin.realms.findOne({ realm });
    expect(realmRep?.loginTheme).toBe('keyward');
    const flows = await admin.authenticationManagement.getFlows({ realm });
    const builtIn = (alias: string) => String(flows.find((flow) => flow.alias === alias)?.id);
    const [client] = await admin.clients.find({ realm, clientId: DEMO_CLIENT });
    await admin.clients.update(
      { realm, id: String(client?.id) },
      {
        ...client,
        authenticationFlowBindingOverrides: {
          browser: builtIn('browser'),
          direct_grant: builtIn('direct grant'),
        },
      },
    );
    const bypass = await passwordGrant({ kcUrl: server.url, realm, clientId: DEMO_CLIENT, ...BOB });
    expect(bypass.status).toBe(200);

    const plan = await keyward('plan', '-f', DEMO_POLICY, '--realm', realm);
    expect(plan.stdout).toMatch(
      `- remove client '${DEMO_CLIENT}' browser flow override 'browser' (it bypasses Keyward)`,
    );
    expect(plan.stdout).toMatch(`- remove client '${DEMO_CLIENT}' direct grant flow override 'direct grant'`);
    expect((await keyward('apply', '-f', DEMO_POLICY, '--realm', realm)).code).toBe(0);
    const blocked = await passwordGrant({ kcUrl: server.url, realm, clientId: DEMO_CLIENT, ...BOB });
    expect(blocked.body).toEqual({ error: 'invalid_grant', error_description: BLOCKED });
    expect((await keyward('plan', '-f', DEMO_POLICY, '--realm', realm)).stdout).toMatch(NO_CHANGES);
  });
});
