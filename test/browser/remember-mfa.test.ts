/**
 * Remember MFA after a WebAuthn second factor, in Chromium with a virtual security key: security defaults make a new
 * user register the key, the next sign-in asks for it and then offers "Don't ask again for N days"; ticked, the sign-in
 * after that needs the password only (had the key been asked for, the sign-in would wait on its page). Revoking the
 * user's MFA sessions with the CLI voids the mark, and a second user on the same browser is asked for the key while
 * the first user's mark keeps working for the first user.
 * Screenshots of the offer page (1280 and 390 px wide, English and German) go to docs/screenshots/ with
 * KEYWARD_UPDATE_SCREENSHOTS=1.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { type ChromiumProfile, launchChromiumProfile } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { browserUrl, enterUsernameAndPassword, SCREENSHOT_DIR } from '../support/page-checks.js';
import { adminClient, createTestRealm, deleteRealm, type TestRealm } from '../support/realm-fixture.js';

const server = inject('keycloak');
const kcUrl = browserUrl(server.url);

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
authenticationMethods:
  softwareOath: { state: disabled }
  fido2: { state: enabled, includeTargets: [all] }
mfaSettings:
  rememberMfaOnTrustedDevice: { isEnabled: true, days: 30 }
`;

describe('remember MFA after a security key, in Chromium', () => {
  let realm: TestRealm;
  let chromiumProfile: ChromiumProfile | undefined;
  let context: BrowserContext;
  let page: Page;
  let appUrl: string;
  let samId: string;

  beforeAll(async () => {
    realm = await createTestRealm(server, 'remember-browser', {
      displayName: 'Acme',
      eventsEnabled: true,
      internationalizationEnabled: true,
      supportedLocales: ['en', 'de'],
      defaultLocale: 'en',
    });
    const admin = await adminClient(server);
    appUrl = `${kcUrl}/realms/${realm.name}/app/`;
    await admin.clients.create({
      realm: realm.name,
      clientId: 'portal',
      publicClient: true,
      standardFlowEnabled: true,
      redirectUris: [`${appUrl}*`],
      attributes: { 'post.logout.redirect.uris': '+' },
    });
    ({ id: samId } = await admin.users.create({
      realm: realm.name,
      username: 'sam',
      enabled: true,
      email: 'sam@example.test',
      emailVerified: true,
      firstName: 'Sam',
      lastName: 'Key',
      credentials: [{ type: 'password', value: 'Sam-pass-1', temporary: false }],
    }));
    const parsed = parsePolicy(POLICY, 'policy.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, realm.name, parsed.document);

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    chromiumProfile = await launchChromiumProfile();
    context = chromiumProfile.context;
    page = context.pages()[0] ?? (await context.newPage());
    // Registering a key asks for its label in a prompt.
    page.on('dialog', (dialog) => void dialog.accept('Work key'));
  });

  afterAll(async () => {
    await chromiumProfile?.close();
    if (realm) await deleteRealm(realm);
  });

  const signInUrl = (locale = 'en') =>
    `${kcUrl}/realms/${realm.name}/protocol/openid-connect/auth?client_id=portal&response_type=code&scope=openid` +
    `&ui_locales=${locale}&redirect_uri=${encodeURIComponent(`${appUrl}callback`)}`;

  /** Every user of this file has Sam's password. */
  async function password(locale = 'en', username = 'sam'): Promise<void> {
    await page.goto(signInUrl(locale));
    await enterUsernameAndPassword(page, username, 'Sam-pass-1');
  }

  async function signOut(username = 'sam'): Promise<void> {
    await page.goto(`${kcUrl}/realms/${realm.name}/protocol/openid-connect/logout?client_id=portal`);
    await page.click('#kc-logout');
    const admin = await adminClient(server);
    const [user] = await admin.users.find({ realm: realm.name, username, exact: true });
    await expect
      .poll(() => admin.users.listSessions({ realm: realm.name, id: String(user?.id) }))
      .toEqual([]);
  }

  const backAtTheApp = () =>
    page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code'));

  /** The key as second factor after the password; Chromium's virtual key answers the button at once. */
  async function passwordAndKey(locale = 'en', username = 'sam'): Promise<void> {
    await password(locale, username);
    await page.waitForSelector('#authenticateWebAuthnButton');
    await page.click('#authenticateWebAuthnButton');
    await page.waitForSelector('#kc-keyward-remember-mfa-form');
  }

  /**
   * Every visible element lies within `width`; the offending ones are named if not. (keycloak.v2's hidden tooltip of
   * the "restart sign-in" button beside the username is laid out beyond it on every page that shows the username.)
   */
  async function expectFitsWidth(width: number): Promise<void> {
    const overflowing = await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden')
      .filter((element) => element.getBoundingClientRect().right > ${width} + 1)
      .map((element) => element.tagName.toLowerCase() + '#' + element.id + '.' + element.className)`);
    expect(overflowing).toEqual([]);
  }

  let virtualKey: Promise<void> | undefined;
  /**
   * Chromium's virtual security key, added once to the page and shared by every user of this file. Not
   * discoverable: the key is asked for after the password, as a second factor, never on the username page.
   */
  function plugInKey(): Promise<void> {
    virtualKey ??= (async () => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'usb',
          hasResidentKey: false,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
    })();
    return virtualKey;
  }

  async function createPerson(username: string): Promise<string> {
    const admin = await adminClient(server);
    const { id } = await admin.users.create({
      realm: realm.name,
      username,
      enabled: true,
      email: `${username}@example.test`,
      emailVerified: true,
      firstName: username,
      lastName: 'Key',
      credentials: [{ type: 'password', value: 'Sam-pass-1', temporary: false }],
    });
    return id;
  }

  /** Security defaults and no method yet: the combined registration asks, and a security key is registered. */
  async function registerKey(username: string): Promise<void> {
    await plugInKey();
    await password('en', username);
    await page.click('#kc-keyward-security-info-securityKey');
    await page.waitForSelector('#registerWebAuthn');
    await page.click('#registerWebAuthn');
    await page.waitForSelector('#kc-keyward-security-info-summary-form');
    await page.click('#kc-keyward-done');
    await backAtTheApp();
    await signOut(username);
  }

  /** The key after the password, then the offer, ticked or not; back at the app, then signed out. */
  async function keyThenOffer(username: string, tick: boolean): Promise<void> {
    await passwordAndKey('en', username);
    if (tick) await page.check('#rememberMfa');
    await page.click('#kc-keyward-remember-mfa-continue');
    await backAtTheApp();
    await signOut(username);
  }

  /** What the user sees after the password: the prompt for the security key, or the app (signed in). */
  async function afterPassword(username: string): Promise<'key prompt' | 'app'> {
    await password('en', username);
    let seen: 'key prompt' | 'app' | undefined;
    await expect
      .poll(
        async () => {
          const url = new URL(page.url());
          if (url.href.startsWith(appUrl) && url.searchParams.has('code')) seen = 'app';
          else if (await page.$('#authenticateWebAuthnButton').catch(() => null)) seen = 'key prompt';
          return seen;
        },
        { timeout: 20_000 },
      )
      .toBeDefined();
    if (seen === 'key prompt') {
      expect(await page.isVisible('#authenticateWebAuthnButton')).toBe(true);
      expect(page.url().startsWith(appUrl)).toBe(false);
    }
    return seen as 'key prompt' | 'app';
  }

  /** The remember-MFA marks in the browser, one cookie per user. */
  async function marks(): Promise<string[]> {
    return (await context.cookies(`${kcUrl}/realms/${realm.name}/`))
      .map((cookie) => cookie.name)
      .filter((name) => name.startsWith('KEYWARD_REMEMBER_MFA_'));
  }

  /** The user's LOGIN events' Keyward details, newest first. */
  async function loginDetails(userId: string): Promise<Record<string, string>[]> {
    const admin = await adminClient(server);
    const events = (await admin.realms.findEvents({
      realm: realm.name,
      type: 'LOGIN',
      user: userId,
      max: 100,
    })) as {
      details?: Record<string, string>;
    }[];
    return events.map((event) => event.details ?? {});
  }

  it('register a key, use it, tick "Don\'t ask again", then sign in with the password alone', async () => {
    await plugInKey();

    // Security defaults: no method yet, so the combined registration asks; the key is registered as a security
    // key, and a registration is not offered a mark.
    await password();
    await page.click('#kc-keyward-security-info-securityKey');
    await page.waitForSelector('#registerWebAuthn');
    await page.click('#registerWebAuthn');
    await page.waitForSelector('#kc-keyward-security-info-summary-form');
    await page.click('#kc-keyward-done');
    await backAtTheApp();
    await signOut();

    // The key as second factor, then the offer.
    await passwordAndKey();
    expect(await page.textContent('#kc-page-title')).toContain('Remember this device?');
    expect(await page.textContent('label[for="rememberMfa"]')).toContain("Don't ask again for 30 days");
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'remember-mfa.png'), fullPage: true });
    await page.check('#rememberMfa');
    await page.click('#kc-keyward-remember-mfa-continue');
    await backAtTheApp();
    await signOut();

    // The password alone: had the key been asked for, the sign-in would wait for a click on its button.
    await password();
    await backAtTheApp();

    const logins = await loginDetails(samId);
    expect(logins.map((detail) => detail.keyward_method)).toEqual([
      'rememberMfa',
      'webauthn',
      'registration:webauthn',
    ]);
    expect(logins[0]?.keyward_remember_mfa).toBe('used');
    expect(logins[1]?.keyward_remember_mfa_offer).toBe('issued');
    await signOut();
  });

  it('fits a 390 px wide screen, in English and German', async () => {
    // Without the mark and the session: the key is asked for again, and the offer shown.
    await context.clearCookies();
    await page.setViewportSize({ width: 390, height: 844 });
    await passwordAndKey();
    await expectFitsWidth(390);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'remember-mfa-390.png'), fullPage: true });
    await page.click('#kc-keyward-remember-mfa-continue');
    await backAtTheApp();
    await signOut();

    await passwordAndKey('de');
    expect(await page.textContent('#kc-page-title')).toContain('Dieses Gerät merken?');
    expect(await page.textContent('label[for="rememberMfa"]')).toContain('30 Tage lang nicht mehr fragen');
    await expectFitsWidth(390);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'remember-mfa-de-390.png'), fullPage: true });
    await page.click('#kc-keyward-remember-mfa-continue');
    await backAtTheApp();
    await signOut();
  });

  it('asks for the key again after `keyward users revoke-mfa-sessions`, with the mark still in the browser', async () => {
    await context.clearCookies();
    await page.setViewportSize({ width: 1280, height: 900 });
    const ritaId = await createPerson('rita');
    await registerKey('rita');
    await keyThenOffer('rita', true);
    expect(await afterPassword('rita')).toBe('app');
    await signOut('rita');

    const result = await runCli(
      ['users', 'revoke-mfa-sessions', 'rita', '--realm', realm.name, '--output', 'json'],
      {
        KEYWARD_KEYCLOAK_URL: server.url,
        KEYWARD_ADMIN_USERNAME: server.adminUsername,
        KEYWARD_ADMIN_PASSWORD: server.adminPassword,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ user: 'rita', mfaSessionVersion: expect.any(Number) }]);

    // The mark is still there, and no longer enough: the key prompt, not the app.
    expect(await marks()).toHaveLength(1);
    expect(await afterPassword('rita')).toBe('key prompt');
    await page.click('#authenticateWebAuthnButton');
    await page.waitForSelector('#kc-keyward-remember-mfa-form');
    await page.click('#kc-keyward-remember-mfa-continue');
    await backAtTheApp();
    await signOut('rita');

    const details = await loginDetails(ritaId);
    expect(details.map((detail) => detail.keyward_method)).toEqual([
      'webauthn',
      'rememberMfa',
      'webauthn',
      'registration:webauthn',
    ]);
    expect(details[0]?.keyward_remember_mfa).toBe('revoked');
    expect(details[0]?.keyward_remember_mfa_offer).toBe('declined');
    expect(details[1]?.keyward_remember_mfa).toBe('used');
    expect(details[2]?.keyward_remember_mfa_offer).toBe('issued');
  });

  it("asks another user on the same browser for the key, and the first user's mark still works for them", async () => {
    await context.clearCookies();
    await page.setViewportSize({ width: 1280, height: 900 });
    const umaId = await createPerson('uma');
    const vicId = await createPerson('vic');
    await registerKey('uma');
    await registerKey('vic');
    await keyThenOffer('uma', true);
    expect(await marks()).toHaveLength(1);

    // Vic, with Uma's mark in the browser: the key prompt.
    expect(await afterPassword('vic')).toBe('key prompt');
    await page.click('#authenticateWebAuthnButton');
    await page.waitForSelector('#kc-keyward-remember-mfa-form');
    await page.click('#kc-keyward-remember-mfa-continue');
    await backAtTheApp();
    await signOut('vic');
    const [vicLogin] = await loginDetails(vicId);
    expect(vicLogin?.keyward_method).toBe('webauthn');
    // Uma's mark is not Vic's: not even presented for him.
    expect(vicLogin?.keyward_remember_mfa).toBeUndefined();
    expect(vicLogin?.keyward_remember_mfa_offer).toBe('declined');

    // Uma again: the password alone.
    expect(await afterPassword('uma')).toBe('app');
    await signOut('uma');
    const [umaLogin] = await loginDetails(umaId);
    expect(umaLogin?.keyward_method).toBe('rememberMfa');
    expect(umaLogin?.keyward_remember_mfa).toBe('used');
    expect(await marks()).toHaveLength(1);
  });
});
