import type { ErrorObject } from 'ajv/dist/2020.js';
import { formatProblems } from './formats.js';
import { issueAt, type PolicyIssue, type PolicyLocator } from './issues.js';
import { formatPath, type PathSegment } from './paths.js';
import { POLICY_FORMATS } from './schema.js';
import { didYouMean } from './suggest.js';
import { POLICY_API_VERSION } from './types.js';

/** Stable rule ids of the formats, so `keyward validate` output names what was broken, not "format". */
const FORMAT_RULES: Record<string, string> = {
  [POLICY_FORMATS.cidr]: 'cidr',
  [POLICY_FORMATS.keycloakRole]: 'role-format',
  [POLICY_FORMATS.groupPath]: 'group-path',
  [POLICY_FORMATS.methodTarget]: 'method-target',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** How a found value reads in a message: strings quoted and shortened, containers named. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return String(value);
}

function oneOf(values: readonly unknown[]): string {
  const words = values.map((value) => (value === null ? 'null' : String(value)));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * Segments of ajv's instancePath. Pointer tokens alone cannot tell a list index from a key spelled with
 * digits, so the data decides.
 */
function segmentsOf(instancePath: string, data: unknown): PathSegment[] {
  if (instancePath === '') return [];
  const segments: PathSegment[] = [];
  let node = data;
  for (const token of instancePath.slice(1).split('/')) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    const segment = Array.isArray(node) ? Number(key) : key;
    segments.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

interface Translated {
  segments: PathSegment[];
  rule: string;
  message: string;
}

function translate(error: ErrorObject, segments: PathSegment[]): Translated {
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const found = describeValue(error.data);
  const isApiVersion = segments.length === 1 && segments[0] === 'apiVersion';

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((parentSchema.properties ?? {}) as Record<string, unknown>);
      const hint = didYouMean(key, known) || `; expected one of: ${known.join(', ')}`;
      return { segments: [...segments, key], rule: 'unknown-key', message: `unknown key '${key}'${hint}` };
    }
    case 'required': {
      const key = String(params.missingProperty);
      if (segments.length === 0 && key === 'apiVersion') {
        return {
          segments: [key],
          rule: 'api-version',
          message: `is required: the document must start with apiVersion: ${POLICY_API_VERSION}`,
        };
      }
      return { segments: [...segments, key], rule: 'required', message: 'is required' };
    }
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((type) => TYPE_NAMES[type] ?? type);
      if (segments.length === 0) {
        return {
          segments,
          rule: 'type',
          message: `the document must be a mapping that starts with apiVersion: ${POLICY_API_VERSION}, found ${found}`,
        };
      }
      return { segments, rule: 'type', message: `must be ${oneOf(expected)}, found ${found}` };
    }
    case 'const':
      return {
        segments,
        rule: isApiVersion ? 'api-version' : 'enum',
        message: `must be ${String(params.allowedValue)}, found ${found}`,
      };
    case 'enum': {
      const allowed = (params.allowedValues ?? []) as unknown[];
      const hint =
        typeof error.data === 'string'
          ? didYouMean(
              error.data,
              allowed.filter((value): value is string => typeof value === 'string'),
            )
          : '';
      return { segments, rule: 'enum', message: `must be one of ${oneOf(allowed)}, found ${found}${hint}` };
    }
    case 'minimum':
    case 'maximum':
      return {
        segments,
        rule: 'range',
        message: `must be between ${String(parentSchema.minimum)} and ${String(parentSchema.maximum)}, found ${found}`,
      };
    case 'minLength':
      return { segments, rule: 'length', message: 'must not be empty' };
    case 'maxLength':
      return {
        segments,
        rule: 'length',
        message: `must be at most ${String(params.limit)} characters, found ${String(error.data).length}`,
      };
    case 'minItems':
      return {
        segments,
        rule: 'min-items',
        message: `must list at least ${String(params.limit)} item(s), found ${Array.isArray(error.data) ? error.data.length : 0}`,
      };
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      const value = Array.isArray(error.data) ? error.data[later] : undefined;
      return {
        segments: [...segments, later],
        rule: 'duplicate-item',
        message: `${describeValue(value)} is listed twice (first at [${earlier}])`,
      };
    }
    case 'format': {
      const format = String(params.format);
      const problem =
        formatProblems[format]?.(String(error.data)) ?? `must match format ${format}, found ${found}`;
      return { segments, rule: FORMAT_RULES[format] ?? 'format', message: problem };
    }
    default:
      return { segments, rule: error.keyword, message: error.message ?? 'is not valid' };
  }
}

/**
 * Turns ajv's errors into issues an admin can act on: the path names the offending key or item, the message
 * says what was expected and what was found. One issue per path, because `allErrors` reports an out-of-type
 * value once per keyword and the first (the type) is the useful one.
 */
export function schemaIssues(
  errors: readonly ErrorObject[],
  data: unknown,
  source: string,
  locate: PolicyLocator,
): PolicyIssue[] {
  const seen = new Set<string>();
  const issues: PolicyIssue[] = [];
  for (const error of errors) {
    const { segments, rule, message } = translate(error, segmentsOf(error.instancePath, data));
    const key = formatPath(segments);
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issueAt('error', rule, segments, message, source, locate));
  }
  return issues;
}
