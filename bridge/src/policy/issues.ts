import { formatPath, type PathSegment, toPointer } from './paths.js';

/** A 1-based line and column in the policy file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Maps a readable path (`conditionalAccessPolicies[0].displayName`) or a JSON pointer to where it is written.
 * For a key of a mapping that is the key itself, for a list item the item; a path that does not exist
 * (a missing required key) resolves to its nearest written ancestor. Undefined when nothing can be located.
 */
export type PolicyLocator = (path: string) => SourcePosition | undefined;

/** One finding about a policy document. */
export interface PolicyIssue {
  severity: 'error' | 'warning';
  /** Readable path such as `conditionalAccessPolicies[2].conditions.users.includeGroups[0]`; '' for the document. */
  path: string;
  /** The same place as a JSON pointer, for the HTTP API's error details. */
  pointer: string;
  /** Stable id of the rule broken, for example `unknown-key`, `range` or `mutual-exclusion`. */
  rule: string;
  /** What was expected and what was found, in an admin's words. */
  message: string;
  /** Where the document came from: a file name, or a label such as `PUT /v1/policy`. */
  source: string;
  line?: number;
  column?: number;
}

/** Builds an issue at `segments`, placed by `locate` when there is one. */
export function issueAt(
  severity: PolicyIssue['severity'],
  rule: string,
  segments: readonly PathSegment[],
  message: string,
  source: string,
  locate: PolicyLocator | undefined,
): PolicyIssue {
  const path = formatPath(segments);
  const position = locate?.(path);
  return {
    severity,
    path,
    pointer: toPointer(segments),
    rule,
    message,
    source,
    ...(position ? { line: position.line, column: position.column } : {}),
  };
}

/**
 * One line in the compiler style editors and CI annotators understand:
 * `policy.yaml:14:9: error: conditionalAccessPolicies[2].conditions.users.includeGroups[0]: must be a string (type)`.
 */
export function formatIssue(issue: PolicyIssue): string {
  let where = issue.source;
  if (issue.line !== undefined) {
    where += `:${issue.line}`;
    if (issue.column !== undefined) where += `:${issue.column}`;
  }
  const path = issue.path === '' ? '' : `${issue.path}: `;
  return `${where}: ${issue.severity}: ${path}${issue.message} (${issue.rule})`;
}

/** Issues in reading order; unplaced issues last, keeping their relative order. */
export function sortIssues(issues: PolicyIssue[]): PolicyIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.line ?? Number.MAX_SAFE_INTEGER) - (b.issue.line ?? Number.MAX_SAFE_INTEGER) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}
