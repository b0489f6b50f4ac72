import { describe, expect, it } from 'vitest';
import { authenticationMethodOf, mfaSessionVersionOf } from './methods.js';

describe('authenticationMethodOf', () => {
  it.each([
    ['password', undefined, 'password', 'Password'],
    ['otp', undefined, 'softwareOath', 'Authenticator app'],
    ['otp', 'Phone', 'softwareOath', 'Phone'],
    ['webauthn', undefined, 'fido2', 'Security key'],
    ['webauthn-passwordless', 'YubiKey 5', 'fido2', 'YubiKey 5'],
    ['webauthn-passwordless', '  ', 'fido2', 'Passkey'],
    ['recovery-authn-codes', undefined, 'recoveryCodes', 'Recovery codes'],
    ['something-new', undefined, 'other', 'something-new'],
  ])('names a %s credential labelled %j as %s “%s”', (type, userLabel, methodType, displayName) => {
    expect(authenticationMethodOf({ id: 'c1', type, userLabel, createdDate: 0 })).toEqual({
      id: 'c1',
      methodType,
      displayName,
      createdDateTime: '1970-01-01T00:00:00.000Z',
      keycloakCredentialType: type,
    });
  });

  it('omits a creation time Keycloak did not record', () => {
    expect(authenticationMethodOf({ id: 'c2', type: 'otp' })).not.toHaveProperty('createdDateTime');
  });
});

describe('mfaSessionVersionOf', () => {
  it.each([
    [undefined, 0],
    [{}, 0],
    [{ 'keyward.mfaSessionVersion': ['3'] }, 3],
    [{ 'keyward.mfaSessionVersion': ['-2'] }, 0],
    [{ 'keyward.mfaSessionVersion': ['x'] }, 0],
    [{ 'keyward.mfaSessionVersion': [] }, 0],
  ])('reads %j as %i', (attributes, version) => {
    expect(mfaSessionVersionOf(attributes)).toBe(version);
  });
});
