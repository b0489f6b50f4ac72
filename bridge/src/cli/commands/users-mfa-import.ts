import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import {
  type ImportRow,
  parseMfaImport,
  parseResults,
  pendingRows,
  type RowResult,
  resultHeader,
  resultLine,
} from '../../bulk/mfa-import.js';
import { applyPerUserMfaState, listImportTargets } from '../../keycloak/admin/bulk-mfa.js';
import { adminConnectionFromEnv } from '../../keycloak/admin/connection.js';
import { connectAdminForLongRun } from '../../keycloak/admin/long-running.js';
import { mapConcurrently } from '../../keycloak/admin/paging.js';
import { CliExit, EXIT, type OutputFormat, printRows } from '../output.js';

/** Options of `keyward users mfa import FILE.csv`. */
export interface UsersMfaImportOptions {
  realm: string;
  keycloakUrl: string;
  output: OutputFormat;
  dryRun?: boolean;
  concurrency?: string;
  results?: string;
}

/** Where the per-row results go unless `--results` says otherwise: `users.csv` → `users.results.csv`. */
export const resultsPathOf = (file: string): string =>
  /\.csv$/i.test(file) ? file.replace(/\.csv$/i, '.results.csv') : `${file}.results.csv`;

/**
 * `keyward users mfa import FILE.csv [--dry-run]`: validates every row against the realm first (problems by line,
 * exit 2, nothing changed), then sets the states with bounded concurrency, appending each row's outcome to the
 * result file as it finishes; a rerun reads that file and does only what is left. Exit 1 when a row failed.
 */
export async function usersMfaImportCommand(file: string, options: UsersMfaImportOptions): Promise<void> {
  const concurrency = Number(options.concurrency ?? '8');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new CliExit(
      EXIT.invalid,
      `error: --concurrency must be an integer from 1 to 64, not '${options.concurrency}'.`,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliExit(EXIT.invalid, `error: cannot read ${file}: ${(error as Error).message}`);
  }
  const client = await connectAdminForLongRun(adminConnectionFromEnv(options.keycloakUrl));
  const targets = await listImportTargets(client, options.realm);
  const { rows, problems } = parseMfaImport(text, new Set(targets.keys()));
  if (problems.length > 0) {
    const listed = problems.map((problem) =>
      problem.line > 0 ? `${file}:${problem.line}: ${problem.message}` : `${file}: ${problem.message}`,
    );
    throw new CliExit(
      EXIT.invalid,
      `${listed.join('\n')}\nerror: ${problems.length} problem(s) in ${file}; nothing was changed.`,
    );
  }
  const resultsPath = options.results ?? resultsPathOf(file);
  const previous = existsSync(resultsPath) ? parseResults(readFileSync(resultsPath, 'utf8')) : [];
  const pending = pendingRows(rows, previous);
  const doneEarlier = rows.length - pending.length;

  if (options.dryRun) {
    const planned = rows.map((row) => {
      const current = targets.get(row.username.toLowerCase())?.perUserMfaState ?? 'disabled';
      const action = !pending.includes(row)
        ? 'done earlier'
        : current === row.perUserMfaState
          ? 'unchanged'
          : 'change';
      return {
        line: row.line,
        username: row.username,
        current,
        perUserMfaState: row.perUserMfaState,
        action,
      };
    });
    printRows(options.output, planned, ['line', 'username', 'current', 'perUserMfaState', 'action']);
    process.stderr.write(
      `dry run: ${rows.length} row(s) valid, ${planned.filter((row) => row.action === 'change').length} would change; nothing was changed.\n`,
    );
    return;
  }

  if (!existsSync(resultsPath)) appendFileSync(resultsPath, resultHeader());
  const bar =
    process.stderr.isTTY && pending.length > 0
      ? new cliProgress.SingleBar(
          { format: 'importing [{bar}] {value}/{total} rows, {failed} failed', stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(pending.length, 0, { failed: 0 });
  let finished = 0;
  let failed = 0;
  const results = await mapConcurrently(pending, concurrency, async (row: ImportRow): Promise<RowResult> => {
    const target = targets.get(row.username.toLowerCase());
    let result: RowResult;
    try {
      if (!target) throw new Error(`no user '${row.username}' in the realm`);
      const { previous: before, changed } = await applyPerUserMfaState(
        client,
        options.realm,
        target,
        row.perUserMfaState,
      );
      result = { ...row, outcome: changed ? 'changed' : 'unchanged', previous: before, message: '' };
    } catch (error) {
      failed += 1;
      result = { ...row, outcome: 'failed', previous: '', message: (error as Error).message };
    }
    appendFileSync(resultsPath, resultLine(result));
    bar?.update(++finished, { failed });
    return result;
  });
  bar?.stop();
  const count = (outcome: RowResult['outcome']) =>
    results.filter((result) => result.outcome === outcome).length;
  const summary = {
    rows: rows.length,
    changed: count('changed'),
    unchanged: count('unchanged'),
    doneEarlier,
    failed: count('failed'),
    results: resultsPath,
  };
  printRows(options.output, [summary], Object.keys(summary));
  if (summary.failed > 0) {
    throw new CliExit(
      EXIT.failure,
      `error: ${summary.failed} row(s) failed (see ${resultsPath}); run the same command again to retry them.`,
    );
  }
}
