import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiConfigFromEnv } from '../api/config.js';
import { createPortalConfig, portalCallbackUrl } from './config.js';

const key = () => randomBytes(32).toString('base64');

describe('createPortalConfig', () => {
  it('uses Secure __Host- cookies on https and plain cookies only on loopback http', () => {
    expect(
      createPortalConfig({ publicUrl: 'https://keyward.example.org/', cookieKeys: [key()] }),
    ).toMatchObject({
      publicUrl: 'https://keyward.example.org',
      origin: 'https://keyward.example.org',
      secureCookies: true,
      clientId: 'keyward-portal',
      sessionMinutes: 480,
    });
    expect(
      createPortalConfig({ publicUrl: 'http://localhost:8090', cookieKeys: [key()] }).secureCookies,
    ).toBe(false);
  });

  it('refuses plain http off loopback, a bad URL, no key and keys of the wrong length, naming the setting', () => {
    expect(() =>
      createPortalConfig({ publicUrl: 'http://keyward.example.org', cookieKeys: [key()] }),
    ).toThrow(/KEYWARD_PUBLIC_URL.*must be https/);
    expect(() => createPortalConfig({ publicUrl: 'not a url', cookieKeys: [key()] })).toThrow(/is not a URL/);
    expect(() => createPortalConfig({ publicUrl: 'https://k.example', cookieKeys: [] })).toThrow(
      /KEYWARD_PORTAL_COOKIE_KEYS/,
    );
    expect(() =>
      createPortalConfig({
        publicUrl: 'https://k.example',
        cookieKeys: [randomBytes(16).toString('base64')],
      }),
    ).toThrow(/#1 .* decodes to 16 bytes/);
    expect(() =>
      createPortalConfig({ publicUrl: 'https://k.example', cookieKeys: [key()], sessionMinutes: 2 }),
    ).toThrow(/KEYWARD_PORTAL_SESSION_MINUTES/);
  });

  it('builds the callback under a path prefix', () => {
    expect(portalCallbackUrl('https://id.example.org/keyward/', 'acme')).toBe(
      'https://id.example.org/keyward/portal/acme/callback',
    );
  });

  it('is on in the environment when cookie keys are set, and then needs the public URL', () => {
    const env = { KEYWARD_REALMS: 'acme', KEYWARD_PORTAL_COOKIE_KEYS: `${key()},${key()}` };
    expect(() => apiConfigFromEnv(env)).toThrow(/KEYWARD_PUBLIC_URL/);
    const config = apiConfigFromEnv({
      ...env,
      KEYWARD_PUBLIC_URL: 'https://keyward.example.org',
      KEYWARD_RATE_LIMIT_API: '50',
      KEYWARD_TRUST_PROXY: '1',
    });
    expect(config.portal?.cookieKeys).toHaveLength(2);
    expect(config.rateLimit).toEqual({ windowSeconds: 60, api: 50, portal: 120 });
    expect(config.trustProxy).toBe(1);
    expect(apiConfigFromEnv({ KEYWARD_REALMS: 'acme' }).portal).toBeUndefined();
    expect(() => apiConfigFromEnv({ KEYWARD_REALMS: 'acme', KEYWARD_RATE_LIMIT_PORTAL: 'many' })).toThrow(
      /KEYWARD_RATE_LIMIT_PORTAL must be a whole number/,
    );
  });
});
