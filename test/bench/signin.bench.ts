/**
 * `npm run bench`: complete browser sign-ins (authorization code + PKCE: password page, OTP page, code
 * exchange) against one Keycloak, side by side for Keycloak's stock `browser` flow and Keyward's
 * security-defaults flow. Reports sign-ins per second at a fixed concurrency and the Keycloak JVM's CPU
 * seconds per sign-in. Method and results: docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { readFile, readlink, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
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
import {
  LoginBrowser,
  LoginDriverError,
  type LoginPageKind,
  type TotpAuthenticator,
} from '../support/login-driver.js';
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

/** Sized so that a whole run, Keycloak's start included, stays within about five minutes on 2 cores. */
const DEFAULTS = { rounds: 8, signins: 150, warmup: 800, concurrency: 4, users: 40, timeLimit: 300 } as const;

const USAGE = `Usage: npm run bench -- [options]

  --rounds <n>        measured rounds; each runs one phase per flow, order alternating (default ${DEFAULTS.rounds})
  --signins <n>       sign-ins per measured phase (default ${DEFAULTS.signins})
  --warmup <n>        sign-ins per flow before measuring, to let the JIT settle (default ${DEFAULTS.warmup})
  --concurrency <n>   virtual users signing in at once (default ${DEFAULTS.concurrency})
  --users <n>         users per realm, taken in turn (default ${DEFAULTS.users})
  --time-limit <s>    start no further round once the run would exceed this many seconds in all,
                      Keycloak's start included; complete rounds are kept (default ${DEFAULTS.timeLimit})
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
  /** Seconds; no round starts that would end after it (at least one round always runs). */
  timeLimit: number;
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
  /** The pages of a sign-in as the user sees them, e.g. `username-password → otp → callback`. */
  pagesShown: string | undefined;
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
      rounds: { type: 'string', default: String(DEFAULTS.rounds) },
      signins: { type: 'string', default: String(DEFAULTS.signins) },
      warmup: { type: 'string', default: String(DEFAULTS.warmup) },
      concurrency: { type: 'string', default: String(DEFAULTS.concurrency) },
      users: { type: 'string', default: String(DEFAULTS.users) },
      'time-limit': { type: 'string', default: String(DEFAULTS.timeLimit) },
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
    timeLimit: positive('time-limit', values['time-limit']),
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
  realm: TestRealm,
  options: BenchOptions,
): Promise<SignInTarget> {
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
  return { flow, realm, users, nextUser: 0, pagesShown: undefined };
}

/**
 * One complete sign-in with an empty cookie jar, so Keycloak has no SSO session to short-cut it: the sign-in
 * form (username and password on one page, or identity first: the username, then the password), the OTP
 * page, then the code exchange. Any other page fails the benchmark.
 */
async function signIn(browser: LoginBrowser, target: SignInTarget): Promise<void> {
  const user = target.users[target.nextUser++ % target.users.length] as BenchUser;
  await browser.jar.removeAllCookies();
  const flow = await browser.startSignIn({
    realm: target.realm.name,
    clientId: target.realm.clientId,
    redirectUri: target.realm.redirectUri,
  });
  const shown: LoginPageKind[] = [flow.page.kind];
  if (flow.page.kind === 'username') {
    shown.push((await flow.submit({ username: user.username })).kind);
  } else if (flow.page.kind !== 'username-password') {
    throw new LoginDriverError('unexpected-page', 'Expected the sign-in form first', flow.page);
  }
  shown.push((await flow.submitPassword(user.username, user.password)).kind);
  shown.push((await flow.submitOtp(await user.totp.codeAt(Date.now() / 1000))).kind);
  await flow.finish();
  target.pagesShown ??= shown.join(' → ');
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
      : `, ${keycloakCpuMs(result).toFixed(1)} ms Keycloak CPU/sign-in, ` +
        `others ${(otherShare(result) * 100).toFixed(0)} % of the machine`;
  return `${result.flow.padEnd(7)} ${result.signIns} sign-ins in ${result.wallSeconds.toFixed(1)} s: ${rate}${cpuPart}`;
}

const signInsPerSecond = (phase: PhaseResult): number => phase.signIns / phase.wallSeconds;
const keycloakCpuMs = (phase: PhaseResult): number =>
  ((phase.keycloakCpuSeconds ?? Number.NaN) / phase.signIns) * 1000;
/** The share of the machine's CPU capacity that processes other than Keycloak and this one used. */
const otherShare = (phase: PhaseResult): number =>
  (phase.otherCpuSeconds ?? Number.NaN) / (phase.wallSeconds * cpus().length);

/** Facts about the run that a reader needs to judge the numbers. */
interface RunContext {
  date: string;
  /** Which Keycloak ran, how it was started and on which JVM. */
  keycloak: string;
  machine: string;
  passwordHashing: string;
  /** Each realm's browser flow as Keycloak runs it, and the pages one sign-in showed. */
  flows: Record<FlowName, { alias: string; tree: string; pagesShown: string }>;
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
  const extraCpuMs = spreadOf(
    stock.map((phase, i) => keycloakCpuMs(keyward[i] as PhaseResult) - keycloakCpuMs(phase)),
  );

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
    '**Keyward vs stock**, median (min … max) of the per-round ratios',
    formatPercent(ratios(signInsPerSecond)),
    cpuMeasured
      ? `${formatPercent(ratios(keycloakCpuMs))}; ${extraCpuMs.median >= 0 ? '+' : '−'}${Math.abs(extraCpuMs.median).toFixed(1)} ms`
      : 'not measured',
    '',
  ]);

  const totalSignIns = phases.reduce((sum, phase) => sum + phase.signIns, 0);
  const benchCpuMs = (phases.reduce((sum, phase) => sum + phase.benchCpuSeconds, 0) / totalSignIns) * 1000;
  const others = cpuMeasured ? spreadOf(phases.map(otherShare)) : undefined;
  const shared =
    others === undefined
      ? 'not measured (external Keycloak)'
      : `processes other than Keycloak and the load generator used ${(others.median * 100).toFixed(1)} % ` +
        `of the machine's CPU in the median phase (${(others.min * 100).toFixed(1)}–${(others.max * 100).toFixed(1)} %)` +
        (others.max > SHARED_MACHINE_THRESHOLD
          ? ': **the machine was shared during the run**'
          : ': the machine was not shared');
  const { options } = context;
  const rounds =
    stock.length < options.rounds
      ? `${stock.length} of ${options.rounds} rounds (time limit ${options.timeLimit} s reached)`
      : `${stock.length} rounds`;
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  const cpuCell = (phase: PhaseResult) => (cpuMeasured ? keycloakCpuMs(phase).toFixed(1) : '–');
  const roundRows = stock.map((stockPhase, i) => {
    const keywardPhase = keyward[i] as PhaseResult;
    const [first, second] = i % 2 === 0 ? [stockPhase, keywardPhase] : [keywardPhase, stockPhase];
    return [
      String(i + 1),
      i % 2 === 0 ? 'stock, Keyward' : 'Keyward, stock',
      signInsPerSecond(stockPhase).toFixed(1),
      cpuCell(stockPhase),
      signInsPerSecond(keywardPhase).toFixed(1),
      cpuCell(keywardPhase),
      cpuMeasured
        ? `${(otherShare(first) * 100).toFixed(0)} %, ${(otherShare(second) * 100).toFixed(0)} %`
        : '–',
    ];
  });

  return [
    '| flow | sign-ins/s, median (min–max) | Keycloak CPU ms per sign-in, median (min–max) | latency p50 / p95 ms |',
    '|---|---:|---:|---:|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `- Run: ${context.date}, ${context.totalSeconds.toFixed(0)} s in all; ${rounds} × ` +
      `${options.signIns} sign-ins per flow, concurrency ${options.concurrency}, ${options.users} users per realm, ` +
      `${options.warmup} warm-up sign-ins per flow.`,
    `- Server: ${context.keycloak}.`,
    `- Machine: ${context.machine}. Load average (1/5/15 min) before ${load(context.loadBefore)}, ` +
      `after ${load(context.loadAfter)}.`,
    `- Sharing: ${shared}.`,
    `- The load generator (this Node process, same machine) used ${benchCpuMs.toFixed(1)} ms CPU per sign-in.`,
    `- Password hashing (both realms, Keycloak's default): ${context.passwordHashing}.`,
    `- Pages of one sign-in, before the code exchange: stock \`${context.flows.stock.pagesShown}\`, ` +
      `Keyward \`${context.flows.keyward.pagesShown}\`.`,
    '',
    'Per round (phases in the order run; the last column is what other processes used of the machine):',
    '',
    '| round | order | stock sign-ins/s | stock CPU ms | Keyward sign-ins/s | Keyward CPU ms | others |',
    '|---:|---|---:|---:|---:|---:|---:|',
    ...roundRows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    '<details><summary>The two browser flows as applied in this run</summary>',
    '',
    ...(['stock', 'keyward'] as const).flatMap((flow) => [
      `${FLOW_LABELS[flow]}, flow \`${context.flows[flow].alias}\`:`,
      '',
      '```text',
      context.flows[flow].tree,
      '```',
      '',
    ]),
    '</details>',
  ].join('\n');
}

/** The Keycloak that ran: version, how the manager starts it, the JDK and the JVM's memory and GC options. */
async function describeKeycloak(server: KeycloakServer): Promise<string> {
  if (server.pid === undefined) {
    return `the Keycloak at ${server.url} (${server.backend}; version, database and JVM not read)`;
  }
  const java = await readlink(`/proc/${server.pid}/exe`);
  const { stderr } = await promisify(execFile)(java, ['-version']);
  const runtime = stderr.trim().split('\n')[1]?.trim() ?? java;
  const args = (await readFile(`/proc/${server.pid}/cmdline`, 'utf8')).split('\0');
  const jvmOptions = args.filter((arg) => /^-Xm[sx]|^-XX:(\w*RAMPercentage|\+Use\w+GC)/.test(arg));
  return (
    `Keycloak ${await keycloakVersion()} with the Keyward extension (${server.backend} backend: ` +
    '`kc.sh start --optimized`, `--db=dev-file` (H2), `--cache=local`, HTTP on loopback), ' +
    `${runtime}, ${jvmOptions.map((arg) => `\`${arg}\``).join(' ') || 'default JVM options'}`
  );
}

/** The realm's browser flow as Keycloak lists its executions: one line per step, indented by depth. */
async function describeBrowserFlow(
  server: KeycloakServer,
  target: SignInTarget,
): Promise<{ alias: string; tree: string; pagesShown: string }> {
  const admin = await adminClient(server);
  const alias = (await admin.realms.findOne({ realm: target.realm.name }))?.browserFlow ?? 'browser';
  const executions = await admin.authenticationManagement.getExecutions({
    realm: target.realm.name,
    flow: alias,
  });
  const tree = executions
    .map((execution) => {
      const step = execution.authenticationFlow
        ? `${execution.displayName} (sub-flow)`
        : `${execution.displayName} [${execution.providerId}]`;
      return `${'  '.repeat(execution.level ?? 0)}${step}  ${execution.requirement}`;
    })
    .join('\n');
  return { alias, tree, pagesShown: target.pagesShown ?? 'none recorded' };
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

/** Replaces the lines between the two marker lines of docs/benchmarks.md (markers quoted in prose do not count). */
async function writeResults(section: string): Promise<void> {
  const lines = (await readFile(BENCHMARKS_DOC, 'utf8')).split('\n');
  const begin = lines.findIndex((line) => line.trim() === RESULTS_BEGIN);
  const end = lines.findIndex((line, index) => index > begin && line.trim() === RESULTS_END);
  if (begin < 0 || end < 0) {
    throw new Error(`${BENCHMARKS_DOC} has no lines ${RESULTS_BEGIN} and ${RESULTS_END} to write between`);
  }
  lines.splice(begin + 1, end - begin - 1, section);
  await writeFile(BENCHMARKS_DOC, lines.join('\n'), 'utf8');
}

async function bench(
  options: BenchOptions,
  server: KeycloakServer,
  startedAt: number,
  cleanups: Array<() => Promise<void>>,
): Promise<string> {
  const loadBefore = loadavg();
  const cpu: CpuProbe | undefined =
    server.pid === undefined ? undefined : { pid: server.pid, ticksPerSecond: await clockTicksPerSecond() };
  if (!cpu) {
    progress(
      `Keycloak's CPU cannot be read (${server.backend} backend): measuring sign-ins per second only.`,
    );
  }

  progress(`Creating two realms with ${options.users} users each, every user with TOTP…`);
  const targetFor = async (flow: FlowName) => {
    const realm = await createTestRealm(server, `bench-${flow}`);
    // A server of our own goes away with its realms; someone else's keeps nothing of this run.
    if (server.backend === 'external') cleanups.push(() => deleteRealm(realm));
    return prepareTarget(server, flow, realm, options);
  };
  const targets: Record<FlowName, SignInTarget> = {
    stock: await targetFor('stock'),
    keyward: await targetFor('keyward'),
  };
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
  let lastRoundSeconds = 0;
  for (let round = 0; round < options.rounds; round++) {
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    if (round > 0 && elapsedSeconds + lastRoundSeconds > options.timeLimit) {
      progress(`Time limit of ${options.timeLimit} s: stopping after ${round} of ${options.rounds} rounds.`);
      break;
    }
    const roundStartedAt = performance.now();
    // Stock first in rounds 1, 3, 5…, Keyward first in rounds 2, 4, 6…: neither flow always runs later.
    const order: FlowName[] = round % 2 === 0 ? ['stock', 'keyward'] : ['keyward', 'stock'];
    for (const flow of order) {
      const result = await runPhase(server, targets[flow], options.signIns, options.concurrency, cpu);
      phases.push(result);
      progress(`round ${round + 1}/${options.rounds} ${describePhase(result)}`);
    }
    lastRoundSeconds = (performance.now() - roundStartedAt) / 1000;
  }

  const cores = cpus();
  return renderResults(phases, {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    keycloak: await describeKeycloak(server),
    machine:
      `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB` +
      (server.pid === undefined ? ' (the load generator’s)' : '; Keycloak and the load generator share it'),
    passwordHashing: await describePasswordHashing(server, targets.stock),
    flows: {
      stock: await describeBrowserFlow(server, targets.stock),
      keyward: await describeBrowserFlow(server, targets.keyward),
    },
    options,
    loadBefore,
    loadAfter: loadavg(),
    totalSeconds: (performance.now() - startedAt) / 1000,
  });
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
  // Undone in reverse order at the end, on an error and on Ctrl-C; before Keycloak is up, exiting is enough
  // (the distribution backend stops a server it is still starting when this process exits).
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  const stopOnSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: cleaning up…`);
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const server = await startKeycloak({
      backend: process.env.KEYWARD_KEYCLOAK_URL ? 'external' : 'distribution',
      onProgress: progress,
    });
    cleanups.push(() => server.stop());
    progress(
      `Keycloak (${server.backend}) ready at ${server.url}${server.pid ? `, JVM pid ${server.pid}` : ''}.`,
    );
    const section = await bench(options, server, startedAt, cleanups);
    process.stdout.write(`\n${section}\n`);
    if (options.write) {
      await writeResults(section);
      progress(`Wrote the results to ${BENCHMARKS_DOC}.`);
    }
  } finally {
    await cleanUp();
  }
}

await main();
