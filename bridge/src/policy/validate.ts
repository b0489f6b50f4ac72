import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { type Document, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { formatProblems } from './formats.js';
import { issueAt, type PolicyIssue, type PolicyLocator, sortIssues } from './issues.js';
import { policySchema } from './schema.js';
import { schemaIssues } from './schema-errors.js';
import { semanticIssues } from './semantic.js';
import { createLocator, keyPathAt } from './source-map.js';
import type { PolicyDocument } from './types.js';

export { formatIssue, type PolicyIssue, type PolicyLocator, type SourcePosition } from './issues.js';
export { findDanglingReferences, type RealmDirectory } from './references.js';

/**
 * Outcome of reading a policy document: the document with its warnings, or every issue (errors and
 * warnings, in reading order). `locate` maps any path in the document (readable or JSON pointer) to its line
 * and column, so later stages (compile, plan) can place their own findings.
 */
export type PolicyParseResult =
  | { ok: true; document: PolicyDocument; warnings: PolicyIssue[]; locate: PolicyLocator }
  | { ok: false; issues: PolicyIssue[]; locate: PolicyLocator };

let compiled: ValidateFunction | undefined;

// Compiled on first use: importing the policy module (for its types or schema) should not pay for ajv.
function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      useDefaults: true,
      // The data and parent schema let messages say what was found and which keys would have been known.
      verbose: true,
      allowUnionTypes: true,
    });
    for (const [format, problem] of Object.entries(formatProblems)) {
      ajv.addFormat(format, { type: 'string', validate: (value: string) => problem(value) === undefined });
    }
    compiled = ajv.compile(policySchema);
  }
  return compiled;
}

function yamlIssue(
  error: YAMLError,
  severity: PolicyIssue['severity'],
  document: Document,
  lineCounter: LineCounter,
  source: string,
): PolicyIssue {
  const offset = error.pos[0];
  const { line, col } = lineCounter.linePos(offset);
  const duplicate = error.code === 'DUPLICATE_KEY';
  const segments = duplicate ? (keyPathAt(document, offset) ?? []) : [];
  const rule = severity === 'warning' ? 'yaml' : duplicate ? 'duplicate-key' : 'yaml-syntax';
  const message = duplicate ? 'this key is already set earlier in the same mapping' : error.message;
  return { ...issueAt(severity, rule, segments, message, source, undefined), line, column: col };
}

/**
 * Reads a policy document from YAML or JSON text (JSON is read as YAML, so it gets line numbers too) and
 * validates it: YAML syntax and duplicate keys, the JSON Schema (filling every default), then the rules a
 * schema cannot express. `source` names the document in issues, for example the file name.
 */
export function parsePolicy(text: string, source: string): PolicyParseResult {
  if (typeof text !== 'string') throw new TypeError('parsePolicy: text must be a string');
  if (typeof source !== 'string') throw new TypeError('parsePolicy: source must be a string');

  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = createLocator(yaml, lineCounter);
  const yamlWarnings = yaml.warnings.map((warning) =>
    yamlIssue(warning, 'warning', yaml, lineCounter, source),
  );
  if (yaml.errors.length > 0) {
    const errors = yaml.errors.map((error) => yamlIssue(error, 'error', yaml, lineCounter, source));
    return { ok: false, issues: sortIssues([...errors, ...yamlWarnings]), locate };
  }

  let data: unknown;
  try {
    data = yaml.toJS();
  } catch (error) {
    // yaml refuses alias bombs here ("Excessive alias count").
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [issueAt('error', 'yaml-syntax', [], message, source, locate)], locate };
  }

  const validate = schemaValidator();
  if (!validate(data)) {
    const issues = schemaIssues(validate.errors ?? [], data, source, locate);
    return { ok: false, issues: sortIssues([...issues, ...yamlWarnings]), locate };
  }

  const document = data as PolicyDocument;
  const semantic = semanticIssues(document, source, locate);
  const warnings = [...yamlWarnings, ...semantic.filter((issue) => issue.severity === 'warning')];
  if (semantic.some((issue) => issue.severity === 'error')) {
    return { ok: false, issues: sortIssues([...semantic, ...yamlWarnings]), locate };
  }
  return { ok: true, document, warnings: sortIssues(warnings), locate };
}
