import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createApiConfig } from '../api/config.js';
import { createLogger } from '../api/logging.js';
import { listen, type RunningServer } from '../api/server.js';
import { KeywardError } from '../errors.js';
import type { PortalSignIn } from './oidc.js';

/**
 * The portal's wiring without Keycloak: the refusals that must happen before Keycloak is asked anything. The
 * journeys against the real Keycloak are in test/browser/portal.test.ts.
 */
const signIn: PortalSignIn = {
  start: async (realm, redirectUri) => ({
    url: `http://keycloak.invalid/realms/${realm}/auth?redirect_uri=${encodeURIComponent(redirectUri)}`,
    login: { state: 's', nonce: 'n', codeVerifier: 'v' },
  }),
  finish: async () => {
    throw new KeywardError('INVALID_TOKEN', 'not in this test');
  },
  authorizationOrigin: async () => 'http://keycloak.invalid',
};

let running: RunningServer;
const publicUrl = 'http://localhost:18093';

beforeAll(async () => {
  const config = createApiConfig({
    keycloakUrl: 'http://keycloak.invalid:8080',
    realms: ['acme'],
    admin: { keycloakUrl: 'http://keycloak.invalid:8080' },
    logLevel: 'silent',
    rateLimit: { portal: 12 },
    portal: { publicUrl, cookieKeys: [randomBytes(32).toString('base64url')] },
  });
  const app = createApp(config, {
    logger: createLogger('silent'),
    portalSignIn: signIn,
    keycloak: {
      client: async () => {
        throw new KeywardError('KEYCLOAK_UNAVAILABLE', 'Keycloak does not answer.');
      },
    },
  });
  running = await listen(app, { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await running?.close(100);
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${running.url}/portal${path}`, { headers, redirect: 'manual' });

describe('the portal without a session', () => {
  it('sends the browser to Keycloak with a sealed, HttpOnly, SameSite=Lax login cookie', async () => {
    const response = await get('/acme/');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `http://keycloak.invalid/realms/acme/auth?redirect_uri=${encodeURIComponent(`${publicUrl}/portal/acme/callback`)}`,
    );
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^keyward-portal-login=[\w-]+\.\./);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses a state-changing request from another origin before anything else', async () => {
    const response = await fetch(`${running.url}/portal/acme/sign-out-everywhere`, {
      method: 'POST',
      headers: { origin: 'http://attacker.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=x',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('The request could not be verified');
  });

  it('answers realms it does not serve with a readable 404 page, never a stack trace', async () => {
    const response = await get('/elsewhere/', { 'accept-language': 'de' });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Diese Seite gibt es nicht.');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a callback without the login cookie', async () => {
    const response = await get('/acme/callback?code=c&state=s');
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('The sign-in could not be completed.');
  });

  it('serves its stylesheet', async () => {
    const response = await get('/assets/portal.css');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/css');
  });

  it('answers 429 with Retry-After past the budget', async () => {
    let response = await get('/assets/portal.css');
    for (let attempt = 0; attempt < 12 && response.status !== 429; attempt += 1) {
      response = await get('/assets/portal.css');
    }
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.text()).toMatch(/Too many requests from your address\. Wait \d+ seconds/);
  });
});
