import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { KeywardError } from '../../errors.js';
import { type TrustedIssuer, trustedIssuerOf } from '../config.js';
import { hasRealmRoles } from './principal.js';
import { bearerToken, createTokenVerifier, type TokenVerifier } from './token-verifier.js';

const ACME = trustedIssuerOf('https://sso.example.org/realms/acme', 'http://keycloak:8080');

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let verify: TokenVerifier;
let keySetFor: ReturnType<typeof vi.fn>;

async function token(
  claims: JWTPayload = {},
  options: { key?: CryptoKey; issuer?: string; expiresIn?: string; audience?: string[] } = {},
) {
  return new SignJWT({
    typ: 'Bearer',
    azp: 'portal',
    preferred_username: 'ada',
    realm_access: { roles: ['keyward-admin'] },
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'acme-key' })
    .setIssuer(options.issuer ?? ACME.issuer)
    .setAudience(options.audience ?? ['keyward-bridge', 'account'])
    .setSubject('5a0c1d7e-0000-4000-8000-000000000001')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(options.key ?? signingKey);
}

async function refusal(authorization: string | undefined): Promise<KeywardError> {
  try {
    await verify(authorization);
  } catch (error) {
    if (error instanceof KeywardError) return error;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = createLocalJWKSet({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'acme-key', alg: 'RS256' }],
  });
  keySetFor = vi.fn((_issuer: TrustedIssuer) => jwks);
  verify = createTokenVerifier({
    trustedIssuers: [ACME],
    audience: 'keyward-bridge',
    clockToleranceSeconds: 0,
    keySetFor: keySetFor as unknown as (issuer: TrustedIssuer) => typeof jwks,
  });
});

describe('createTokenVerifier', () => {
  it('turns a valid access token into the caller and its realm', async () => {
    const principal = await verify(`Bearer ${await token()}`);
    expect(principal).toMatchObject({
      realm: 'acme',
      issuer: ACME.issuer,
      subject: '5a0c1d7e-0000-4000-8000-000000000001',
      username: 'ada',
      clientId: 'portal',
      realmRoles: ['keyward-admin'],
    });
    expect(hasRealmRoles(principal, ['keyward-admin'])).toBe(true);
    expect(hasRealmRoles({ ...principal, realmRoles: ['offline_access'] }, ['keyward-admin'])).toBe(false);
  });

  it('fetches no keys for an issuer it does not trust', async () => {
    keySetFor.mockClear();
    const error = await refusal(`Bearer ${await token({}, { issuer: 'https://evil.example/realms/acme' })}`);
    expect(error.code).toBe('INVALID_TOKEN');
    expect(error.message).toContain('does not trust');
    expect(keySetFor).not.toHaveBeenCalled();
  });

  it.each([
    ['an expired token', () => token({}, { expiresIn: '-1s' }), 'expired'],
    ['another audience', () => token({}, { audience: ['account'] }), 'audience'],
    ['an ID token', () => token({ typ: 'ID' }), 'not an access token'],
    ['a token signed with another key', () => token({}, { key: otherKey }), 'signature'],
  ])('refuses %s', async (_name, make, words) => {
    const error = await refusal(`Bearer ${await make()}`);
    expect(error.code).toBe('INVALID_TOKEN');
    expect(error.message).toContain(words);
  });

  it('refuses what is not a JWT', async () => {
    expect((await refusal('Bearer abc.def')).code).toBe('INVALID_TOKEN');
  });

  it('says Keycloak is unavailable when the keys cannot be fetched', async () => {
    const unreachable = createTokenVerifier({
      trustedIssuers: [ACME],
      audience: 'keyward-bridge',
      clockToleranceSeconds: 0,
      keySetFor: () => async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(unreachable(`Bearer ${await token()}`)).rejects.toMatchObject({
      code: 'KEYCLOAK_UNAVAILABLE',
    });
  });
});

describe('bearerToken', () => {
  it('reads the token whatever the case of the scheme', () => {
    expect(bearerToken('bearer abc.def-ghi_')).toBe('abc.def-ghi_');
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b'])(
    'refuses %j as unauthenticated',
    (header) => {
      expect(() => bearerToken(header)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    },
  );
});
