/**
 * `npm run bench:report`: `keyward report registration` on a realm of 1,000, 5,000 and 10,000 users (grown in
 * place: each size adds users to the last), under a policy document with security defaults off, four
 * Conditional Access policies (groups, roles, a named location, report-only) and privileged roles. A third of the
 * users have a TOTP credential, a fifth a per-user state, a quarter a group. Results: docs/benchmarks.md.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import {
  type RegistrationUserFacts,
  userRegistrationDetails,
} from '../../bridge/src/reports/registration.js';
import { runCli } from '../support/cli.js';
import { adminClient } from '../support/realm-fixture.js';
import { benchKeycloak, benchRealm, importUsers, machineLine, writeResults } from './bench-support.js';

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
mfaSettings: { privilegedRoles: [realm-management/realm-admin] }
namedLocations:
  - { displayName: Head office, ipRanges: [203.0.113.0/24], isTrusted: true }
conditionalAccessPolicies:
  - displayName: Require MFA for everyone
    state: enabled
    conditions:
      users: { includeUsers: [All], excludeUsers: [user00000] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All], excludeLocations: [AllTrusted] }
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Finance
    state: enabled
    conditions:
      users: { includeGroups: [/finance] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [], authenticationStrength: phishingResistantMfa }
  - displayName: Administrators
    state: enabled
    conditions:
      users: { includeRoles: [realm-management/realm-admin] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Pilot
    state: enabledForReportingButNotEnforced
    conditions:
      users: { includeRoles: [pilot] }
      applications: { includeApplications: [All] }
      locations: { includeLocations: [All] }
    grantControls: { operator: OR, builtInControls: [mfa] }
`;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,5000,10000' },
    concurrency: { type: 'string', default: '8' },
    repeat: { type: 'string', default: '2' },
    write: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);

const otp = () => ({
  type: 'otp',
  userLabel: 'Phone',
  secretData: JSON.stringify({ value: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
  credentialData: JSON.stringify({
    subType: 'totp',
    digits: 6,
    counter: 0,
    period: 30,
    algorithm: 'HmacSHA1',
  }),
});

function userAt(index: number) {
  const username = `user${String(index).padStart(5, '0')}`;
  return {
    username,
    enabled: true,
    ...(index % 4 === 1 ? { groups: ['/finance'] } : {}),
    ...(index % 50 === 7 ? { realmRoles: ['pilot'] } : {}),
    ...(index % 500 === 3 ? { clientRoles: { 'realm-management': ['realm-admin'] } } : {}),
    ...(index % 5 === 2
      ? { attributes: { 'keyward.perUserMfaState': [index % 10 === 2 ? 'enabled' : 'enforced'] } }
      : {}),
    ...(index % 3 === 0 ? { credentials: [otp()] } : {}),
  };
}

/** The pure part alone: evaluating already-read facts, to tell it apart from the admin API reads. */
function pureEvaluationMs(users: number): number {
  const parsed = parsePolicy(POLICY, 'bench.yaml');
  if (!parsed.ok) throw new Error('bad bench policy');
  const facts: RegistrationUserFacts[] = Array.from({ length: users }, (_, index) => {
    const user = userAt(index);
    return {
      id: String(index),
      username: user.username,
      groups: user.groups ?? [],
      realmRoles: user.realmRoles ?? [],
      clientRoles: user.clientRoles ? ['realm-management/realm-admin'] : [],
      perUserMfaState: user.attributes?.['keyward.perUserMfaState']?.[0],
      credentials: user.credentials ?? [],
    };
  });
  const start = performance.now();
  userRegistrationDetails(parsed.document, facts);
  return performance.now() - start;
}

const server = await benchKeycloak();
try {
  const realm = await benchRealm(server, 'report', POLICY);
  const admin = await adminClient(server);
  await admin.roles.create({ realm, name: 'pilot' });
  await admin.groups.create({ realm, name: 'finance' });
  const rows: { users: number; seconds: number; first: number }[] = [];
  let created = 0;
  for (const size of sizes) {
    const adding = Array.from({ length: size - created }, (_, offset) => userAt(created + offset));
    const createStart = performance.now();
    await importUsers(await adminClient(server), realm, adding);
    created = size;
    process.stderr.write(
      `${size} users (created in ${((performance.now() - createStart) / 1000).toFixed(1)} s)\n`,
    );
    const samples: number[] = [];
    for (let round = 0; round < Number(values.repeat); round++) {
      const start = performance.now();
      const result = await runCli(
        ['report', 'registration', '--realm', realm, '--output', 'json', '--concurrency', values.concurrency],
        {
          KEYWARD_KEYCLOAK_URL: server.url,
          KEYWARD_ADMIN_USERNAME: server.adminUsername,
          KEYWARD_ADMIN_PASSWORD: server.adminPassword,
        },
        { timeoutMs: 600_000 },
      );
      samples.push((performance.now() - start) / 1000);
      if (result.code !== 0) throw new Error(`report failed: ${result.stderr}`);
      const report = JSON.parse(result.stdout) as { mfaRequiredBy: string[] }[];
      if (report.length !== size) throw new Error(`report has ${report.length} rows, expected ${size}`);
      process.stderr.write(`  report in ${(samples.at(-1) as number).toFixed(1)} s\n`);
    }
    // The fastest of the rounds: the machine is shared, and slower rounds measure the neighbours.
    const seconds = Math.min(...samples);
    rows.push({ users: size, seconds, first: samples[0] as number });
  }
  const pure = sizes.map((size) => `${size}: ${pureEvaluationMs(size).toFixed(0)} ms`).join(', ');
  const first = rows[0] as { users: number; seconds: number; first: number };
  const table = [
    `Run ${new Date().toISOString().slice(0, 16)}Z on ${machineLine()}; Keycloak ${server.backend} on the same machine; ` +
      `--concurrency ${values.concurrency}; the CLI as an admin runs it (process start included); fastest of ${values.repeat} runs per size.`,
    '',
    '| users | first run (s) | fastest run (s) | ms / user (fastest) | time vs. first size (fastest) | users vs. first size |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.users} | ${row.first.toFixed(1)} | ${row.seconds.toFixed(1)} | ${((row.seconds * 1000) / row.users).toFixed(2)} | ${(row.seconds / first.seconds).toFixed(1)}× | ${(row.users / first.users).toFixed(0)}× |`,
    ),
    '',
    `The pure evaluation alone (already-read facts through the sign-in evaluator, in-process): ${pure}.`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (values.write) await writeResults('<!-- report:begin -->', '<!-- report:end -->', table);
} finally {
  await server.stop();
}
