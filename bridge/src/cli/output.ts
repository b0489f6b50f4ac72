import { stringify } from 'csv-stringify/sync';

/** How a command prints its result: `--output table|json|csv` (SPEC §7). */
export type OutputFormat = 'table' | 'json' | 'csv';

/** The CLI's exit codes: 0 success, 1 failure, 2 bad usage or invalid input. */
export const EXIT = { ok: 0, failure: 1, invalid: 2 } as const;

/** Raised by a command to end with a given exit code after its message has been printed. */
export class CliExit extends Error {
  override name = 'CliExit';
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}

/** Prints rows as an aligned table, JSON or CSV. */
export function printRows(format: OutputFormat, rows: Record<string, unknown>[], columns: string[]): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
  if (format === 'csv') {
    process.stdout.write(stringify([columns, ...cells]));
    return;
  }
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((row) => (row[index] as string).length)),
  );
  const line = (values: string[]) =>
    values.map((value, index) => value.padEnd(widths[index] as number)).join('  ');
  process.stdout.write(`${[line(columns), ...cells.map(line)].join('\n').trimEnd()}\n`);
}

function formatCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
