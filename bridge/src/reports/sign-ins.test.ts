import { describe, expect, it } from 'vitest';
import { decodeDetailList, signInRecordOf } from './sign-ins.js';

describe('signInRecordOf', () => {
  it('reads the Keyward details of a LOGIN event', () => {
    const record = signInRecordOf({
      time: Date.UTC(2026, 0, 2, 3, 4, 5),
      type: 'LOGIN',
      userId: 'u1',
      clientId: 'portal',
      ipAddress: '198.51.100.7',
      details: {
        username: 'ann',
        keyward_client_app_type: 'browser',
        keyward_mfa_required_by: 'securityDefaults,policy:Admins%2C ops',
        keyward_strength: 'mfa',
        keyward_method: 'otp',
        keyward_policies_applied: 'Admins%2C ops',
        keyward_report_only: 'Pilot=mfa,a%3Db=block',
      },
    });
    expect(record).toEqual({
      createdDateTime: '2026-01-02T03:04:05.000Z',
      userId: 'u1',
      userPrincipalName: 'ann',
      appId: 'portal',
      ipAddress: '198.51.100.7',
      clientAppType: 'browser',
      status: 'success',
      errorCode: null,
      appliedConditionalAccessPolicies: ['Admins, ops'],
      reportOnlyConditionalAccessPolicies: [
        { displayName: 'Pilot', result: 'mfa' },
        { displayName: 'a=b', result: 'block' },
      ],
      mfaRequiredBy: ['securityDefaults', 'policy:Admins, ops'],
      authenticationStrength: 'mfa',
      authenticationMethod: 'otp',
      blockedBy: null,
      passwordChangeRequiredBy: [],
    });
  });

  it('reads a refusal and an event without Keyward details', () => {
    expect(
      signInRecordOf({
        type: 'LOGIN_ERROR',
        error: 'access_denied',
        details: { keyward_blocked_by: 'policy:Block' },
      }),
    ).toMatchObject({
      status: 'failure',
      errorCode: 'access_denied',
      blockedBy: 'policy:Block',
      mfaRequiredBy: [],
    });
  });

  it('reads none as an empty list', () => {
    expect(decodeDetailList('none')).toEqual([]);
    expect(decodeDetailList(undefined)).toEqual([]);
  });
});
