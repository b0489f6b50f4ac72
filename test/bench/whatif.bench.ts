/**
 * `npm run bench:whatif`: what-if evaluations per second under a 50-policy document (test/bench/ca-policies.ts), in
 * process, through the same pure evaluator `keyward whatif`, the API and the lock-out guard use. Method and results:
 * docs/benchmarks.md ("Conditional Access").
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { evaluateSignIn, type SignIn } from '../../bridge/src/evaluate/index.js';
import { repoPath } from '../../bridge/src/keycloak/manager/paths.js';
import { fiftyPolicyDocument, POLICY_COUNT } from './ca-policies.js';
import { spreadOf } from './stats.js';

const USAGE = `Usage: npm run bench:whatif -- [options]

  --rounds <n>       measured rounds (default 7)
  --evaluations <n>  evaluations per round (default 200000)
  --write            replace the results in docs/benchmarks.md
  --help             show this help`;

const BEGIN = '<!-- ca:whatif:begin -->';
const END = '<!-- ca:whatif:end -->';

const PLATFORMS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'curl/8.5.0',
];
const ADDRESSES = [
  '203.0.113.7',
  '2001:db8::7',
  '192.0.2.9',
  '198.18.3.4',
  '198.51.100.7',
  '2001:db8:1::7',
  '::ffff:10.20.1.2',
];
const USERS = [
  { groups: [], realmRoles: [], methods: ['otp'] },
  { groups: ['/it/onboarding'], realmRoles: ['ops'], methods: ['otp', 'webauthn-2fa'] },
  { groups: ['/finance'], realmRoles: ['auditor'], methods: ['webauthn-passwordless'] },
  { groups: ['/contractors'], realmRoles: [], methods: [] },
  { groups: ['/break-glass'], realmRoles: [], methods: ['otp'] },
];
const CLIENTS = ['test-app', 'payroll', 'crm', 'intranet'];

/** A varied set of sign-ins: every user, client, address, platform and client app type in turn. */
function signIns(count: number): SignIn[] {
  return Array.from({ length: count }, (_, n) => {
    const user = USERS[n % USERS.length] as (typeof USERS)[number];
    return {
      user: {
        username: `user-${n % 97}`,
        groups: user.groups,
        realmRoles: user.realmRoles,
        clientRoles: [],
        perUserMfaState: n % 11 === 0 ? 'enforced' : 'disabled',
        methods: user.methods,
      },
      clientId: CLIENTS[n % CLIENTS.length] as string,
      ip: ADDRESSES[n % ADDRESSES.length] as string,
      clientAppType: n % 5 === 0 ? 'other' : 'browser',
      userAgent: PLATFORMS[n % PLATFORMS.length] as string,
      hasRememberMfaMark: n % 13 === 0,
    };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '7' },
      evaluations: { type: 'string', default: '200000' },
      write: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rounds = Number(values.rounds);
  const evaluations = Number(values.evaluations);
  const document = fiftyPolicyDocument();
  const inputs = signIns(1000);

  // The first evaluation of a document parses its CIDR ranges; measured on its own.
  const firstStarted = performance.now();
  evaluateSignIn(document, inputs[0] as SignIn);
  const firstMs = performance.now() - firstStarted;

  let sink = 0;
  const run = (count: number): number => {
    const started = performance.now();
    for (let n = 0; n < count; n++) {
      const evaluation = evaluateSignIn(document, inputs[n % inputs.length] as SignIn);
      sink += evaluation.policies.length;
    }
    return count / ((performance.now() - started) / 1000);
  };
  run(Math.min(evaluations, 50_000)); // warm-up: let the JIT compile the evaluator
  const rates = Array.from({ length: rounds }, () => run(evaluations));
  if (sink === 0) throw new Error('nothing was evaluated');

  const spread = spreadOf(rates);
  const outcomes = new Map<string, number>();
  for (const input of inputs) {
    const outcome = evaluateSignIn(document, input).outcome;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    `Run ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} × ${cpu}, Node ${process.version}; ` +
      `${rounds} rounds × ${evaluations.toLocaleString('en')} evaluations, one thread.`,
    '',
    '| document | evaluations / s, median (min–max) | µs per evaluation (median) |',
    '|---|---:|---:|',
    `| ${POLICY_COUNT} policies, 3 named locations | ${Math.round(spread.median).toLocaleString('en')} ` +
      `(${Math.round(spread.min).toLocaleString('en')}–${Math.round(spread.max).toLocaleString('en')}) | ` +
      `${(1e6 / spread.median).toFixed(1)} |`,
    '',
    `First evaluation of the document (parses its ranges once, then cached per document): ${firstMs.toFixed(2)} ms. ` +
      `Outcomes over the 1,000 sign-ins cycled through: ${[...outcomes].map(([outcome, count]) => `${outcome} ${count}`).join(', ')}.`,
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (values.write) {
    const path = repoPath('docs', 'benchmarks.md');
    const lines = (await readFile(path, 'utf8')).split('\n');
    const begin = lines.findIndex((line) => line.trim() === BEGIN);
    const end = lines.findIndex((line, index) => index > begin && line.trim() === END);
    if (begin < 0 || end < 0) throw new Error(`${path} has no lines ${BEGIN} and ${END} to write between`);
    lines.splice(begin + 1, end - begin - 1, section);
    await writeFile(path, lines.join('\n'), 'utf8');
  }
}

await main();
