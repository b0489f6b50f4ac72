/**
 * `npm run bench:report`: `keyward report registration` on a realm of 1,000, 5,000 and 10,000 users (grown in
 * place: each size adds users to the last), under a policy document with security defaults off, four
 * Conditional Access policies (groups, roles, a named location, report-only) and privileged roles. A third of the
 * users have a TOTP credential, a fifth a per-user state, a quarter a group. Results: docs/benchmarks.md.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
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

const server = await benchKeycloak();
try {
  const realm = await benchRealm(server, 'report', POLICY);
  const admin = await adminClient(server);
  await admin.roles.create({ realm, name: 'pilot' });
  await admin.groups.create({ realm, name: 'finance' });
  const rows: { users: number; seconds: number }[] = [];
  let created = 0;
  for (const size of sizes) {
    const adding = Array.from({ length: size - created }, (_, offset) => userAt(created + offset));
    const createStart = performance.now();
    await importUsers(await adminClient(server), realm, adding);
    created = size;
    process.stderr.write(
      `${size} users (created in ${((performance.now() - createStart) / 1000).toFixed(1)} s)\n`,
    );
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
    const seconds = (performance.now() - start) / 1000;
    if (result.code !== 0) throw new Error(`report failed: ${result.stderr}`);
    const report = JSON.parse(result.stdout) as { mfaRequiredBy: string[] }[];
    if (report.length !== size) throw new Error(`report has ${report.length} rows, expected ${size}`);
    process.stderr.write(`  report in ${seconds.toFixed(1)} s\n`);
    rows.push({ users: size, seconds });
  }
  const first = rows[0] as { users: number; seconds: number };
  const table = [
    `Run ${new Date().toISOString().slice(0, 16)}Z on ${machineLine()}; Keycloak ${server.backend} on the same machine; ` +
      `--concurrency ${values.concurrency}; the CLI as an admin runs it (process start included).`,
    '',
    '| users | seconds | ms / user | time vs. first size | users vs. first size |',
    '|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.users} | ${row.seconds.toFixed(1)} | ${((row.seconds * 1000) / row.users).toFixed(2)} | ${(row.seconds / first.seconds).toFixed(1)}× | ${(row.users / first.users).toFixed(0)}× |`,
    ),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (values.write) await writeResults('<!-- report:begin -->', '<!-- report:end -->', table);
} finally {
  await server.stop();
}
