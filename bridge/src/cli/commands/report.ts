import cliProgress from 'cli-progress';
import { adminConnectionFromEnv } from '../../keycloak/admin/connection.js';
import { connectAdminForLongRun } from '../../keycloak/admin/long-running.js';
import { registrationReport, signInsReport } from '../../keycloak/admin/reports.js';
import { findUser } from '../../keycloak/admin/users.js';
import { CliExit, EXIT, type OutputFormat, printRows } from '../output.js';

/** Options of `keyward report registration|signins`. */
export interface ReportOptions {
  realm: string;
  keycloakUrl: string;
  output: OutputFormat;
  concurrency?: string;
  top?: string;
  user?: string;
  app?: string;
  since?: string;
}

const REGISTRATION_COLUMNS = [
  'userPrincipalName',
  'isAdmin',
  'perUserMfaState',
  'isMfaRegistered',
  'isMfaCapable',
  'isPasswordlessCapable',
  'defaultMfaMethod',
  'methodsRegistered',
  'mfaRequiredBy',
  'mfaRequiredByReportOnly',
];

const SIGN_IN_COLUMNS = [
  'createdDateTime',
  'userPrincipalName',
  'appId',
  'ipAddress',
  'clientAppType',
  'status',
  'errorCode',
  'mfaRequiredBy',
  'authenticationStrength',
  'authenticationMethod',
  'blockedBy',
  'appliedConditionalAccessPolicies',
  'reportOnlyConditionalAccessPolicies',
];

const positive = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new CliExit(EXIT.invalid, `error: ${name} must be a positive integer, not '${value}'.`);
  }
  return parsed;
};

/**
 * `keyward report registration`: every user's registered methods and which sources require MFA. A progress bar
 * on a terminal (stderr), nothing when piped.
 */
export async function reportRegistrationCommand(options: ReportOptions): Promise<void> {
  const concurrency = positive(options.concurrency, '--concurrency', 8);
  const client = await connectAdminForLongRun(adminConnectionFromEnv(options.keycloakUrl));
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'reading users [{bar}] {value}/{total}', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  try {
    const rows = await registrationReport(client, options.realm, {
      concurrency,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
    if (started) bar?.stop();
    started = false;
    printRows(
      options.output,
      rows as unknown as Record<string, unknown>[],
      options.output === 'json' ? [] : REGISTRATION_COLUMNS,
    );
  } finally {
    if (started) bar?.stop();
  }
}

/**
 * `keyward report signins`: sign-ins from Keycloak's stored events. Says on stderr when the realm does not
 * store events (then the list holds only what was stored before, usually nothing).
 */
export async function reportSignInsCommand(options: ReportOptions): Promise<void> {
  const client = await connectAdminForLongRun(adminConnectionFromEnv(options.keycloakUrl));
  const report = await signInsReport(client, options.realm, {
    top: positive(options.top, '--top', 100),
    ...(options.user ? { userId: String((await findUser(client, options.realm, options.user)).id) } : {}),
    ...(options.app ? { clientId: options.app } : {}),
    ...(options.since ? { dateFrom: options.since } : {}),
  });
  if (!report.eventsEnabled) {
    process.stderr.write(
      `warning: realm '${options.realm}' does not save events (Realm settings › Events › User events settings › ` +
        'Save events), so Keycloak keeps no sign-ins to report; switch it on to fill this report.\n',
    );
  }
  const rows = report.value.map((record) => ({
    ...record,
    reportOnlyConditionalAccessPolicies:
      options.output === 'json'
        ? record.reportOnlyConditionalAccessPolicies
        : record.reportOnlyConditionalAccessPolicies.map((item) => `${item.displayName}=${item.result}`),
  }));
  if (options.output === 'json') {
    process.stdout.write(
      `${JSON.stringify({ eventsEnabled: report.eventsEnabled, value: rows }, null, 2)}\n`,
    );
    return;
  }
  printRows(options.output, rows, SIGN_IN_COLUMNS);
}
