import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../errors.js';
import { type IssuedTemporaryAccessPass, TemporaryAccessPassError } from '../../keycloak/admin/tap.js';
import { errorResponse, RequestError } from '../errors.js';
import { temporaryAccessPassRefusal, temporaryAccessPassView } from './tap.js';

const ISSUED: IssuedTemporaryAccessPass = {
  id: 'c1',
  createdDateTime: '2026-01-31T08:00:00Z',
  createdBy: 'service-account-keyward-bridge@master',
  startDateTime: '2026-01-31T08:00:00Z',
  endDateTime: '2026-01-31T09:00:00Z',
  lifetimeInMinutes: 60,
  isUsableOnce: true,
  length: 10,
  isUsable: true,
  methodUsabilityReason: 'EnabledByPolicy',
  lastUsedDateTime: null,
  temporaryAccessPass: 'ABCDEFGH23',
};

describe('temporaryAccessPassView', () => {
  it('keeps the metadata and drops the pass and anything unknown', () => {
    const view = temporaryAccessPassView({ ...ISSUED, secretData: 'x' } as IssuedTemporaryAccessPass);
    expect(view).not.toHaveProperty('temporaryAccessPass');
    expect(view).not.toHaveProperty('secretData');
    expect(JSON.stringify(view)).not.toContain('ABCDEFGH23');
    const { temporaryAccessPass: _pass, ...metadata } = ISSUED;
    expect(view).toEqual(metadata);
  });

  it('answers lastUsedDateTime as null when Keycloak leaves it out', () => {
    const { lastUsedDateTime: _last, ...withoutLastUse } = ISSUED;
    expect(
      temporaryAccessPassView(withoutLastUse as unknown as IssuedTemporaryAccessPass).lastUsedDateTime,
    ).toBeNull();
  });
});

describe('temporaryAccessPassRefusal', () => {
  const answer = (error: unknown) => errorResponse(temporaryAccessPassRefusal(error), 'r1');

  it('answers out-of-policy requests with 422 and Keycloak’s details', () => {
    const refused = answer(
      new TemporaryAccessPassError('INVALID_REQUEST', 'The lifetime is out of policy.', {
        status: 422,
        reason: 'lifetimeOutOfPolicy',
        details: [
          {
            code: 'lifetimeOutOfPolicy',
            target: '/lifetimeInMinutes',
            message: 'must be between 30 and 480',
          },
        ],
      }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'invalidRequest',
      details: [
        { code: 'lifetimeOutOfPolicy', target: '/lifetimeInMinutes', message: 'must be between 30 and 480' },
      ],
    });
  });

  it('gives a refusal without details one naming the reason (a user outside the targets: the user)', () => {
    const mapped = temporaryAccessPassRefusal(
      new TemporaryAccessPassError('INVALID_REQUEST', 'Not among the targets.', {
        status: 422,
        reason: 'userNotInTargets',
      }),
    );
    expect(mapped).toBeInstanceOf(RequestError);
    expect((mapped as RequestError).details).toEqual([
      { code: 'userNotInTargets', target: 'user', message: 'Not among the targets.' },
    ]);
  });

  it('answers a disabled TAP with 409 and an unknown user with 404', () => {
    const disabled = answer(
      new TemporaryAccessPassError('NOT_ALLOWED', 'The TAP is disabled.', {
        status: 409,
        reason: 'temporaryAccessPassDisabled',
      }),
    );
    expect([disabled.status, disabled.body.error.code]).toEqual([409, 'notAllowed']);
    const missing = answer(
      new TemporaryAccessPassError('USER_NOT_FOUND', 'No such user.', {
        status: 404,
        reason: 'userNotFound',
      }),
    );
    expect([missing.status, missing.body.error.code]).toEqual([404, 'itemNotFound']);
  });

  it('never blames the caller when Keycloak refuses the bridge’s own account: 502', () => {
    for (const [code, status] of [
      ['UNAUTHENTICATED', 401],
      ['ACCESS_DENIED', 403],
    ] as const) {
      const refused = answer(new TemporaryAccessPassError(code, 'no', { status, reason: `http${status}` }));
      expect([refused.status, refused.body.error.code]).toEqual([502, 'keycloakRequestFailed']);
    }
  });

  it('leaves other errors alone', () => {
    const other = new KeywardError('KEYCLOAK_UNAVAILABLE', 'down');
    expect(temporaryAccessPassRefusal(other)).toBe(other);
  });
});
