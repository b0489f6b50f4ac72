/**
 * `npm run bench`: complete browser sign-ins (authorization code + PKCE: password page, OTP page, code
 * exchange) against one Keycloak, side by side for Keycloak's stock `browser` flow and Keyward's
 * security-defaults flow. Reports sign-ins per second at a fixed concurrency and the Keycloak JVM's CPU
 * seconds per sign-in. Method and results: docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { readFile, readlink, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { connectAdmin } from '../../bridge/src/keycloak/admin/connection.js';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import {
  type KeycloakServer,
  keycloakVersion,
  startKeycloak,
} from '../../bridge/src/keycloak/manager/index.js';
import { repoPath } from '../../bridge/src/keycloak/manager/paths.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { LoginBrowser, LoginDriverError, type TotpAuthenticator } from '../support/login-driver.js';
import {
  addTotp,
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
} from '../support/realm-fixture.js';
import { clockTicksPerSecond, machineBusySeconds, ownCpuSeconds, processCpuSeconds } from './process-cpu.js';
import { percentile, type Spread, spreadOf } from './stats.js';

const USAGE = `Usage: npm run bench -- [options]

  --rounds <n>        measured rounds; each runs one phase per flow, order alternating (default 5)
  --signins <n>       sign-ins per measured phase (default 150)
  --warmup <n>        sign-ins per flow before measuring, to let the JIT settle (default 150)
  --concurrency <n>   virtual users signing in at once (default 4)
  --users <n>         users per realm, taken in turn (default 40)
  --write             replace the results in docs/benchmarks.md
  --help              show this help

Starts its own Keycloak (distribution backend, so its CPU time can be read) unless KEYWARD_KEYCLOAK_URL
is set; against an external Keycloak only sign-ins per second are measured.`;

/** The policy that turns on Keyward's security defaults and nothing else. */
const SECURITY_DEFAULTS_POLICY = 'apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: true }\n';

const RESULTS_BEGIN = '<!-- signin:begin -->';
const RESULTS_END = '<!-- signin:end -->';
const BENCHMARKS_DOC = repoPath('docs', 'benchmarks.md');

/** Another process's share of the machine above which the run is reported as shared. */
const SHARED_MACHINE_THRESHOLD = 0.05;

type FlowName = 'stock' | 'keyward';

const FLOW_LABELS: Record<FlowName, string> = {
  stock: 'Keycloak `browser` flow + OTP (stock)',
  keyward: 'Keyward security defaults + OTP',
};

interface BenchOptions {
  rounds: number;
  signIns: number;
  warmup: number;
  concurrency: number;
  users: number;
  write: boolean;
}

interface BenchUser {
  username: string;
  password: string;
  totp: TotpAuthenticator;
}

/** A realm to sign in to and its users, taken in turn across phases. */
interface SignInTarget {
  flow: FlowName;
  realm: TestRealm;
  users: BenchUser[];
  nextUser: number;
}

/** What one phase (a run of sign-ins against one flow) measured. */
interface PhaseResult {
  flow: FlowName;
  signIns: number;
  wallSeconds: number;
  /** CPU seconds of the Keycloak JVM; absent for an external Keycloak. */
  keycloakCpuSeconds: number | undefined;
  benchCpuSeconds: number;
  /** Busy CPU seconds of the machine not spent by Keycloak or this process; absent without Keycloak's CPU. */
  otherCpuSeconds: number | undefined;
  latenciesMs: number[];
}

/** Where the CPU readings come from; absent for an external Keycloak. */
interface CpuProbe {
  pid: number;
  ticksPerSecond: number;
}

function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '5' },
      signins: { type: 'string', default: '150' },
      warmup: { type: 'string', default: '150' },
      concurrency: { type: 'string', default: '4' },
      users: { type: 'string', default: '40' },
      write: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const positive = (name: string, text: string, minimum = 1): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < minimum) {
      throw new TypeError(`--${name} must be an integer ≥ ${minimum}, got "${text}"`);
    }
    return value;
  };
  return {
    rounds: positive('rounds', values.rounds),
    signIns: positive('signins', values.signins),
    warmup: positive('warmup', values.warmup, 0),
    concurrency: positive('concurrency', values.concurrency),
    users: positive('users', values.users),
    write: values.write,
  };
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Calls `work` for every item with at most `concurrency` calls in flight; fails on the first error. */
async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Lets the realm accept an OTP code more than once within its window. Keycloak rebuilds the whole OTP
 * policy from the representation when `otpPolicyType` is set (and ignores the flag without it), so every
 * `otpPolicy*` field is sent back as it was.
 */
async function allowOtpCodeReuse(server: KeycloakServer, realm: TestRealm): Promise<void> {
  const admin = await adminClient(server);
  const current = await admin.realms.findOne({ realm: realm.name });
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

/**
 * A realm whose OTP policy accepts a code more than once, users with a password and a TOTP credential, and
 * for Keyward the security-defaults policy applied. Code reuse is allowed in both realms alike, so a sign-in
 * never waits for the next TOTP period.
 */
async function prepareTarget(
  server: KeycloakServer,
  flow: FlowName,
  options: BenchOptions,
): Promise<SignInTarget> {
  const realm = await createTestRealm(server, `bench-${flow}`);
  await allowOtpCodeReuse(server, realm);
  if (flow === 'keyward') {
    const parsed = parsePolicy(SECURITY_DEFAULTS_POLICY, 'security-defaults.yaml');
    if (!parsed.ok) throw new Error(`The benchmark's policy is invalid: ${JSON.stringify(parsed.issues)}`);
    const client = await connectAdmin({
      keycloakUrl: server.url,
      username: server.adminUsername,
      password: server.adminPassword,
    });
    const { remaining } = await applyDocument(client, realm.name, parsed.document);
    if (remaining.changes.length > 0) {
      throw new Error(`Keycloak did not take ${remaining.changes.length} changes of the policy`);
    }
  }
  const usernames = Array.from({ length: options.users }, (_, i) => `user-${String(i + 1).padStart(3, '0')}`);
  const users: BenchUser[] = [];
  await forEachConcurrently(usernames, options.concurrency, async (username) => {
    const password = `${username}-password-1`;
    const user = await createUser(realm, { username, password });
    users.push({ username, password, totp: await addTotp(realm, user) });
  });
  users.sort((a, b) => a.username.localeCompare(b.username));

  const admin = await adminClient(server);
  const representation = await admin.realms.findOne({ realm: realm.name });
  const expectedFlow = flow === 'keyward' ? 'Keyward browser' : 'browser';
  if (representation?.browserFlow !== expectedFlow) {
    throw new Error(`Realm ${realm.name} binds "${representation?.browserFlow}", expected "${expectedFlow}"`);
  }
  if (representation.otpPolicyCodeReusable !== true) {
    throw new Error(`Realm ${realm.name} still refuses a reused OTP code`);
  }
  return { flow, realm, users, nextUser: 0 };
}

/**
 * One complete sign-in with an empty cookie jar, so Keycloak has no SSO session to short-cut it: the
 * password page, the OTP page, then the code exchange. Any other page fails the benchmark.
 */
async function signIn(browser: LoginBrowser, target: SignInTarget): Promise<void> {
  const user = target.users[target.nextUser++ % target.users.length] as BenchUser;
  await browser.jar.removeAllCookies();
  const flow = await browser.startSignIn({
    realm: target.realm.name,
    clientId: target.realm.clientId,
    redirectUri: target.realm.redirectUri,
  });
  if (flow.page.kind !== 'username-password') {
    throw new LoginDriverError('unexpected-page', 'Expected the password page first', flow.page);
  }
  await flow.submitPassword(user.username, user.password);
  await flow.submitOtp(await user.totp.codeAt(Date.now() / 1000));
  await flow.finish();
}

async function runPhase(
  server: KeycloakServer,
  target: SignInTarget,
  signIns: number,
  concurrency: number,
  cpu: CpuProbe | undefined,
): Promise<PhaseResult> {
  // One browser per virtual user: it keeps the client's discovery document, as an application would, and
  // starts every sign-in with no cookies.
  const browsers = Array.from({ length: concurrency }, () => new LoginBrowser(server.url));
  const latenciesMs: number[] = [];
  let started = 0;

  const keycloakBefore = cpu && (await processCpuSeconds(cpu.pid, cpu.ticksPerSecond));
  const machineBefore = cpu && (await machineBusySeconds(cpu.ticksPerSecond));
  const benchBefore = ownCpuSeconds();
  const startedAt = performance.now();
  await Promise.all(
    browsers.map(async (browser) => {
      while (started < signIns) {
        started++;
        const signInStartedAt = performance.now();
        await signIn(browser, target);
        latenciesMs.push(performance.now() - signInStartedAt);
      }
    }),
  );
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const benchCpuSeconds = ownCpuSeconds() - benchBefore;
  let keycloakCpuSeconds: number | undefined;
  let otherCpuSeconds: number | undefined;
  if (cpu && keycloakBefore !== undefined && machineBefore !== undefined) {
    keycloakCpuSeconds = (await processCpuSeconds(cpu.pid, cpu.ticksPerSecond)) - keycloakBefore;
    const machineSeconds = (await machineBusySeconds(cpu.ticksPerSecond)) - machineBefore;
    otherCpuSeconds = Math.max(0, machineSeconds - keycloakCpuSeconds - benchCpuSeconds);
  }
  return {
    flow: target.flow,
    signIns,
    wallSeconds,
    keycloakCpuSeconds,
    benchCpuSeconds,
    otherCpuSeconds,
    latenciesMs,
  };
}

function describePhase(result: PhaseResult): string {
  const rate = `${(result.signIns / result.wallSeconds).toFixed(1)} sign-ins/s`;
  const cpuPart =
    result.keycloakCpuSeconds === undefined
      ? ''
      : `, ${((result.keycloakCpuSeconds / result.signIns) * 1000).toFixed(1)} ms Keycloak CPU/sign-in`;
  return `${result.flow.padEnd(7)} ${result.signIns} sign-ins in ${result.wallSeconds.toFixed(1)} s: ${rate}${cpuPart}`;
}

const signInsPerSecond = (phase: PhaseResult): number => phase.signIns / phase.wallSeconds;
const keycloakCpuMs = (phase: PhaseResult): number =>
  ((phase.keycloakCpuSeconds ?? Number.NaN) / phase.signIns) * 1000;

/** Facts about the run that a reader needs to judge the numbers. */
interface RunContext {
  date: string;
  keycloakVersion: string;
  backend: string;
  jdk: string;
  jvmOptions: string;
  machine: string;
  passwordHashing: string;
  options: BenchOptions;
  loadBefore: number[];
  loadAfter: number[];
  totalSeconds: number;
}

function formatSpread(spread: Spread, digits: number): string {
  return `${spread.median.toFixed(digits)} (${spread.min.toFixed(digits)}–${spread.max.toFixed(digits)})`;
}

function formatPercent(spread: Spread): string {
  const percent = (ratio: number) => `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)} %`;
  return `${percent(spread.median)} (${percent(spread.min)} … ${percent(spread.max)})`;
}

/** The results section of docs/benchmarks.md: the table and the facts of the run. */
function renderResults(phases: PhaseResult[], context: RunContext): string {
  const byFlow = (flow: FlowName) => phases.filter((phase) => phase.flow === flow);
  const cpuMeasured = phases.every((phase) => phase.keycloakCpuSeconds !== undefined);
  // Rounds pair one phase of each flow run back to back, so their ratio cancels drift between rounds.
  const stock = byFlow('stock');
  const keyward = byFlow('keyward');
  const ratios = (measure: (phase: PhaseResult) => number) =>
    spreadOf(stock.map((phase, i) => measure(keyward[i] as PhaseResult) / measure(phase)));

  const rows = (['stock', 'keyward'] as const).map((flow) => {
    const flowPhases = byFlow(flow);
    const latencies = flowPhases.flatMap((phase) => phase.latenciesMs);
    return [
      FLOW_LABELS[flow],
      formatSpread(spreadOf(flowPhases.map(signInsPerSecond)), 1),
      cpuMeasured ? formatSpread(spreadOf(flowPhases.map(keycloakCpuMs)), 1) : 'not measured',
      `${percentile(latencies, 50).toFixed(0)} / ${percentile(latencies, 95).toFixed(0)}`,
    ];
  });
  rows.push([
    '**Keyward vs stock** (ratio per round)',
    formatPercent(ratios(signInsPerSecond)),
    cpuMeasured ? formatPercent(ratios(keycloakCpuMs)) : 'not measured',
    '',
  ]);

  const totalSignIns = phases.reduce((sum, phase) => sum + phase.signIns, 0);
  const benchCpuMs = (phases.reduce((sum, phase) => sum + phase.benchCpuSeconds, 0) / totalSignIns) * 1000;
  const machineCores = cpus().length;
  const otherShares = phases.map((phase) =>
    phase.otherCpuSeconds === undefined
      ? Number.NaN
      : phase.otherCpuSeconds / (phase.wallSeconds * machineCores),
  );
  const otherShare = cpuMeasured ? spreadOf(otherShares) : undefined;
  const shared =
    otherShare === undefined
      ? 'not measured (external Keycloak)'
      : `other processes used ${(otherShare.median * 100).toFixed(1)} % of the machine's CPU during the median ` +
        `phase (${(otherShare.min * 100).toFixed(1)}–${(otherShare.max * 100).toFixed(1)} %)` +
        (otherShare.max > SHARED_MACHINE_THRESHOLD ? ': **the machine was shared during the run**' : '');
  const { options } = context;
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');

  return [
    '| flow | sign-ins/s, median (min–max) | Keycloak CPU ms per sign-in, median (min–max) | latency p50 / p95 ms |',
    '|---|---:|---:|---:|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `- Run: ${context.date}, ${context.totalSeconds.toFixed(0)} s in all; ${options.rounds} rounds × ` +
      `${options.signIns} sign-ins per flow, concurrency ${options.concurrency}, ${options.users} users per realm, ` +
      `${options.warmup} warm-up sign-ins per flow.`,
    `- Keycloak ${context.keycloakVersion} (${context.backend} backend, \`--db=dev-file\`, \`--cache=local\`), ` +
      `${context.jdk}; JVM options: ${context.jvmOptions}.`,
    `- Machine: ${context.machine}. Load average (1/5/15 min) before ${load(context.loadBefore)}, ` +
      `after ${load(context.loadAfter)}.`,
    `- Sharing: ${shared}.`,
    `- The load generator (this Node process, same machine) used ${benchCpuMs.toFixed(1)} ms CPU per sign-in.`,
    `- Password hashing (both realms, Keycloak's default): ${context.passwordHashing}.`,
  ].join('\n');
}

async function describeJvm(pid: number | undefined): Promise<{ jdk: string; jvmOptions: string }> {
  if (pid === undefined) return { jdk: 'JDK unknown (external server)', jvmOptions: 'unknown' };
  const java = await readlink(`/proc/${pid}/exe`);
  const { stderr } = await promisify(execFile)(java, ['-version']);
  const [, runtime] = stderr.trim().split('\n');
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  const memory = args.filter((arg) => /^-Xm[sx]|^-XX:(\w*RAMPercentage|\+Use\w+GC)/.test(arg));
  return {
    jdk: runtime?.trim() ?? java,
    jvmOptions: memory.length > 0 ? memory.map((arg) => `\`${arg}\``).join(' ') : 'defaults',
  };
}

async function describePasswordHashing(server: KeycloakServer, target: SignInTarget): Promise<string> {
  const admin = await adminClient(server);
  const [user] = await admin.users.find({ realm: target.realm.name, username: target.users[0]?.username });
  if (!user?.id) return 'unknown';
  const credentials = await admin.users.getCredentials({ realm: target.realm.name, id: user.id });
  const password = credentials.find((credential) => credential.type === 'password');
  const data = JSON.parse(password?.credentialData ?? '{}') as {
    algorithm?: string;
    hashIterations?: number;
  };
  return `${data.algorithm ?? 'unknown'}${data.hashIterations ? `, ${data.hashIterations} iterations` : ''}`;
}

async function writeResults(section: string): Promise<void> {
  const doc = await readFile(BENCHMARKS_DOC, 'utf8');
  const begin = doc.indexOf(RESULTS_BEGIN);
  const end = doc.indexOf(RESULTS_END);
  if (begin < 0 || end < begin) {
    throw new Error(`${BENCHMARKS_DOC} has no ${RESULTS_BEGIN} … ${RESULTS_END} section`);
  }
  await writeFile(
    BENCHMARKS_DOC,
    `${doc.slice(0, begin + RESULTS_BEGIN.length)}\n${section}\n${doc.slice(end)}`,
    'utf8',
  );
}

async function bench(options: BenchOptions, server: KeycloakServer, startedAt: number): Promise<string> {
  const loadBefore = loadavg();
  const cpu: CpuProbe | undefined =
    server.pid === undefined ? undefined : { pid: server.pid, ticksPerSecond: await clockTicksPerSecond() };
  if (!cpu) {
    progress(
      `Keycloak's CPU cannot be read (${server.backend} backend): measuring sign-ins per second only.`,
    );
  }

  progress(`Creating two realms with ${options.users} users each, every user with TOTP…`);
  const targets: Record<FlowName, SignInTarget> = {
    stock: await prepareTarget(server, 'stock', options),
    keyward: await prepareTarget(server, 'keyward', options),
  };
  try {
    // Two alternations, so the JIT compiles both flows' code paths interleaved, as in the measured rounds.
    const warmupHalf = Math.ceil(options.warmup / 2);
    for (let i = 0; warmupHalf > 0 && i < 2; i++) {
      for (const flow of ['stock', 'keyward'] as const) {
        progress(
          `warm-up  ${describePhase(await runPhase(server, targets[flow], warmupHalf, options.concurrency, cpu))}`,
        );
      }
    }

    const phases: PhaseResult[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // Stock first in even rounds, Keyward first in odd ones: neither flow always runs later.
      const order: FlowName[] = round % 2 === 0 ? ['stock', 'keyward'] : ['keyward', 'stock'];
      for (const flow of order) {
        const result = await runPhase(server, targets[flow], options.signIns, options.concurrency, cpu);
        phases.push(result);
        progress(`round ${round + 1}/${options.rounds} ${describePhase(result)}`);
      }
    }

    const jvm = await describeJvm(server.pid);
    const cores = cpus();
    return renderResults(phases, {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      keycloakVersion: await keycloakVersion(),
      backend: server.backend,
      ...jvm,
      machine: `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), Keycloak and the load generator on it together`,
      passwordHashing: await describePasswordHashing(server, targets.stock),
      options,
      loadBefore,
      loadAfter: loadavg(),
      totalSeconds: (performance.now() - startedAt) / 1000,
    });
  } finally {
    if (server.backend === 'external') {
      await Promise.all([deleteRealm(targets.stock.realm), deleteRealm(targets.keyward.realm)]);
    }
  }
}

async function main(): Promise<void> {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const startedAt = performance.now();
  const server = await startKeycloak({
    backend: process.env.KEYWARD_KEYCLOAK_URL ? 'external' : 'distribution',
    onProgress: progress,
  });
  const stopOnSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping Keycloak…`);
    void server.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    progress(
      `Keycloak (${server.backend}) ready at ${server.url}${server.pid ? `, JVM pid ${server.pid}` : ''}.`,
    );
    const section = await bench(options, server, startedAt);
    process.stdout.write(`\n${section}\n`);
    if (options.write) {
      await writeResults(section);
      progress(`Wrote the results to ${BENCHMARKS_DOC}.`);
    }
  } finally {
    await server.stop();
  }
}

await main();
