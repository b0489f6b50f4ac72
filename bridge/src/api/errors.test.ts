import { describe, expect, it } from 'vitest';
import { KeywardError } from '../errors.js';
import { errorResponse, RequestError } from './errors.js';

const now = new Date('2026-01-02T03:04:05Z');

describe('errorResponse', () => {
  it.each([
    ['UNAUTHENTICATED', 401, 'unauthenticated'],
    ['INVALID_TOKEN', 401, 'invalidAuthenticationToken'],
    ['ACCESS_DENIED', 403, 'accessDenied'],
    ['USER_NOT_FOUND', 404, 'itemNotFound'],
    ['NOT_ALLOWED', 409, 'notAllowed'],
    ['INVALID_DOCUMENT', 422, 'invalidDocument'],
    ['INVALID_REQUEST', 422, 'invalidRequest'],
    ['INVALID_ARGUMENT', 400, 'badRequest'],
    ['KEYCLOAK_UNAVAILABLE', 503, 'serviceNotAvailable'],
    ['KEYCLOAK_REQUEST_FAILED', 502, 'keycloakRequestFailed'],
  ] as const)('answers %s with %i %s', (code, status, wire) => {
    const answer = errorResponse(new KeywardError(code, 'why'), 'req-1', now);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      error: {
        code: wire,
        message: 'why',
        innerError: { 'request-id': 'req-1', date: '2026-01-02T03:04:05.000Z' },
      },
    });
    expect(answer.serverFault).toBe(status >= 500);
  });

  it('carries the details of a RequestError', () => {
    const details = [{ code: 'enum', target: '/perUserMfaState', message: 'must be one of: a, b' }];
    const answer = errorResponse(new RequestError('INVALID_REQUEST', 'bad', { details }), 'r', now);
    expect(answer.body.error.details).toEqual(details);
  });

  it('tells a client nothing about an unexpected failure', () => {
    const answer = errorResponse(new Error('connection string postgres://user:secret@db'), 'r', now);
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('generalException');
    expect(JSON.stringify(answer.body)).not.toContain('secret');
    expect(answer.serverFault).toBe(true);
  });

  it("keeps the status of body-parser's refusals", () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      type: 'entity.too.large',
    });
    const answer = errorResponse(tooLarge, 'r', now);
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('badRequest');
    expect(answer.serverFault).toBe(false);
  });
});
