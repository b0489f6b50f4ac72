import { readFile } from 'node:fs/promises';
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
