/**
 * `npm run bench:ca`: what 50 Conditional Access policies cost Keycloak per sign-in. Complete browser sign-ins
 * (password, TOTP, code exchange) side by side in one run against one Keycloak: Keycloak's stock `browser` flow with
 * OTP, Keyward with security defaults (its flow without policies), Keyward with the 50-policy document of
 * test/bench/ca-policies.ts, and the same with the Temporary Access Pass enabled (identity first: the username on a
 * page of its own). Reports the Keycloak JVM's CPU milliseconds per sign-in (from /proc) and sign-ins per
 * second. Method and results: docs/benchmarks.md ("Conditional Access").
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import {
  type KeycloakServer,
  keycloakVersion,
  startKeycloak,
} from '../../bridge/src/keycloak/manager/index.js';
import { repoPath } from '../../bridge/src/keycloak/manager/paths.js';
import { type PolicyDocument, parsePolicy } from '../../bridge/src/policy/index.js';
import { LoginBrowser, LoginDriverError, type TotpAuthenticator } from '../support/login-driver.js';
import {
  addTotp,
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
} from '../support/realm-fixture.js';
import { fiftyPolicyDocument, POLICY_COUNT, REFERENCED } from './ca-policies.js';
import { clockTicksPerSecond, machineBusySeconds, ownCpuSeconds, processCpuSeconds } from './process-cpu.js';
import { type Spread, spreadOf } from './stats.js';

const USAGE = `Usage: npm run bench:ca -- [options]

  --rounds <n>        measured rounds; each runs one phase per flow, order rotating (default 5)
  --signins <n>       sign-ins per phase (default 100)
  --warmup <n>        sign-ins per flow before measuring (default 150)
  --concurrency <n>   virtual users signing in at once (default 4)
  --users <n>         users per realm (default 20)
  --write             replace the results in docs/benchmarks.md
  --help              show this help

Starts its own Keycloak (distribution backend, so its CPU time can be read) unless KEYWARD_KEYCLOAK_URL is set.`;

/** Another process's share of the machine above which the run is reported as shared (as `npm run bench`). */
const SHARED_MACHINE_THRESHOLD = 0.05;

const BEGIN = '<!-- ca:signin:begin -->';
const END = '<!-- ca:signin:end -->';

type FlowName = 'stock' | 'defaults' | 'fifty' | 'tap';
const FLOWS: FlowName[] = ['stock', 'defaults', 'fifty', 'tap'];
const LABELS: Record<FlowName, string> = {
  stock: 'Keycloak `browser` flow + OTP (stock)',
  defaults: 'Keyward, security defaults (no policies)',
  fifty: `Keyward, ${POLICY_COUNT} Conditional Access policies`,
  tap: `Keyward, ${POLICY_COUNT} policies + Temporary Access Pass (identity first)`,
};

interface Options {
  rounds: number;
  signIns: number;
  warmup: number;
  concurrency: number;
  users: number;
  write: boolean;
}

interface Target {
  flow: FlowName;
  realm: TestRealm;
  users: { username: string; password: string; totp: TotpAuthenticator }[];
  next: number;
  pages?: string;
}

interface Phase {
  flow: FlowName;
  signIns: number;
  seconds: number;
  cpuSeconds: number | undefined;
  /** This process's CPU time (the load generator). */
  benchCpuSeconds: number;
  /** Busy CPU time of the machine outside Keycloak and the load generator. */
  otherCpuSeconds: number | undefined;
}

const progress = (message: string) => process.stderr.write(`[bench:ca] ${message}\n`);

async function allowOtpReuse(server: KeycloakServer, realm: TestRealm): Promise<void> {
  const admin = await adminClient(server);
  const current = await admin.realms.findOne({ realm: realm.name });
  // Keycloak reads the OTP policy only from a representation that carries all of it.
  await admin.realms.update(
    { realm: realm.name },
    {
      otpPolicyType: current?.otpPolicyType,
      otpPolicyAlgorithm: current?.otpPolicyAlgorithm,
      otpPolicyInitialCounter: current?.otpPolicyInitialCounter,
      otpPolicyDigits: current?.otpPolicyDigits,
      otpPolicyLookAheadWindow: current?.otpPolicyLookAheadWindow,
      otpPolicyPeriod: current?.otpPolicyPeriod,
      otpSupportedApplications: current?.otpSupportedApplications,
      otpPolicyCodeReusable: true,
    },
  );
}

function documentFor(flow: FlowName): PolicyDocument | undefined {
  if (flow === 'stock') return undefined;
  if (flow === 'fifty') return fiftyPolicyDocument();
  if (flow === 'tap') return fiftyPolicyDocument({ temporaryAccessPass: true });
  const parsed = parsePolicy(
    'apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: true }\n',
    'defaults.yaml',
  );
  if (!parsed.ok) throw new Error('invalid security-defaults document');
  return parsed.document;
}

async function prepare(server: KeycloakServer, flow: FlowName, options: Options): Promise<Target> {
  const realm = await createTestRealm(server, `bench-ca-${flow}`);
  await allowOtpReuse(server, realm);
  const admin = await adminClient(server);
  // Everything the 50 policies name exists, as in a real realm (a missing role would make Keycloak fail closed).
  for (const name of REFERENCED.groups) await admin.groups.create({ realm: realm.name, name });
  for (const name of REFERENCED.realmRoles) await admin.roles.create({ realm: realm.name, name });
  for (const clientId of REFERENCED.clients) await admin.clients.create({ realm: realm.name, clientId });
  const users: Target['users'] = [];
  for (let n = 1; n <= options.users; n++) {
    const username = `user-${String(n).padStart(3, '0')}`;
    const password = `${username}-password-1`;
    const user = await createUser(realm, { username, password });
    users.push({ username, password, totp: await addTotp(realm, user) });
  }
  const document = documentFor(flow);
  if (document) {
    const { remaining } = await applyDocument(await adminClient(server), realm.name, document, undefined, {
      allowLockout: true,
    });
    if (remaining.changes.length > 0) throw new Error(`Keycloak did not take the ${flow} document`);
  }
  return { flow, realm, users, next: 0 };
}

/** One complete sign-in with no cookies: sign-in form(s), password, TOTP code, code exchange. */
async function signIn(browser: LoginBrowser, target: Target): Promise<void> {
  const user = target.users[target.next++ % target.users.length] as Target['users'][number];
  await browser.jar.removeAllCookies();
  const flow = await browser.startSignIn({
    realm: target.realm.name,
    clientId: target.realm.clientId,
    redirectUri: target.realm.redirectUri,
  });
  const pages = [flow.page.kind];
  // Identity first (Keyward): the username on a page of its own, then the password.
  if (flow.page.kind === 'username') pages.push((await flow.submit({ username: user.username })).kind);
  pages.push((await flow.submitPassword(user.username, user.password)).kind);
  if (flow.page.kind !== 'otp')
    throw new LoginDriverError('unexpected-page', 'Expected the OTP page', flow.page);
  pages.push((await flow.submitOtp(await user.totp.codeAt(Math.floor(Date.now() / 1000)))).kind);
  await flow.finish();
  target.pages ??= pages.join(' → ');
}

async function phase(server: KeycloakServer, target: Target, count: number, options: Options, pid?: number) {
  const ticks = pid === undefined ? 0 : await clockTicksPerSecond();
  const browsers = Array.from({ length: options.concurrency }, () => new LoginBrowser(server.url));
  let started = 0;
  const cpuBefore = pid === undefined ? undefined : await processCpuSeconds(pid, ticks);
  const machineBefore = pid === undefined ? undefined : await machineBusySeconds(ticks);
  const benchBefore = ownCpuSeconds();
  const startedAt = performance.now();
  await Promise.all(
    browsers.map(async (browser) => {
      while (started < count) {
        started++;
        await signIn(browser, target);
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const benchCpuSeconds = ownCpuSeconds() - benchBefore;
  const cpuSeconds =
    pid === undefined || cpuBefore === undefined
      ? undefined
      : (await processCpuSeconds(pid, ticks)) - cpuBefore;
  const otherCpuSeconds =
    cpuSeconds === undefined || machineBefore === undefined
      ? undefined
      : Math.max(0, (await machineBusySeconds(ticks)) - machineBefore - cpuSeconds - benchCpuSeconds);
  return { flow: target.flow, signIns: count, seconds, cpuSeconds, benchCpuSeconds, otherCpuSeconds };
}

const cpuMs = (phase: Phase) => ((phase.cpuSeconds ?? Number.NaN) / phase.signIns) * 1000;
const rate = (phase: Phase) => phase.signIns / phase.seconds;
const otherShare = (phase: Phase) => (phase.otherCpuSeconds ?? Number.NaN) / (phase.seconds * cpus().length);

/** How much of the machine processes other than Keycloak and the load generator used, and what the latter used. */
function sharing(phases: Phase[]): string[] {
  if (phases.some((phase) => phase.otherCpuSeconds === undefined)) {
    return ['Sharing: not measured (external Keycloak).'];
  }
  const others = spreadOf(phases.map(otherShare));
  const benchMs = spreadOf(phases.map((phase) => (phase.benchCpuSeconds / phase.signIns) * 1000));
  return [
    `Sharing: processes other than Keycloak and the load generator used ${(others.median * 100).toFixed(1)} % of the ` +
      `machine's CPU in the median phase (${(others.min * 100).toFixed(1)}–${(others.max * 100).toFixed(1)} %)` +
      (others.max > SHARED_MACHINE_THRESHOLD
        ? ': **the machine was shared during the run**; the per-round ratios are the figures to read, and their ' +
          'spread says how much the sharing blurred them.'
        : ': the machine was not shared.'),
    `The load generator (this Node process, same machine, ${cpus().length} cores shared with Keycloak) used ` +
      `${benchMs.median.toFixed(1)} ms CPU per sign-in (median phase).`,
  ];
}
const fmt = (spread: Spread, digits: number) =>
  `${spread.median.toFixed(digits)} (${spread.min.toFixed(digits)}–${spread.max.toFixed(digits)})`;
const percent = (spread: Spread) =>
  `${((spread.median - 1) * 100).toFixed(1)} % (${((spread.min - 1) * 100).toFixed(1)} … ${((spread.max - 1) * 100).toFixed(1)} %)`;

function render(
  phases: Phase[],
  targets: Record<FlowName, Target>,
  options: Options,
  facts: string[],
): string {
  const of = (flow: FlowName) => phases.filter((phase) => phase.flow === flow);
  const measured = phases.every((phase) => phase.cpuSeconds !== undefined);
  const rows = FLOWS.map((flow) => {
    const own = of(flow);
    const stock = of('stock');
    const ratio = spreadOf(own.map((phase, index) => cpuMs(phase) / cpuMs(stock[index] as Phase)));
    return `| ${LABELS[flow]} | ${fmt(spreadOf(own.map(rate)), 1)} | ${measured ? fmt(spreadOf(own.map(cpuMs)), 1) : 'not measured'} | ${
      flow === 'stock' || !measured ? '–' : percent(ratio)
    } |`;
  });
  return [
    '| flow | sign-ins / s, median (min–max) | Keycloak CPU ms per sign-in, median (min–max) | CPU vs stock, per-round ratio: median (min … max) |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `- ${options.rounds} rounds × ${options.signIns} sign-ins per flow, order rotating each round; ${options.warmup} ` +
      `warm-up sign-ins per flow; concurrency ${options.concurrency}; ${options.users} users per realm.`,
    ...facts.map((fact) => `- ${fact}`),
    `- Pages of one sign-in: ${FLOWS.map((flow) => `${flow} \`${targets[flow].pages}\``).join(', ')}.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      signins: { type: 'string', default: '100' },
      warmup: { type: 'string', default: '150' },
      concurrency: { type: 'string', default: '4' },
      users: { type: 'string', default: '20' },
      write: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options: Options = {
    rounds: Number(values.rounds),
    signIns: Number(values.signins),
    warmup: Number(values.warmup),
    concurrency: Number(values.concurrency),
    users: Number(values.users),
    write: values.write,
  };
  const startedAt = Date.now();
  const server = await startKeycloak({
    ...(process.env.KEYWARD_KEYCLOAK_URL ? {} : { backend: 'distribution' as const }),
    onProgress: progress,
  });
  const targets = {} as Record<FlowName, Target>;
  try {
    for (const flow of FLOWS) {
      progress(`preparing ${flow}`);
      targets[flow] = await prepare(server, flow, options);
    }
    for (const flow of [...FLOWS, ...FLOWS]) {
      await phase(server, targets[flow], Math.ceil(options.warmup / 2), options);
    }
    const phases: Phase[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = FLOWS.map((_, index) => FLOWS[(index + round) % FLOWS.length] as FlowName);
      for (const flow of order) {
        const result = await phase(server, targets[flow], options.signIns, options, server.pid);
        phases.push(result);
        progress(
          `round ${round + 1} ${flow}: ${rate(result).toFixed(1)}/s, ${cpuMs(result).toFixed(1)} ms CPU/sign-in`,
        );
      }
    }
    const facts = [
      `Run ${new Date(startedAt).toISOString().slice(0, 16)}Z, ${((Date.now() - startedAt) / 1000).toFixed(0)} s in all.`,
      `Server: Keycloak ${await keycloakVersion()} with the Keyward extension, ${server.backend} backend (dev-file H2, local cache, HTTP on loopback), same machine.`,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average at the end ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' / ')}.`,
      ...sharing(phases),
    ];
    const section = render(phases, targets, options, facts);
    process.stdout.write(`${section}\n`);
    if (options.write) {
      const path = repoPath('docs', 'benchmarks.md');
      const lines = (await readFile(path, 'utf8')).split('\n');
      const begin = lines.findIndex((line) => line.trim() === BEGIN);
      const end = lines.findIndex((line, index) => index > begin && line.trim() === END);
      if (begin < 0 || end < 0) throw new Error(`${path} has no lines ${BEGIN} and ${END} to write between`);
      lines.splice(begin + 1, end - begin - 1, section);
      await writeFile(path, lines.join('\n'), 'utf8');
    }
  } finally {
    for (const target of Object.values(targets)) await deleteRealm(target.realm).catch(() => undefined);
    await server.stop();
  }
}

await main();
