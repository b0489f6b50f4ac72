import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../errors.js';
import { AppPasswordError, appPasswordView } from '../../keycloak/admin/app-passwords.js';
import { errorResponse } from '../errors.js';
import { appPasswordRefusal } from './app-passwords.js';

describe('appPasswordView', () => {
  it('keeps names and dates and drops the password and anything unknown', () => {
    const view = appPasswordView({
      id: 'c1',
      displayName: 'Mail',
      createdDateTime: '2026-01-31T08:00:00Z',
      password: 'ABCD-2345-EFGH-6789-JKMN',
      secretData: 'x',
    } as never);
    expect(view).toEqual({ id: 'c1', displayName: 'Mail', createdDateTime: '2026-01-31T08:00:00Z' });
  });
});

describe('appPasswordRefusal', () => {
  const answer = (error: unknown) => errorResponse(appPasswordRefusal(error), 'r1');

  it('answers a user who may not have app passwords with 422 and Keycloak’s reason as the detail', () => {
    const refused = answer(
      new AppPasswordError('INVALID_REQUEST', 'User dora cannot have app passwords.', {
        status: 422,
        reason: 'userNotEnforced',
        details: [{ code: 'userNotEnforced', target: 'user', message: 'per-user MFA state is not enforced' }],
      }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'invalidRequest',
      message: 'User dora cannot have app passwords.',
      details: [{ code: 'userNotEnforced', target: 'user', message: 'per-user MFA state is not enforced' }],
    });
  });

  it('answers the realm’s and the limit’s refusals with 409, naming the reason', () => {
    const refused = answer(
      new AppPasswordError('NOT_ALLOWED', 'User mia already has 40 app passwords.', {
        status: 409,
        reason: 'tooManyAppPasswords',
      }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'notAllowed',
      details: [{ code: 'tooManyAppPasswords', target: '' }],
    });
  });

  it('turns Keycloak refusing the bridge itself into a 502, never the caller’s 401 or 403', () => {
    for (const [code, status] of [
      ['UNAUTHENTICATED', 401],
      ['ACCESS_DENIED', 403],
    ] as const) {
      const refused = answer(new AppPasswordError(code, 'no', { status, reason: `http${status}` }));
      expect(refused.status).toBe(502);
      expect(refused.body.error.message).toContain('service account');
    }
  });

  it('passes other errors through unchanged', () => {
    const error = new KeywardError('KEYCLOAK_UNAVAILABLE', 'down');
    expect(appPasswordRefusal(error)).toBe(error);
  });
});
