import { stringify } from 'csv-stringify/sync';
import { adminConnectionFromEnv, connectAdmin } from '../../keycloak/admin/connection.js';
import {
  deleteTemporaryAccessPass,
  getTemporaryAccessPass,
  issueTemporaryAccessPass,
  type TemporaryAccessPass,
  TemporaryAccessPassError,
  type TemporaryAccessPassRequest,
} from '../../keycloak/admin/tap.js';
import { findUser } from '../../keycloak/admin/users.js';
import { CliExit, EXIT, type OutputFormat } from '../output.js';

/** Options every `keyward tap` command takes. */
export interface TapOptions {
  realm: string;
  keycloakUrl: string;
  output: OutputFormat;
}

/** `keyward tap issue` options as commander parses them (strings, `once` undefined unless given). */
export interface TapIssueOptions extends TapOptions {
  lifetime?: string;
  once?: boolean;
  start?: string;
  length?: string;
}

/** The metadata columns, in the order an admin reads them. */
const COLUMNS = [
  'startDateTime',
  'endDateTime',
  'lifetimeInMinutes',
  'isUsableOnce',
  'length',
  'isUsable',
  'methodUsabilityReason',
  'createdDateTime',
  'createdBy',
  'lastUsedDateTime',
] as const;

/**
 * `keyward tap issue USER`: issues a pass (replacing the user's previous one) and prints it, the only time it
 * can ever be read. Out-of-policy requests exit with 2 and Keycloak's reasons.
 */
export async function tapIssueCommand(username: string, options: TapIssueOptions): Promise<void> {
  const request = issueRequest(options);
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const user = await findUser(client, options.realm, username);
  const issued = await refusalsAsExit(() =>
    issueTemporaryAccessPass(client, options.realm, String(user.id), request),
  );
  const { temporaryAccessPass, ...metadata } = issued;
  if (options.output === 'table') {
    process.stdout.write(
      `Temporary Access Pass for ${user.username} in realm '${options.realm}' — shown only now, stored only as a hash:\n\n` +
        `    ${temporaryAccessPass}\n\n`,
    );
  }
  print(
    options.output,
    { user: String(user.username), temporaryAccessPass, ...metadata },
    options.output !== 'table',
  );
}

/** `keyward tap show USER`: the metadata of the user's pass; never the pass. */
export async function tapShowCommand(username: string, options: TapOptions): Promise<void> {
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const user = await findUser(client, options.realm, username);
  const pass = await refusalsAsExit(() => getTemporaryAccessPass(client, options.realm, String(user.id)));
  if (!pass) {
    if (options.output === 'json') process.stdout.write('null\n');
    else if (options.output === 'table')
      process.stdout.write(`User ${user.username} has no Temporary Access Pass.\n`);
    else process.stdout.write(stringify([['user', ...COLUMNS]]));
    return;
  }
  print(options.output, { user: String(user.username), ...pass }, true);
}

/** `keyward tap delete USER`: removes the user's pass at once; a user without one is not an error. */
export async function tapDeleteCommand(username: string, options: TapOptions): Promise<void> {
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const user = await findUser(client, options.realm, username);
  const deleted = await refusalsAsExit(() =>
    deleteTemporaryAccessPass(client, options.realm, String(user.id)),
  );
  if (options.output === 'json') {
    process.stdout.write(`${JSON.stringify({ user: user.username, deleted })}\n`);
  } else if (options.output === 'table') {
    process.stdout.write(
      deleted
        ? `Deleted the Temporary Access Pass of ${user.username}.\n`
        : `User ${user.username} had no Temporary Access Pass.\n`,
    );
  } else {
    process.stdout.write(
      stringify([
        ['user', 'deleted'],
        [user.username, String(deleted)],
      ]),
    );
  }
}

/** Checks the options locally, so that a typo exits with 2 before anything is sent. */
function issueRequest(options: TapIssueOptions): TemporaryAccessPassRequest {
  const request: TemporaryAccessPassRequest = {};
  if (options.lifetime !== undefined)
    request.lifetimeInMinutes = integerOption('--lifetime', options.lifetime);
  if (options.length !== undefined) request.length = integerOption('--length', options.length);
  if (options.once !== undefined) request.isUsableOnce = options.once;
  if (options.start !== undefined) {
    const start = new Date(options.start);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(options.start) || Number.isNaN(start.getTime())) {
      throw new CliExit(
        EXIT.invalid,
        `error: --start must be an ISO 8601 date-time such as 2026-01-31T08:00:00Z, got '${options.start}'`,
      );
    }
    request.startDateTime = start.toISOString();
  }
  return request;
}

function integerOption(name: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw new CliExit(EXIT.invalid, `error: ${name} must be a whole number, got '${value}'`);
  return Number(value);
}

/** Keycloak's refusals: a request outside the policy is invalid input (exit 2), the rest failures (exit 1). */
async function refusalsAsExit<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof TemporaryAccessPassError)) throw error;
    const reasons = error.details
      .filter((detail) => detail.message !== error.message)
      .map((detail) => `\n  ${detail.target}: ${detail.message}`)
      .join('');
    const invalid = error.code === 'INVALID_ARGUMENT' || error.code === 'INVALID_REQUEST';
    throw new CliExit(invalid ? EXIT.invalid : EXIT.failure, `error: ${error.message}${reasons}`);
  }
}

/** One record: `field  value` lines for a table, an object for JSON, a header and a row for CSV. */
function print(
  format: OutputFormat,
  record: { user: string; temporaryAccessPass?: string } & TemporaryAccessPass,
  withPass: boolean,
): void {
  const fields = [
    'user',
    ...(withPass && record.temporaryAccessPass ? ['temporaryAccessPass'] : []),
    ...COLUMNS,
  ];
  const raw = (field: string): unknown => (record as unknown as Record<string, unknown>)[field] ?? null;
  const value = (field: string): string => {
    const cell = raw(field);
    return cell === null ? '' : String(cell);
  };
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(fields.map((f) => [f, raw(f)])), null, 2)}\n`);
  } else if (format === 'csv') {
    process.stdout.write(stringify([fields, fields.map(value)]));
  } else {
    const width = Math.max(...fields.map((field) => field.length));
    process.stdout.write(`${fields.map((field) => `${field.padEnd(width)}  ${value(field)}`).join('\n')}\n`);
  }
}
