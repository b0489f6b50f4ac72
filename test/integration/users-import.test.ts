/**
 * `keyward users mfa import FILE.csv` against the real Keycloak, run as a subprocess the way an admin runs it:
 * every row checked before anything changes, the dry run, the result file, and a rerun after an interruption
 * that does only the rows left.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resultHeader, resultLine } from '../../bridge/src/bulk/mfa-import.js';
import { readAllPages } from '../../bridge/src/keycloak/admin/paging.js';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { perUserMfaStateOf } from '../../bridge/src/keycloak/admin/users.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { runCli } from '../support/cli.js';
import { adminClient, createTestRealm, deleteRealm, type TestRealm } from '../support/realm-fixture.js';

const server = inject('keycloak');
const cliEnv = {
  KEYWARD_KEYCLOAK_URL: server.url,
  KEYWARD_ADMIN_USERNAME: server.adminUsername,
  KEYWARD_ADMIN_PASSWORD: server.adminPassword,
};
const USERS = 40;
const username = (index: number) => `user${String(index).padStart(3, '0')}`;

describe('keyward users mfa import', () => {
  let realm: TestRealm;
  const workDir = mkdtempSync(join(tmpdir(), 'keyward-import-test-'));

  beforeAll(async () => {
    realm = await createTestRealm(server, 'users-import');
    const admin = await adminClient(server);
    const parsed = parsePolicy('apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: false }\n', 'p.yaml');
    if (!parsed.ok) throw new Error('bad test policy');
    await applyDocument(admin, realm.name, parsed.document);
    for (let index = 0; index < USERS; index++) {
      await admin.users.create({ realm: realm.name, username: username(index), enabled: true });
    }
  });

  afterAll(async () => {
    if (realm) await deleteRealm(realm);
    rmSync(workDir, { recursive: true, force: true });
  });

  async function states(): Promise<Map<string, string>> {
    const admin = await adminClient(server);
    const users = await readAllPages((first, max) =>
      admin.users.find({ realm: realm.name, first, max, briefRepresentation: false }),
    );
    return new Map(users.map((user) => [String(user.username), perUserMfaStateOf(user)]));
  }

  const run = (...args: string[]) =>
    runCli(['users', 'mfa', 'import', ...args, '--realm', realm.name, '--output', 'json'], cliEnv);

  it('lists every problem by line and changes nothing', async () => {
    const file = join(workDir, 'bad.csv');
    writeFileSync(
      file,
      'username,perUserMfaState\nuser000,enabled\nnobody,enabled\nuser001,sometimes\nUSER000,enforced\n',
    );
    const result = await run(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3: no user 'nobody' in the realm`);
    expect(result.stderr).toContain(`${file}:4: 'sometimes' is not a per-user MFA state`);
    expect(result.stderr).toContain(`${file}:5: 'USER000' is already on line 2`);
    expect(result.stderr).toContain('3 problem(s)');
    expect((await states()).get('user000')).toBe('disabled');
  });

  it('shows what would change on a dry run, and changes nothing', async () => {
    const file = join(workDir, 'dry.csv');
    writeFileSync(file, 'username,perUserMfaState\nuser000,enabled\nuser001,disabled\n');
    const result = await run(file, '--dry-run');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { line: 2, username: 'user000', current: 'disabled', perUserMfaState: 'enabled', action: 'change' },
      { line: 3, username: 'user001', current: 'disabled', perUserMfaState: 'disabled', action: 'unchanged' },
    ]);
    expect((await states()).get('user000')).toBe('disabled');
  });

  it('applies every row, writes a result per row, and a rerun after an interruption does only the rest', async () => {
    const file = join(workDir, 'users.csv');
    const rows = Array.from({ length: USERS }, (_, index) => ({
      line: index + 2,
      username: username(index),
      perUserMfaState: index % 2 === 0 ? 'enforced' : 'enabled',
    }));
    writeFileSync(
      file,
      `username,perUserMfaState\n${rows.map((row) => `${row.username},${row.perUserMfaState}`).join('\n')}\n`,
    );
    // An earlier run was interrupted after the first ten rows: their results are in the file. They were not
    // really applied here, so a rerun that redid them would show in Keycloak.
    const resultsFile = join(workDir, 'users.results.csv');
    writeFileSync(
      resultsFile,
      resultHeader() +
        rows
          .slice(0, 10)
          .map((row) => resultLine({ ...row, outcome: 'changed', previous: 'disabled', message: '' }))
          .join(''),
    );

    const result = await run(file, '--concurrency', '8');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { rows: USERS, changed: USERS - 10, unchanged: 0, doneEarlier: 10, failed: 0, results: resultsFile },
    ]);
    const now = await states();
    for (const row of rows.slice(0, 10)) expect(now.get(row.username)).toBe('disabled');
    for (const row of rows.slice(10)) expect(now.get(row.username)).toBe(row.perUserMfaState);
    const written = readFileSync(resultsFile, 'utf8').trimEnd().split('\n');
    expect(written).toHaveLength(1 + USERS);

    const again = await run(file);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ changed: 0, doneEarlier: USERS, failed: 0 });
  });
});
