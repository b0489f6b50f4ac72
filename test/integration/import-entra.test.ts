/**
 * `keyward import-entra` end to end: Graph-shaped exports (the fixtures the unit tests read) are converted by the
 * real CLI, the result is planned and applied to a real realm holding the mapped users, groups, roles and client,
 * and what-if and real sign-ins then show that the converted policies do what the conversion notes say, including
 * the policy whose only location was a country and which therefore never applies.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CliResult, runCli } from '../support/cli.js';
import { passwordGrant } from '../support/login-driver.js';
import {
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
} from '../support/realm-fixture.js';

const server = inject('keycloak');
const cliEnv = {
  KEYWARD_KEYCLOAK_URL: server.url,
  KEYWARD_ADMIN_USERNAME: server.adminUsername,
  KEYWARD_ADMIN_PASSWORD: server.adminPassword,
};
const keyward = (...args: string[]): Promise<CliResult> => runCli(args, cliEnv);

const FIXTURES = 'bridge/src/import/fixtures';
const workDir = mkdtempSync(join(tmpdir(), 'keyward-import-entra-'));
const converted = join(workDir, 'policy.yaml');

let realm: TestRealm;
const ADMIN = { username: 'alice', password: 'Alice-Admin-1' };
const BREAK_GLASS = { username: 'break-glass-1', password: 'Break-Glass-1' };
const CLERK = { username: 'carol', password: 'Carol-Clerk-1' };

beforeAll(async () => {
  realm = await createTestRealm(server, 'import-entra');
  const admin = await adminClient(server);
  await admin.clients.create({
    realm: realm.name,
    clientId: 'finance-portal',
    publicClient: true,
    standardFlowEnabled: true,
    redirectUris: [realm.redirectUri],
  });
  const { id: finance } = await admin.groups.create({ realm: realm.name, name: 'finance' });
  await admin.groups.createChildGroup({ realm: realm.name, id: finance }, { name: 'auditors' });
  await createUser(realm, { ...ADMIN, clientRoles: { 'realm-management': ['realm-admin'] } });
  await createUser(realm, { ...BREAK_GLASS, clientRoles: { 'realm-management': ['realm-admin'] } });
  await createUser(realm, { ...CLERK, groups: ['finance'] });
});

afterAll(async () => {
  await deleteRealm(realm);
  rmSync(workDir, { recursive: true, force: true });
});

describe('keyward import-entra on a real realm', () => {
  it('converts the exports, lists every item not carried over, and writes a valid document', async () => {
    const result = await runCli([
      'import-entra',
      '--policies',
      `${FIXTURES}/conditional-access-policies.json`,
      '--locations',
      `${FIXTURES}/named-locations.json`,
      '--map',
      `${FIXTURES}/mapping.yaml`,
      '-o',
      converted,
      '--output',
      'csv',
    ]);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    const rows = result.stdout.trim().split('\n');
    expect(rows[0]).toBe('object,path,notCarriedOver');
    // One row per item the unit tests name; the document carries the same list as a comment block.
    expect(rows).toContain(
      "Finance app from outside the office,grantControls.builtInControls,grant control 'compliantDevice' not carried over: Keycloak cannot check it",
    );
    expect(rows).toContain(
      'Block legacy authentication,conditions.locations.includeLocations,no included location is left after conversion: the policy never applies until you add one',
    );
    const yaml = readFileSync(converted, 'utf8');
    expect(yaml).toMatch(/^# NOT carried over \(review before applying\):$/m);
    expect(yaml.match(/^# {3}/gm)).toHaveLength(rows.length - 1);
    expect((await keyward('validate', '-f', converted)).code).toBe(0);
  });

  it('plans against the realm with every mapped reference resolved, and applies', async () => {
    const plan = await keyward('plan', '-f', converted, '--realm', realm.name);
    expect(plan, plan.stderr).toMatchObject({ code: 0 });
    for (const name of [
      'Require MFA for administrators',
      'Finance app from outside the office',
      'Block legacy authentication',
    ]) {
      expect(plan.stdout).toContain(`Keyward CA - ${name}`);
    }
    const apply = await keyward('apply', '-f', converted, '--realm', realm.name);
    expect(apply, apply.stderr).toMatchObject({ code: 0 });
    const again = await keyward('plan', '-f', converted, '--realm', realm.name);
    expect(again.stdout).toMatch(/^No changes\./);
  });

  it('enforces what was carried over: MFA for the mapped admin role, the break-glass exclusion honoured', async () => {
    const whatif = async (user: string, app: string) => {
      const result = await keyward(
        'whatif',
        '--realm',
        realm.name,
        '--user',
        user,
        '--app',
        app,
        '--ip',
        '198.51.100.200',
        '--client-app',
        'other',
        '--output',
        'json',
      );
      expect(result, result.stderr).toMatchObject({ code: 0 });
      return JSON.parse(result.stdout) as {
        decision: string;
        requiredBy: string[];
        policies: { name: string; applied: boolean; failedCondition: string | null }[];
      };
    };
    const admin = await whatif(ADMIN.username, realm.clientId);
    expect(admin.requiredBy).toEqual(['policy:Require MFA for administrators']);
    const breakGlass = await whatif(BREAK_GLASS.username, realm.clientId);
    expect(breakGlass.decision).toBe('no MFA');
    // The block policy lost its only (country) location: it applies nowhere, as the conversion note says.
    const clerk = await whatif(CLERK.username, 'finance-portal');
    expect(clerk.policies.find((policy) => policy.name === 'Block legacy authentication')).toMatchObject({
      applied: false,
      failedCondition: 'locations',
    });

    // Real Keycloak agrees: the admin's password grant cannot do MFA and is refused; the others get tokens.
    const grant = (user: { username: string; password: string }) =>
      passwordGrant({ kcUrl: server.url, realm: realm.name, clientId: realm.clientId, ...user });
    expect((await grant(ADMIN)).status).toBe(400);
    expect((await grant(BREAK_GLASS)).status).toBe(200);
    expect((await grant(CLERK)).status).toBe(200);
  });
});
