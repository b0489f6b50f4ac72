/**
 * Request validation compiled from the OpenAPI document itself, so that what is published is what is
 * enforced. Pure: no IO; ajv compiles every validator once, when the app is created.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { type ErrorDetail, RequestError } from '../errors.js';
import type { ApiOperation } from './document.js';
import type { JsonSchema, OpenApiDocument, ParameterObject, ReferenceObject } from './types.js';

/** Validates one operation's request parts; each method throws a RequestError listing every problem. */
export interface OperationValidator {
  /**
   * Path and query parameters, coerced to their schema types (`dryRun=true` becomes `true`) with defaults
   * filled. Fails with INVALID_ARGUMENT (400); each detail's target is the parameter's name.
   */
  parameters(
    params: Record<string, string>,
    query: Record<string, unknown>,
  ): { params: Record<string, unknown>; query: Record<string, unknown> };
  /** A parsed JSON body. Fails with INVALID_REQUEST (422); each detail's target points into the body. */
  body(body: unknown): unknown;
}

const DOCUMENT_ID = 'https://keyward.invalid/openapi.json';

/** RFC 6901 escaping of one pointer token. */
const pointerToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

/** A `$ref` into the document, usable from a schema compiled outside it. */
const documentRef = (...tokens: string[]) => ({
  $ref: `${DOCUMENT_ID}#/${tokens.map((token) => encodeURIComponent(pointerToken(token))).join('/')}`,
});

function newAjv(options: { coerceTypes: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    useDefaults: true,
    coerceTypes: options.coerceTypes,
    validateSchema: false,
  });
  // The document is added whole so that its `$ref`s resolve; its own top-level keys are not schema keywords.
  ajv.addVocabulary(['openapi', 'jsonSchemaDialect', 'info', 'servers', 'tags', 'paths', 'components']);
  addFormats.default(ajv);
  return ajv;
}

function resolveParameter(document: OpenApiDocument, parameter: ParameterObject | ReferenceObject) {
  if (!('$ref' in parameter)) return parameter;
  const name = parameter.$ref.replace('#/components/parameters/', '');
  const resolved = document.components.parameters[name];
  if (!resolved) throw new TypeError(`openapi: no parameter component '${name}'`);
  return resolved;
}

/**
 * Every problem ajv found, as error details: the pointer names the offending value itself (for a missing or
 * unknown property, the property), and the message says what was expected in an admin's words. The failed
 * branches of an `anyOf` become one detail that lists them.
 */
export function schemaErrorDetails(errors: readonly ErrorObject[]): ErrorDetail[] {
  const alternatives = errors.filter((error) => error.keyword === 'anyOf');
  const branchOf = (error: ErrorObject) =>
    alternatives.find((anyOf) => error !== anyOf && error.schemaPath.startsWith(`${anyOf.schemaPath}/`));
  const details: ErrorDetail[] = [];
  const add = (detail: ErrorDetail) => {
    if (!details.some((known) => known.target === detail.target && known.message === detail.message)) {
      details.push(detail);
    }
  };
  for (const error of errors) {
    if (branchOf(error)) continue;
    if (error.keyword === 'anyOf') {
      const branches = errors.filter((candidate) => branchOf(candidate) === error).map(messageOf);
      add({ code: 'anyOf', target: error.instancePath, message: branches.join(', or ') || 'is invalid' });
      continue;
    }
    add({ code: error.keyword, target: targetOf(error), message: messageOf(error) });
  }
  return details;
}

function targetOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required')
    return `${error.instancePath}/${pointerToken(String(params.missingProperty))}`;
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${pointerToken(String(params.additionalProperty))}`;
  }
  return error.instancePath;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known property';
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'type':
      return `must be of type ${String(params.type)}`;
    case 'format':
      return `must be a valid ${String(params.format)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** The validators of every operation, keyed by operationId; fails at start-up for a broken document. */
export function createRequestValidators(
  document: OpenApiDocument,
  operations: readonly ApiOperation<string>[],
): Map<string, OperationValidator> {
  const parameterAjv = newAjv({ coerceTypes: true });
  const bodyAjv = newAjv({ coerceTypes: false });
  parameterAjv.addSchema(document as unknown as JsonSchema, DOCUMENT_ID);
  bodyAjv.addSchema(document as unknown as JsonSchema, DOCUMENT_ID);

  const validators = new Map<string, OperationValidator>();
  for (const operation of operations) {
    const declared = (operation.parameters ?? []).map((parameter) => resolveParameter(document, parameter));
    const compileParameters = (location: 'path' | 'query'): ValidateFunction => {
      const own = declared.filter((parameter) => parameter.in === location);
      return parameterAjv.compile({
        type: 'object',
        properties: Object.fromEntries(own.map((parameter) => [parameter.name, parameter.schema])),
        required: own.filter((parameter) => parameter.required).map((parameter) => parameter.name),
      });
    };
    const pathValidator = compileParameters('path');
    const queryValidator = compileParameters('query');
    const bodyValidator =
      operation.body === 'json'
        ? bodyAjv.compile(
            documentRef(
              'paths',
              operation.path,
              operation.method,
              'requestBody',
              'content',
              'application/json',
              'schema',
            ),
          )
        : undefined;

    validators.set(operation.operationId, {
      parameters(params, query) {
        const path: Record<string, unknown> = { ...params };
        const search: Record<string, unknown> = { ...query };
        const details = [
          ...(pathValidator(path) ? [] : schemaErrorDetails(pathValidator.errors ?? [])),
          ...(queryValidator(search) ? [] : schemaErrorDetails(queryValidator.errors ?? [])),
        ].map((detail) => ({ ...detail, target: detail.target.replace(/^\//, '') }));
        if (details.length > 0) {
          throw new RequestError(
            'INVALID_ARGUMENT',
            `Invalid parameters: ${details.map((detail) => `${detail.target} ${detail.message}`).join('; ')}.`,
            { details },
          );
        }
        return { params: path, query: search };
      },
      body(body) {
        if (!bodyValidator) return body;
        if (body === undefined) {
          throw new RequestError(
            'INVALID_ARGUMENT',
            'This request needs a JSON body (Content-Type: application/json).',
          );
        }
        if (!bodyValidator(body)) {
          const details = schemaErrorDetails(bodyValidator.errors ?? []);
          throw new RequestError(
            'INVALID_REQUEST',
            `The request body is invalid: ${details.map((detail) => `${detail.target || '(body)'} ${detail.message}`).join('; ')}.`,
            { details },
          );
        }
        return body;
      },
    });
  }
  return validators;
}
