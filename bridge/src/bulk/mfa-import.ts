/**
 * `keyward users mfa import FILE.csv`, the pure part: reading the CSV (`username,perUserMfaState`, header
 * required), validating every row before anything changes, and reading the result file a previous run left so a
 * rerun finishes the rest without redoing work. The command does the IO.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** The states the CSV may set (SPEC §3.2). */
export const IMPORT_STATES = ['disabled', 'enabled', 'enforced'] as const;
/** A per-user MFA state a row sets. */
export type ImportState = (typeof IMPORT_STATES)[number];

/** One valid row of the import file. */
export interface ImportRow {
  /** Line in the file (1 = header). */
  line: number;
  username: string;
  perUserMfaState: ImportState;
}

/** Something wrong with the file, by line (0 = the file as a whole). */
export interface ImportProblem {
  line: number;
  message: string;
}

/** How one row ended. */
export type RowOutcome = 'changed' | 'unchanged' | 'failed';

/** One line of the result file. */
export interface RowResult {
  line: number;
  username: string;
  perUserMfaState: string;
  outcome: RowOutcome;
  previous: string;
  message: string;
}

/** The columns of the import file, in order. */
export const IMPORT_COLUMNS = ['username', 'perUserMfaState'] as const;
/** The columns of the result file, in order. */
export const RESULT_COLUMNS = [
  'line',
  'username',
  'perUserMfaState',
  'outcome',
  'previous',
  'message',
] as const;

/**
 * Reads the import file and checks each row on its own and against the others: header, column count, empty
 * username, unknown state, the same user twice. `knownUsernames` (lower case) adds "no such user"; Keycloak keeps
 * usernames in lower case, so they compare case-insensitively.
 */
export function parseMfaImport(
  text: string,
  knownUsernames?: ReadonlySet<string>,
): { rows: ImportRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { rows: [], problems: [{ line, message: `not readable as CSV: ${(error as Error).message}` }] };
  }
  const [header, ...body] = records;
  if (header === undefined) return { rows: [], problems: [{ line: 0, message: 'the file is empty' }] };
  const expected = IMPORT_COLUMNS.join(',');
  if (header.record.join(',') !== expected) {
    return {
      rows: [],
      problems: [
        {
          line: header.info.lines,
          message: `the header must be '${expected}', not '${header.record.join(',')}'`,
        },
      ],
    };
  }
  const rows: ImportRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== IMPORT_COLUMNS.length) {
      problems.push({ line, message: `expected 2 columns (${expected}), found ${record.length}` });
      continue;
    }
    const [username = '', state = ''] = record;
    let valid = true;
    if (username === '') {
      problems.push({ line, message: 'the username is empty' });
      valid = false;
    } else if (knownUsernames !== undefined && !knownUsernames.has(username.toLowerCase())) {
      problems.push({ line, message: `no user '${username}' in the realm` });
      valid = false;
    }
    if (!(IMPORT_STATES as readonly string[]).includes(state)) {
      problems.push({
        line,
        message: `'${state}' is not a per-user MFA state; use one of ${IMPORT_STATES.join(', ')}`,
      });
      valid = false;
    }
    const key = username.toLowerCase();
    const first = firstLineOf.get(key);
    if (username !== '' && first !== undefined) {
      problems.push({ line, message: `'${username}' is already on line ${first}` });
      valid = false;
    } else if (username !== '') {
      firstLineOf.set(key, line);
    }
    if (valid) rows.push({ line, username, perUserMfaState: state as ImportState });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 0, message: 'the file has no rows' });
  return { rows, problems };
}

/** Reads a result file a previous run wrote; lines it cannot read are ignored (that row is simply redone). */
export function parseResults(text: string): RowResult[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<
      string,
      string
    >[];
  } catch {
    return [];
  }
  return records
    .filter(
      (record) =>
        record.outcome === 'changed' || record.outcome === 'unchanged' || record.outcome === 'failed',
    )
    .map((record) => ({
      line: Number(record.line),
      username: record.username ?? '',
      perUserMfaState: record.perUserMfaState ?? '',
      outcome: record.outcome as RowOutcome,
      previous: record.previous ?? '',
      message: record.message ?? '',
    }));
}

/**
 * The rows still to do: those without a result that says the same user already has the same state
 * (`changed` or `unchanged`). Failed rows are tried again.
 */
export function pendingRows(rows: readonly ImportRow[], previous: readonly RowResult[]): ImportRow[] {
  const done = new Set(
    previous
      .filter((result) => result.outcome !== 'failed')
      .map((result) => `${result.username.toLowerCase()}\u0000${result.perUserMfaState}`),
  );
  return rows.filter((row) => !done.has(`${row.username.toLowerCase()}\u0000${row.perUserMfaState}`));
}

/** The header line of the result file. */
export function resultHeader(): string {
  return stringify([[...RESULT_COLUMNS]]);
}

/** One line of the result file. */
export function resultLine(result: RowResult): string {
  return stringify([RESULT_COLUMNS.map((column) => String(result[column]))]);
}
