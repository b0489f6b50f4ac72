/**
 * `npm run bench:import`: per-user MFA for many users, `keyward users mfa import` (one listing, then bounded
 * concurrency) against a plain sequential admin-client loop (look the user up, read it, write it back — what a
 * script calling `keyward users mfa set` per user, or the admin client directly, does), in the same run against
 * the same Keycloak. Both change every user. Results: docs/benchmarks.md.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { setPerUserMfaState } from '../../bridge/src/keycloak/admin/users.js';
import { runCli } from '../support/cli.js';
import { adminClient } from '../support/realm-fixture.js';
import { benchKeycloak, benchRealm, importUsers, machineLine, writeResults } from './bench-support.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    write: { type: 'boolean', default: false },
  },
});
const users = Number(values.users);
const concurrency = Number(values.concurrency);

const server = await benchKeycloak();
const workDir = await mkdtemp(join(tmpdir(), 'keyward-bench-import-'));
try {
  const realm = await benchRealm(
    server,
    'import',
    'apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: false }\n',
  );
  const admin = await adminClient(server);
  const usernames = Array.from({ length: users }, (_, index) => `user${String(index).padStart(5, '0')}`);
  const createStart = performance.now();
  await importUsers(
    admin,
    realm,
    usernames.map((username) => ({ username, enabled: true })),
  );
  process.stderr.write(
    `created ${users} users in ${((performance.now() - createStart) / 1000).toFixed(1)} s\n`,
  );

  // Baseline: the plain sequential loop, every user to `enabled`.
  let client = await adminClient(server);
  let signedInAt = performance.now();
  const loopStart = performance.now();
  for (const username of usernames) {
    // The master realm's admin token lives a minute; sign in again before it runs out.
    if (performance.now() - signedInAt > 45_000) {
      client = await adminClient(server);
      signedInAt = performance.now();
    }
    await setPerUserMfaState(client, realm, username, 'enabled');
  }
  const loopSeconds = (performance.now() - loopStart) / 1000;
  process.stderr.write(`sequential loop: ${loopSeconds.toFixed(1)} s\n`);

  // Keyward: the CLI as an admin runs it (process start and the validation listing included), every user to
  // `enforced`.
  const file = join(workDir, 'users.csv');
  writeFileSync(
    file,
    `username,perUserMfaState\n${usernames.map((username) => `${username},enforced`).join('\n')}\n`,
  );
  const importStart = performance.now();
  const result = await runCli(
    [
      'users',
      'mfa',
      'import',
      file,
      '--realm',
      realm,
      '--concurrency',
      String(concurrency),
      '--output',
      'json',
    ],
    {
      KEYWARD_KEYCLOAK_URL: server.url,
      KEYWARD_ADMIN_USERNAME: server.adminUsername,
      KEYWARD_ADMIN_PASSWORD: server.adminPassword,
    },
    { timeoutMs: 600_000 },
  );
  const importSeconds = (performance.now() - importStart) / 1000;
  if (result.code !== 0) throw new Error(`import failed: ${result.stderr}`);
  const [summary] = JSON.parse(result.stdout) as { changed: number }[];
  if (summary?.changed !== users) throw new Error(`import changed ${summary?.changed} of ${users} users`);
  process.stderr.write(`keyward users mfa import: ${importSeconds.toFixed(1)} s\n`);

  const table = [
    `Run ${new Date().toISOString().slice(0, 16)}Z on ${machineLine()}; Keycloak ${server.backend} on the same machine.`,
    '',
    '| method | users changed | seconds | users / s | speed-up |',
    '|---|---:|---:|---:|---:|',
    `| sequential admin-client loop (find, read, write per user) | ${users} | ${loopSeconds.toFixed(1)} | ${(users / loopSeconds).toFixed(0)} | 1.0× |`,
    `| \`keyward users mfa import\` (--concurrency ${concurrency}, CLI start and validation included) | ${users} | ${importSeconds.toFixed(1)} | ${(users / importSeconds).toFixed(0)} | ${(loopSeconds / importSeconds).toFixed(1)}× |`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (values.write) await writeResults('<!-- import:begin -->', '<!-- import:end -->', table);
} finally {
  await rm(workDir, { recursive: true, force: true });
  await server.stop();
}
