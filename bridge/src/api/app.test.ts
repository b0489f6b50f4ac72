import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeywardError } from '../errors.js';
import { createApp } from './app.js';
import { createTokenVerifier } from './auth/token-verifier.js';
import { createApiConfig } from './config.js';
import { createLogger } from './logging.js';
import { listen, type RunningServer } from './server.js';

/**
 * The app's wiring without Keycloak: tokens signed here, and a Keycloak that is down. What happens with a real
 * Keycloak is in test/integration/api.test.ts.
 */
const config = createApiConfig({
  keycloakUrl: 'http://keycloak.invalid:8080',
  realms: ['acme'],
  admin: { keycloakUrl: 'http://keycloak.invalid:8080' },
  logLevel: 'silent',
});
const issuer = config.trustedIssuers[0]?.issuer as string;

let running: RunningServer;
let sign: (roles: string[]) => Promise<string>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }] });
  sign = (roles) =>
    new SignJWT({ typ: 'Bearer', realm_access: { roles } })
      .setProtectedHeader({ alg: 'ES256', kid: 'k' })
      .setIssuer(issuer)
      .setAudience('keyward-bridge')
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  const app = createApp(config, {
    logger: createLogger('silent'),
    verifyToken: createTokenVerifier({ ...config, keySetFor: () => jwks }),
    keycloak: {
      client: async () => {
        throw new KeywardError(
          'KEYCLOAK_UNAVAILABLE',
          'Keycloak at http://keycloak.invalid:8080 does not answer.',
        );
      },
    },
  });
  running = await listen(app, { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await running?.close(100);
});

const call = async (
  method: string,
  path: string,
  init: { token?: string; body?: string; type?: string } = {},
) => {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.type) headers['content-type'] = init.type;
  const response = await fetch(`${running.url}${path}`, { method, headers, body: init.body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
};

describe('createApp', () => {
  it('answers /healthz without Keycloak', async () => {
    const response = await call('GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.json().openapi).toBe('3.1.0');
  });

  it('passes a well-formed request id through and replaces a malformed one', async () => {
    const kept = await fetch(`${running.url}/healthz`, { headers: { 'request-id': 'abc-123' } });
    expect(kept.headers.get('request-id')).toBe('abc-123');
    const replaced = await fetch(`${running.url}/healthz`, { headers: { 'x-request-id': 'bad id\r\n' } });
    expect(replaced.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses /v1 without a token, with an RFC 6750 challenge', async () => {
    const response = await call('GET', '/v1/policy');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="keyward"');
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('refuses admin routes without keyward-admin before reading the body', async () => {
    const response = await call('PUT', '/v1/policy', {
      token: await sign([]),
      body: 'x'.repeat(10),
      type: 'text/yaml',
    });
    expect(response.status).toBe(403);
    expect(response.json().error.code).toBe('accessDenied');
  });

  it('validates parameters before calling Keycloak', async () => {
    const response = await call('PUT', '/v1/policy?dryRun=perhaps', {
      token: await sign(['keyward-admin']),
      body: 'apiVersion: keyward/v1',
      type: 'application/yaml',
    });
    expect(response.status).toBe(400);
    expect(response.json().error.details).toEqual([
      { code: 'type', target: 'dryRun', message: 'must be of type boolean' },
    ]);
  });

  it('validates the policy document before calling Keycloak', async () => {
    const response = await call('PUT', '/v1/policy', {
      token: await sign(['keyward-admin']),
      body: 'apiVersion: keyward/v2\n',
      type: 'application/yaml',
    });
    expect(response.status).toBe(422);
    expect(response.json().error.details[0]).toMatchObject({ target: '/apiVersion' });
  });

  it('answers 503 when Keycloak is down', async () => {
    const response = await call('GET', '/v1/me/authentication/methods', { token: await sign([]) });
    expect(response.status).toBe(503);
    expect(response.json().error.code).toBe('serviceNotAvailable');
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await call('GET', '/v2/anything');
    expect(response.status).toBe(404);
    expect(response.json().error.code).toBe('itemNotFound');
  });

  it('counts requests by route template and token outcome', async () => {
    const metrics = (await call('GET', '/metrics')).text;
    expect(metrics).toContain('keyward_http_requests_total{method="GET",route="/healthz",status="200"}');
    expect(metrics).toContain('keyward_token_verifications_total{outcome="UNAUTHENTICATED"}');
    expect(metrics).toContain('route="unmatched"');
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After and the error shape once a client address spends its budget', async () => {
    const limited = createApiConfig({
      keycloakUrl: 'http://keycloak.invalid:8080',
      realms: ['acme'],
      admin: { keycloakUrl: 'http://keycloak.invalid:8080' },
      logLevel: 'silent',
      rateLimit: { windowSeconds: 60, api: 3 },
    });
    const app = createApp(limited, { logger: createLogger('silent') });
    const server = await listen(app, { port: 0, host: '127.0.0.1' });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        statuses.push((await fetch(`${server.url}/v1/policy`)).status);
      }
      expect(statuses).toEqual([401, 401, 401]);
      const refused = await fetch(`${server.url}/v1/me/authentication/methods`);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get('ratelimit')).toMatch(/limit=3, remaining=0/);
      const body = (await refused.json()) as {
        error: { code: string; message: string; innerError: Record<string, string> };
      };
      expect(body.error.code).toBe('tooManyRequests');
      expect(body.error.message).toContain(`retry after ${retryAfter} seconds`);
      expect(body.error.innerError['request-id']).toBe(refused.headers.get('request-id'));
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
    } finally {
      await server.close(100);
    }
  });

  it('refuses budgets that are not positive whole numbers, naming the setting', () => {
    expect(() =>
      createApiConfig({
        keycloakUrl: 'http://keycloak.invalid:8080',
        realms: ['acme'],
        admin: { keycloakUrl: 'http://keycloak.invalid:8080' },
        rateLimit: { api: 0 },
      }),
    ).toThrow(/KEYWARD_RATE_LIMIT_API/);
  });
});
