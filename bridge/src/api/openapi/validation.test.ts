import { describe, expect, it } from 'vitest';
import { RequestError } from '../errors.js';
import { API_OPERATIONS, openApiDocument } from './document.js';
import { createRequestValidators, schemaErrorDetails } from './validation.js';

const validators = createRequestValidators(openApiDocument(), API_OPERATIONS);
const validator = (id: string) => {
  const found = validators.get(id);
  if (!found) throw new Error(`no validator for ${id}`);
  return found;
};

const refusal = (run: () => unknown): RequestError => {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error('expected a RequestError');
};

describe('request validation from the OpenAPI document', () => {
  it('has a validator for every operation', () => {
    expect([...validators.keys()].sort()).toEqual(
      API_OPERATIONS.map((operation) => operation.operationId).sort(),
    );
  });

  it('coerces query parameters and fills their defaults', () => {
    expect(validator('setPolicy').parameters({}, { dryRun: 'true' }).query).toEqual({
      dryRun: true,
      allowLockout: false,
    });
    expect(validator('setPolicy').parameters({}, {}).query).toEqual({ dryRun: false, allowLockout: false });
  });

  it('refuses a parameter of the wrong type with a 400 naming it', () => {
    const error = refusal(() => validator('setPolicy').parameters({}, { dryRun: 'maybe' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details).toEqual([{ code: 'type', target: 'dryRun', message: 'must be of type boolean' }]);
  });

  it('accepts a valid body unchanged', () => {
    expect(validator('updateAuthenticationRequirements').body({ perUserMfaState: 'enforced' })).toEqual({
      perUserMfaState: 'enforced',
    });
  });

  it('refuses a body with every problem placed by a JSON pointer', () => {
    const error = refusal(() =>
      validator('updateAuthenticationRequirements').body({ perUserMfaState: 'sometimes', note: 1 }),
    );
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details).toEqual([
      { code: 'additionalProperties', target: '/note', message: 'is not a known property' },
      { code: 'enum', target: '/perUserMfaState', message: 'must be one of: disabled, enabled, enforced' },
    ]);
  });

  it('refuses a missing body of a JSON operation with a 400', () => {
    expect(refusal(() => validator('updateAuthenticationRequirements').body(undefined)).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('reports the failed branches of an anyOf as one detail', () => {
    const error = refusal(() =>
      validator('evaluateSignIn').body({
        user: 'bob',
        clientId: 'app',
        ipAddress: '999.0.0.1',
        clientAppType: 'browser',
      }),
    );
    expect(error.details).toEqual([
      { code: 'anyOf', target: '/ipAddress', message: 'must be a valid ipv4, or must be a valid ipv6' },
    ]);
  });

  it('leaves text bodies to their handler', () => {
    expect(validator('setPolicy').body('apiVersion: nonsense')).toBe('apiVersion: nonsense');
  });
});

describe('schemaErrorDetails', () => {
  it('points at a missing property itself, escaping it as RFC 6901 asks', () => {
    expect(
      schemaErrorDetails([
        {
          keyword: 'required',
          instancePath: '/a~1b',
          schemaPath: '#/required',
          params: { missingProperty: 'x/y~z' },
          message: "must have required property 'x/y~z'",
        },
      ]),
    ).toEqual([{ code: 'required', target: '/a~1b/x~1y~0z', message: 'is required' }]);
  });
});
