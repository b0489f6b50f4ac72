import { describe, expect, it } from 'vitest';
import { KeywardError } from '../errors.js';
import { apiConfigFromEnv, createApiConfig, listSetting, trustedIssuerOf } from './config.js';

const admin = { keycloakUrl: 'http://keycloak:8080', clientId: 'keyward-bridge', clientSecret: 's' };

const failure = (run: () => unknown): KeywardError => {
  try {
    run();
  } catch (error) {
    if (error instanceof KeywardError) return error;
    throw error;
  }
  throw new Error('expected a KeywardError');
};

describe('trustedIssuerOf', () => {
  it('reads the realm from the issuer and fetches keys through the internal Keycloak URL', () => {
    expect(trustedIssuerOf('https://sso.example.org/realms/acme/', 'http://keycloak:8080/')).toEqual({
      issuer: 'https://sso.example.org/realms/acme',
      realm: 'acme',
      jwksUri: 'http://keycloak:8080/realms/acme/protocol/openid-connect/certs',
    });
  });

  it('keeps a context path and decodes an encoded realm name', () => {
    const trusted = trustedIssuerOf('https://sso.example.org/auth/realms/my%20realm', 'http://kc:8080/auth');
    expect(trusted.realm).toBe('my realm');
    expect(trusted.jwksUri).toBe('http://kc:8080/auth/realms/my%20realm/protocol/openid-connect/certs');
  });

  it.each([
    'not a url',
    'https://sso.example.org/',
    'https://sso.example.org/realms/',
    'ftp://sso.example.org/realms/acme',
    'https://sso.example.org/realms/acme?x=1',
  ])('refuses %s', (issuer) => {
    expect(failure(() => trustedIssuerOf(issuer, 'http://kc')).code).toBe('INVALID_ARGUMENT');
  });
});

describe('createApiConfig', () => {
  it('trusts the issuer of each realm under the Keycloak URL, plus explicit issuers, without duplicates', () => {
    const config = createApiConfig({
      keycloakUrl: 'http://keycloak:8080/',
      realms: ['acme', 'demo'],
      trustedIssuers: ['http://localhost:8080/realms/demo', 'http://keycloak:8080/realms/acme'],
      admin,
    });
    expect(config.trustedIssuers.map((trusted) => trusted.issuer)).toEqual([
      'http://keycloak:8080/realms/acme',
      'http://keycloak:8080/realms/demo',
      'http://localhost:8080/realms/demo',
    ]);
    expect(config.trustedIssuers[2]?.jwksUri).toBe(
      'http://keycloak:8080/realms/demo/protocol/openid-connect/certs',
    );
    expect(config).toMatchObject({ audience: 'keyward-bridge', clockToleranceSeconds: 5, logLevel: 'info' });
  });

  it('refuses to start trusting nobody', () => {
    expect(failure(() => createApiConfig({ keycloakUrl: 'http://kc', admin })).message).toContain(
      'trusts no issuer',
    );
  });

  it.each([
    [{ clockToleranceSeconds: -1 }, 'clock tolerance'],
    [{ clockToleranceSeconds: 1.5 }, 'clock tolerance'],
    [{ logLevel: 'loud' }, 'Log level'],
    [{ audience: ' ' }, 'audience'],
    [{ keycloakUrl: 'nowhere' }, 'Keycloak URL'],
  ])('refuses %j', (override, words) => {
    const error = failure(() =>
      createApiConfig({ keycloakUrl: 'http://kc', realms: ['a'], admin, ...override }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(words);
  });
});

describe('apiConfigFromEnv', () => {
  it('reads the KEYWARD_ variables, the command line winning', () => {
    const config = apiConfigFromEnv(
      {
        KEYWARD_KEYCLOAK_URL: 'http://keycloak:8080',
        KEYWARD_REALMS: 'acme, demo',
        KEYWARD_TRUSTED_ISSUERS: 'http://localhost:8080/realms/demo',
        KEYWARD_AUDIENCE: 'my-bridge',
        KEYWARD_CLOCK_TOLERANCE_SECONDS: '10',
        KEYWARD_LOG_LEVEL: 'warn',
        KEYWARD_CLIENT_ID: 'keyward-bridge',
        KEYWARD_CLIENT_SECRET: 'secret',
      },
      { audience: 'cli-audience' },
    );
    expect(config.trustedIssuers.map((trusted) => trusted.realm)).toEqual(['acme', 'demo', 'demo']);
    expect(config).toMatchObject({ audience: 'cli-audience', clockToleranceSeconds: 10, logLevel: 'warn' });
    expect(config.admin).toMatchObject({
      clientId: 'keyward-bridge',
      clientSecret: 'secret',
      adminRealm: 'master',
    });
  });
});

describe('listSetting', () => {
  it('splits on commas and white space', () => {
    expect(listSetting(' a, b  c,,d ')).toEqual(['a', 'b', 'c', 'd']);
    expect(listSetting(undefined)).toEqual([]);
  });
});
