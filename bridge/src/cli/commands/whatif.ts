import { stringify } from 'csv-stringify/sync';
import type { Enforcement } from '../../evaluate/enforcement.js';
import type { DevicePlatform } from '../../evaluate/platform.js';
import type { PolicyEvaluation, SignInEvaluation } from '../../evaluate/sign-in.js';
import { adminConnectionFromEnv, connectAdmin } from '../../keycloak/admin/connection.js';
import { type WhatIfResult, whatIf } from '../../keycloak/admin/what-if.js';
import type { OutputFormat } from '../output.js';

/** Options of `keyward whatif` (SPEC §7). */
export interface WhatIfOptions {
  realm: string;
  user: string;
  app: string;
  ip: string;
  clientApp: 'browser' | 'other';
  platform?: DevicePlatform | 'unknown';
  userAgent?: string;
  rememberMfa?: boolean;
  keycloakUrl: string;
  output: OutputFormat;
}

/** `keyward whatif`: which policies apply to one sign-in, and what Keycloak would decide. */
export async function whatIfCommand(options: WhatIfOptions): Promise<void> {
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const result = await whatIf(client, options.realm, {
    user: options.user,
    clientId: options.app,
    ip: options.ip,
    clientAppType: options.clientApp,
    ...(options.platform !== undefined
      ? { platform: options.platform === 'unknown' ? null : options.platform }
      : {}),
    ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
    hasRememberMfaMark: options.rememberMfa ?? false,
  });
  switch (options.output) {
    case 'json':
      process.stdout.write(`${JSON.stringify(jsonOf(result), null, 2)}\n`);
      break;
    case 'csv':
      process.stdout.write(csvOf(result));
      break;
    case 'table':
      process.stdout.write(`${tableOf(result).join('\n')}\n`);
      break;
  }
}

/** The final decision in a few words: blocked, MFA at strength S, or no MFA. */
export function decisionOf(evaluation: SignInEvaluation): string {
  if (evaluation.outcome === 'block') return `blocked by ${source(evaluation.blockedBy ?? '')}`;
  const change = evaluation.passwordChangeRequiredBy.length > 0 ? ' and a password change' : '';
  if (evaluation.outcome === 'mfa') return `MFA at strength ${evaluation.strength}${change}`;
  return change ? 'no MFA; a password change' : 'no MFA';
}

const ENFORCEMENT_TEXT: Record<Enforcement, string> = {
  'signed-in': 'signed in, no further step',
  remembered: 'signed in without a prompt: the remember-MFA mark satisfies the requirement',
  'second-factor': 'asked for a registered method that meets the strength',
  registration: 'asked to register a method first ("Keep your account secure"), then signed in',
  'registration-snoozed':
    'signed in without MFA: the user chose "Not now" on the registration and the snooze still holds',
  'password-change': 'asked to change the password',
  blocked: 'refused',
  'refused-strength': 'refused: none of the methods the user has registered meets the required strength',
  'refused-legacy': 'refused: the password grant cannot do MFA or a password change',
  'app-password':
    'the account password is refused; an app password of the user signs in, standing for password and MFA',
};

function source(name: string): string {
  if (name.startsWith('policy:')) return `policy '${name.slice('policy:'.length)}'`;
  if (name === 'securityDefaults') return 'security defaults';
  if (name.startsWith('perUser:')) return `per-user MFA (${name.slice('perUser:'.length)})`;
  if (name === 'evaluationError') return 'an evaluation error (fail closed)';
  return name;
}

function jsonOf(result: WhatIfResult) {
  return {
    realm: result.realm,
    signIn: {
      user: result.signIn.user,
      clientId: result.signIn.clientId,
      ip: result.signIn.ip,
      clientAppType: result.signIn.clientAppType,
      platform: result.platform,
      hasRememberMfaMark: result.signIn.hasRememberMfaMark,
      namedLocations: result.locations,
    },
    decision: decisionOf(result.evaluation),
    enforcement: result.enforcement,
    ...result.evaluation,
  };
}

const POLICY_COLUMNS = ['policy', 'state', 'applied', 'failedCondition', 'result', 'strength'] as const;

function policyRow(policy: PolicyEvaluation): Record<(typeof POLICY_COLUMNS)[number], string> {
  return {
    policy: policy.name,
    state: policy.state === 'enabled' ? 'enabled' : 'report-only',
    applied: policy.applied ? 'yes' : 'no',
    failedCondition: policy.failedCondition ?? '',
    result: policy.applied ? policy.result : '',
    strength: policy.strength ?? '',
  };
}

function csvOf(result: WhatIfResult): string {
  const rows = result.evaluation.policies.map((policy) => {
    const row = policyRow(policy);
    return POLICY_COLUMNS.map((column) => row[column]);
  });
  return stringify([[...POLICY_COLUMNS], ...rows]);
}

function tableOf(result: WhatIfResult): string[] {
  const { signIn, evaluation } = result;
  const where =
    result.locations.length === 0
      ? 'no named location'
      : result.locations
          .map((location) => `${location.displayName}${location.isTrusted ? ' (trusted)' : ''}`)
          .join(', ');
  const lines = [
    `What-if in realm '${result.realm}': ${signIn.user.username} signs in to ${signIn.clientId} from ${signIn.ip} ` +
      `(${signIn.clientAppType}, platform ${result.platform ?? 'unknown'})`,
    `  location:     ${where}`,
    `  per-user MFA: ${signIn.user.perUserMfaState}`,
    `  methods:      ${signIn.user.methods.length > 0 ? signIn.user.methods.join(', ') : 'none registered'}`,
    ...(signIn.user.registrationSnooze
      ? [
          `  snoozes:      ${signIn.user.registrationSnooze.snoozes} "Not now" on the registration, the last until ` +
            signIn.user.registrationSnooze.snoozedUntil,
        ]
      : []),
    '',
  ];
  if (evaluation.policies.length === 0) {
    lines.push('No Conditional Access policy is enabled or report-only.');
  } else {
    const rows = evaluation.policies.map(policyRow);
    const widths = POLICY_COLUMNS.map((column) =>
      Math.max(column.length, ...rows.map((row) => row[column].length)),
    );
    const line = (values: string[]) =>
      values
        .map((value, index) => value.padEnd(widths[index] as number))
        .join('  ')
        .trimEnd();
    lines.push(line([...POLICY_COLUMNS]));
    for (const row of rows) lines.push(line(POLICY_COLUMNS.map((column) => row[column])));
  }
  lines.push('', `Decision: ${decisionOf(evaluation)}`);
  if (evaluation.requiredBy.length > 0) {
    lines.push(`  required by:  ${evaluation.requiredBy.map(source).join(', ')}`);
  }
  if (evaluation.passwordChangeRequiredBy.length > 0) {
    lines.push(
      `  password change required by: ${evaluation.passwordChangeRequiredBy.map(source).join(', ')}`,
    );
  }
  const satisfied = Object.entries(evaluation.satisfiedBy);
  if (satisfied.length > 0) {
    lines.push(
      `  meets ${evaluation.strength}: ${satisfied.map(([method, yes]) => `${method} ${yes ? 'yes' : 'no'}`).join(', ')}`,
    );
  }
  const session = evaluation.sessionControls;
  if (session.signInFrequencySeconds !== null || session.persistentBrowser !== null) {
    const frequency =
      session.signInFrequencySeconds === null
        ? undefined
        : session.signInFrequencySeconds === 0
          ? 'sign-in frequency every time'
          : `sign-in frequency ${formatSeconds(session.signInFrequencySeconds)}`;
    const persistent =
      session.persistentBrowser === null ? undefined : `persistent browser ${session.persistentBrowser}`;
    lines.push(`  session:      ${[frequency, persistent].filter(Boolean).join('; ')}`);
  }
  const reportOnly = evaluation.policies.filter((policy) => policy.state !== 'enabled' && policy.applied);
  if (reportOnly.length > 0) {
    lines.push(
      `  report-only:  ${reportOnly.map((policy) => `'${policy.name}' would ${policy.result === 'block' ? 'block' : `require ${policy.result}`}`).join(', ')} (not enforced)`,
    );
  }
  lines.push(`Keycloak: ${ENFORCEMENT_TEXT[result.enforcement]}.`);
  return lines;
}

function formatSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  return `${seconds / 3_600} hour${seconds === 3_600 ? '' : 's'}`;
}
