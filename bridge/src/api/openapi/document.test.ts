import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ROUTE_HANDLERS } from '../routes/index.js';
import { API_OPERATIONS, INFRASTRUCTURE_OPERATIONS, OPERATION_IDS, openApiDocument } from './document.js';
import type { ParameterObject, ReferenceObject } from './types.js';

describe('openApiDocument', () => {
  const document = openApiDocument();

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every operation once, each with a handler', () => {
    const ids = [...API_OPERATIONS, ...INFRASTRUCTURE_OPERATIONS].map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(API_OPERATIONS.map((operation) => operation.operationId).sort()).toEqual(
      [...OPERATION_IDS].sort(),
    );
    expect(Object.keys(ROUTE_HANDLERS).sort()).toEqual([...OPERATION_IDS].sort());
  });

  it('declares every path parameter its template names', () => {
    for (const operation of API_OPERATIONS) {
      const declared = (operation.parameters ?? [])
        .map((parameter: ParameterObject | ReferenceObject) =>
          '$ref' in parameter
            ? document.components.parameters[parameter.$ref.replace('#/components/parameters/', '')]
            : parameter,
        )
        .filter((parameter) => parameter?.in === 'path')
        .map((parameter) => parameter?.name);
      const named = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      expect(declared.sort(), operation.operationId).toEqual(named.sort());
    }
  });

  it('requires the realm role keyward-admin on admin routes and any valid token on /v1/me', () => {
    expect(document.paths['/v1/policy']?.put?.security).toEqual([{ keycloakBearer: ['keyward-admin'] }]);
    expect(document.paths['/v1/me/authentication/methods']?.get?.security).toEqual([{ keycloakBearer: [] }]);
    expect(document.paths['/healthz']?.get?.security).toEqual([]);
    for (const operation of API_OPERATIONS) {
      expect(operation.path.startsWith('/v1/me/') ? 'signedIn' : 'admin', operation.operationId).toBe(
        operation.access,
      );
    }
  });
});
