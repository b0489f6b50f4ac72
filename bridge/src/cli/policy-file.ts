import { readFile } from 'node:fs/promises';
import { findUnsupportedSettings } from '../compile/unsupported.js';
import { formatIssue, type PolicyDocument, type PolicyIssue, parsePolicy } from '../policy/index.js';
import { CliExit, EXIT, type OutputFormat } from './output.js';

/** A policy document read from disk, with what is needed to point at its lines later. */
export interface LoadedPolicy {
  document: PolicyDocument;
  path: string;
  locate: (path: string) => { line: number; column: number } | undefined;
  warnings: PolicyIssue[];
}

/**
 * Reads and validates a policy file; prints every issue and exits 2 when it is invalid. Warnings go to
 * stderr so that a command's JSON output on stdout stays one document.
 */
export async function loadPolicyFile(path: string, format: OutputFormat): Promise<LoadedPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    process.stderr.write(`error: cannot read policy file '${path}': ${(error as Error).message}\n`);
    throw new CliExit(EXIT.invalid);
  }
  const result = parsePolicy(text, path);
  if (!result.ok) {
    printIssues(result.issues, format);
    throw new CliExit(EXIT.invalid);
  }
  if (result.warnings.length > 0) printIssues(result.warnings, 'table');
  return { document: result.document, path, locate: result.locate, warnings: result.warnings };
}

/** Settings the document turns on that this version does not enforce, as issues of the given severity. */
export function unsupportedIssues(loaded: LoadedPolicy, severity: PolicyIssue['severity']): PolicyIssue[] {
  return findUnsupportedSettings(loaded.document).map((setting) => ({
    severity,
    path: setting.path,
    pointer: `/${setting.path
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .join('/')}`,
    rule: 'not-enforced-yet',
    message: setting.message,
    source: loaded.path,
    ...loaded.locate(setting.path),
  }));
}

/**
 * Refuses a document that turns on what Keycloak would not enforce with this version (exit 2): applying it
 * would claim a control that nobody enforces.
 */
export function refuseUnsupported(loaded: LoadedPolicy, format: OutputFormat): void {
  const issues = unsupportedIssues(loaded, 'error');
  if (issues.length === 0) return;
  printIssues(issues, format);
  throw new CliExit(EXIT.invalid);
}

/** Prints issues to stderr (table) or stdout (json), one per line, as `file:line:col: severity: path: message`. */
export function printIssues(issues: PolicyIssue[], format: OutputFormat): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ issues }, null, 2)}\n`);
    return;
  }
  for (const issue of issues) process.stderr.write(`${formatIssue(issue)}\n`);
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  if (errors > 0) process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}\n`);
}
