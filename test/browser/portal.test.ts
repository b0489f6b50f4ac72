/**
 * The self-service portal in Chromium against the real Keycloak: sign in (code + PKCE, password then the
 * authenticator app, security defaults on), see the methods with the default first, make another one the
 * default, delete one, add an authenticator app and a passkey through Keycloak's application-initiated
 * actions, the CSRF and Origin refusals, sign out, sign out everywhere (a refresh token of another session dies
 * with it), and the portal's own 429 page. Screenshots of each page at 1280 and 390 px go to
 * docs/screenshots/ with KEYWARD_UPDATE_SCREENSHOTS=1; axe-core checks each page.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { setPerUserMfaState } from '../../bridge/src/keycloak/admin/users.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { type ChromiumProfile, launchChromiumProfile } from '../support/chromium.js';
import { LoginBrowser, passwordGrant, TotpAuthenticator } from '../support/login-driver.js';
import { browserUrl, enterUsernameAndPassword, SCREENSHOT_DIR } from '../support/page-checks.js';
import { adminClient, createTestRealm, deleteRealm, type TestRealm } from '../support/realm-fixture.js';

const server = inject('keycloak');
const kcUrl = browserUrl(server.url);

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
  fido2: { state: enabled, includeTargets: [all] }
`;

/** The OTP secret as Keycloak stores it (raw) and as an authenticator app holds it (Base32 of its bytes). */
const RAW_SECRET = 'keyward-portal-test-secret';
function base32(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of Buffer.from(text, 'utf8')) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let index = 0; index < bits.length; index += 5) {
    out += alphabet[Number.parseInt(bits.slice(index, index + 5).padEnd(5, '0'), 2)];
  }
  return out;
}

const otpCredential = (label: string, createdDate: number) => ({
  type: 'otp',
  userLabel: label,
  createdDate,
  secretData: JSON.stringify({ value: RAW_SECRET }),
  credentialData: JSON.stringify({
    subType: 'totp',
    digits: 6,
    period: 30,
    algorithm: 'HmacSHA1',
    counter: 0,
  }),
});

/** axe-core's serious and critical findings on the current page. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } })",
  )) as axe.AxeResults;
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

/** Screenshots at 1280 and 390 px, and no serious accessibility finding. */
async function capture(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `portal-${name}-${width}.png`), fullPage: true });
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await accessibilityViolations(page), name).toEqual([]);
}

describe('the self-service portal, in Chromium', () => {
  let realm: TestRealm;
  let bridge: TestBridge;
  let chromiumProfile: ChromiumProfile | undefined;
  let context: BrowserContext;
  let page: Page;
  let userId: string;
  let portalUrl: string;
  const app = new TotpAuthenticator(base32(RAW_SECRET));

  beforeAll(async () => {
    realm = await createTestRealm(server, 'portal', {
      displayName: 'Acme',
      internationalizationEnabled: true,
      supportedLocales: ['en', 'de'],
      defaultLocale: 'en',
    });
    const admin = await adminClient(server);
    const created = await admin.users.create({
      realm: realm.name,
      username: 'pia',
      enabled: true,
      email: 'pia@example.test',
      emailVerified: true,
      firstName: 'Pia',
      lastName: 'Portal',
      credentials: [
        { type: 'password', value: 'Pia-pass-1', temporary: false },
        otpCredential('Phone', Date.UTC(2026, 0, 12)),
        otpCredential('Tablet', Date.UTC(2026, 3, 3)),
      ] as never,
    });
    userId = created.id;
    const parsed = parsePolicy(POLICY, 'policy.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, realm.name, parsed.document);
    bridge = await startTestBridge(server, [realm], { portal: true, rateLimit: { portal: 60 } });
    portalUrl = `${bridge.publicUrl}/portal/${realm.name}/`;

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    chromiumProfile = await launchChromiumProfile({ viewport: { width: 1280, height: 900 } });
    context = chromiumProfile.context;
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await chromiumProfile?.close();
    await bridge?.close();
    if (realm) await deleteRealm(realm);
  });

  /** Signs in through Keycloak's pages: username, password, then a fresh authenticator-app code. */
  async function signIn(): Promise<void> {
    await page.goto(portalUrl);
    await page.waitForSelector('#username');
    expect(page.url().startsWith(kcUrl)).toBe(true);
    await enterUsernameAndPassword(page, 'pia', 'Pia-pass-1');
    await page.waitForSelector('#otp');
    await page.fill('#otp', await app.nextCode());
    await page.click('#kc-login');
    await page.waitForURL((url) => url.href.startsWith(portalUrl));
    await page.waitForSelector('#kw-methods');
  }

  const methodNames = () => page.locator('#kw-methods .kw-method-name').allTextContents();
  const credentialLabels = async () => {
    const admin = await adminClient(server);
    const stored = await admin.users.getCredentials({ realm: realm.name, id: userId });
    return stored.map((credential) => credential.userLabel ?? credential.type);
  };

  it('signs in through Keycloak and lists the methods, the default first', async () => {
    await signIn();
    expect(await page.textContent('#kw-page-title')).toBe('Security info');
    expect(await page.textContent('.kw-brand')).toContain('Acme');
    expect(await page.textContent('.kw-user')).toContain('Signed in as Pia Portal');
    expect(await methodNames()).toEqual([
      'Authenticator app (Phone)Default',
      'Authenticator app (Tablet)',
      'Password',
    ]);
    expect(await page.textContent('#kw-default-method')).toBe('Authenticator app (Phone)');
    expect(await page.locator('#kw-methods .kw-method-meta').first().textContent()).toBe('Added 12 Jan 2026');
    // The policy allows passkeys, security keys and authenticator apps; the password row has no actions.
    expect(await page.locator('#kw-add-kind option').allTextContents()).toEqual(
      expect.arrayContaining(['Passkey', 'Security key', 'Authenticator app']),
    );
    expect(await page.locator('[data-kind="password"] button').count()).toBe(0);
    const cookies = await context.cookies(bridge.publicUrl);
    const session = cookies.find((cookie) => cookie.name === 'keyward-portal');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(session?.value).not.toContain('pia');
    await capture(page, 'security-info');
  });

  it('makes another method the default (Keycloak credential order)', async () => {
    await page.click('button[aria-label="Make Authenticator app (Tablet) the default method"]');
    await page.waitForSelector('#kw-notice');
    expect(await page.textContent('#kw-notice')).toBe(
      'Authenticator app (Tablet) is now your default method.',
    );
    expect(await methodNames()).toEqual([
      'Authenticator app (Tablet)Default',
      'Authenticator app (Phone)',
      'Password',
    ]);
    expect((await credentialLabels())[0]).toBe('Tablet');
  });

  it('refuses a change without the CSRF token, and one from another origin', async () => {
    const form = page.locator('form[action$="/delete"]').first();
    const token = await form.locator('input[name="csrf"]').inputValue();
    const action = String(await form.getAttribute('action'));
    await form.locator('input[name="csrf"]').evaluate((input) => input.remove());
    await form.locator('button').click();
    await page.waitForSelector('#kw-error');
    expect(await page.textContent('#kw-error')).toContain('could not be verified');
    expect(await page.textContent('#kw-page-title')).toBe('Something went wrong');
    expect(await page.textContent('.kw-brand')).toContain('Acme');
    await capture(page, 'error');

    const forged = await context.request.post(new URL(action, bridge.publicUrl).href, {
      form: { csrf: token },
      headers: { origin: 'http://attacker.example' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const withoutOrigin = await context.request.post(new URL(action, bridge.publicUrl).href, {
      form: { csrf: 'wrong' },
      headers: { origin: String(bridge.publicUrl) },
      maxRedirects: 0,
    });
    expect(withoutOrigin.status()).toBe(403);
    expect(await credentialLabels()).toEqual(['Tablet', 'password', 'Phone']);
  });

  it('deletes a method', async () => {
    await page.goto(portalUrl);
    await page.click('button[aria-label="Delete Authenticator app (Phone)"]');
    await page.waitForSelector('#kw-notice');
    expect(await page.textContent('#kw-notice')).toBe('The method was deleted.');
    expect(await methodNames()).toEqual(['Authenticator app (Tablet)Default', 'Password']);
    expect(await credentialLabels()).toEqual(['Tablet', 'password']);
  });

  it('adds an authenticator app through Keycloak’s application-initiated action', async () => {
    await page.selectOption('#kw-add-kind', 'CONFIGURE_TOTP');
    await page.click('#kw-add-method button[type="submit"]');
    await page.waitForURL((url) => url.href.startsWith(kcUrl));
    await page.waitForSelector('#kc-totp-secret-key, #mode-manual');
    if (!(await page.isVisible('#kc-totp-secret-key'))) await page.click('#mode-manual');
    const secret = String(await page.textContent('#kc-totp-secret-key')).replace(/\s+/g, '');
    const added = new TotpAuthenticator(secret);
    await page.fill('#totp', await added.nextCode());
    await page.fill('#userLabel', 'Laptop');
    await page.click('#saveTOTPBtn, #kc-login, [type="submit"]');
    await page.waitForURL((url) => url.href.startsWith(portalUrl));
    await page.waitForSelector('#kw-notice');
    expect(await page.textContent('#kw-notice')).toBe('The new method is ready.');
    expect(await methodNames()).toContain('Authenticator app (Laptop)');
    expect(await credentialLabels()).toContain('Laptop');
  });

  it('adds a passkey through Keycloak’s WebAuthn registration (a virtual authenticator stands in)', async () => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const labelPasskey = (dialog: { accept(text: string): Promise<void> }) =>
      void dialog.accept('Work laptop');
    page.on('dialog', labelPasskey);
    try {
      await page.goto(portalUrl);
      await page.selectOption('#kw-add-kind', 'webauthn-register-passwordless');
      await page.click('#kw-add-method button[type="submit"]');
      await page.waitForSelector('#registerWebAuthn');
      await page.click('#registerWebAuthn');
      await page.waitForURL((url) => url.href.startsWith(portalUrl));
      await page.waitForSelector('#kw-notice');
      expect(await page.textContent('#kw-notice')).toBe('The new method is ready.');
      expect(await methodNames()).toContain('Passkey (Work laptop)');
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
    } finally {
      page.off('dialog', labelPasskey);
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
      await cdp.detach();
    }
  });

  it('speaks German to a German browser', async () => {
    // Playwright sends the context's locale as Accept-Language; Chromium's own override wins over extra headers.
    const cdp = await context.newCDPSession(page);
    const userAgent = String(await page.evaluate('navigator.userAgent'));
    await cdp.send('Network.setUserAgentOverride', { userAgent, acceptLanguage: 'de-DE,de;q=0.9' });
    await page.goto(portalUrl);
    expect(await page.textContent('#kw-page-title')).toBe('Sicherheitsinformationen');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'portal-security-info-de-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await cdp.send('Network.setUserAgentOverride', { userAgent, acceptLanguage: 'en-GB,en;q=0.9' });
    await cdp.detach();
  });

  it('signs out of this session only', async () => {
    await page.goto(portalUrl);
    await page.click('#kw-sign-out');
    await page.waitForSelector('#kw-signed-out');
    expect(await page.textContent('#kw-signed-out')).toBe('Your portal session has ended.');
    const admin = await adminClient(server);
    await expect.poll(() => admin.users.listSessions({ realm: realm.name, id: userId })).toEqual([]);
    await capture(page, 'signed-out');
    // The portal asks Keycloak again, and Keycloak asks for the password again.
    await page.goto(portalUrl);
    await page.waitForSelector('#username');
  });

  it('signs out everywhere: every Keycloak session ends, a refresh token of another session fails', async () => {
    // Another session, on another "device": the password and the app, through the test client.
    const elsewhere = new LoginBrowser(kcUrl);
    const flow = await elsewhere.startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
    });
    await flow.submitPassword('pia', 'Pia-pass-1');
    await flow.submitOtp(await app.nextCode());
    const tokens = await flow.finish();
    expect(tokens.refresh_token).toBeTruthy();

    await signIn();
    const admin = await adminClient(server);
    expect((await admin.users.listSessions({ realm: realm.name, id: userId })).length).toBe(2);
    await page.click('#kw-sign-out-everywhere');
    await page.waitForSelector('#kw-signed-out');
    expect(await page.textContent('#kw-signed-out')).toContain('on every device');
    expect(await admin.users.listSessions({ realm: realm.name, id: userId })).toEqual([]);

    const refreshed = await fetch(`${kcUrl}/realms/${realm.name}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: realm.clientId,
        refresh_token: String(tokens.refresh_token),
      }),
    });
    expect(refreshed.status).toBe(400);
    expect(((await refreshed.json()) as { error: string }).error).toBe('invalid_grant');
    await page.goto(portalUrl);
    await page.waitForSelector('#username');
  });

  it('answers 429 with a readable page once a browser spends its budget', async () => {
    let status = 0;
    for (let attempt = 0; attempt < 80 && status !== 429; attempt += 1) {
      status = (await context.request.get(`${bridge.publicUrl}/portal/${realm.name}/signed-out`)).status();
    }
    expect(status).toBe(429);
    const response = await page.goto(`${bridge.publicUrl}/portal/${realm.name}/signed-out`);
    expect(response?.status()).toBe(429);
    expect(Number(response?.headers()['retry-after'])).toBeGreaterThan(0);
    expect(await page.textContent('#kw-error')).toMatch(
      /Too many requests from your address\. Wait \d+ seconds/,
    );
  });
});

describe('app passwords in the portal, in Chromium', () => {
  let realm: TestRealm;
  let bridge: TestBridge;
  let chromiumProfile: ChromiumProfile | undefined;
  let context: BrowserContext;
  let page: Page;
  let appPasswordsUrl: string;
  const app = new TotpAuthenticator(base32(RAW_SECRET));

  beforeAll(async () => {
    realm = await createTestRealm(server, 'portal-apppw', { displayName: 'Acme' });
    const admin = await adminClient(server);
    await admin.users.create({
      realm: realm.name,
      username: 'ada',
      enabled: true,
      email: 'ada@example.test',
      emailVerified: true,
      firstName: 'Ada',
      lastName: 'Legacy',
      credentials: [
        { type: 'password', value: 'Ada-pass-1', temporary: false },
        otpCredential('Phone', Date.UTC(2026, 0, 12)),
      ] as never,
    });
    const parsed = parsePolicy(
      `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
mfaSettings:
  appPasswords: { isAllowed: true }
  privilegedRoles: [realm-management/realm-admin]
`,
      'policy.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, realm.name, parsed.document);
    await setPerUserMfaState(admin, realm.name, 'ada', 'enforced');
    bridge = await startTestBridge(server, [realm], { portal: true });
    appPasswordsUrl = `${bridge.publicUrl}/portal/${realm.name}/app-passwords`;
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    chromiumProfile = await launchChromiumProfile({ viewport: { width: 1280, height: 900 } });
    context = chromiumProfile.context;
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await chromiumProfile?.close();
    await bridge?.close();
    if (realm) await deleteRealm(realm);
  });

  const grant = (password: string) =>
    passwordGrant({ kcUrl, realm: realm.name, clientId: realm.clientId, username: 'ada', password });

  it('creates an app password shown once, which a legacy client uses on the password grant until it is deleted', async () => {
    await page.goto(appPasswordsUrl);
    await enterUsernameAndPassword(page, 'ada', 'Ada-pass-1');
    await page.waitForSelector('#otp');
    await page.fill('#otp', await app.nextCode());
    await page.click('#kc-login');
    await page.waitForURL((url) => url.href.startsWith(appPasswordsUrl));
    expect(await page.textContent('#kw-page-title')).toBe('App passwords');
    expect(await page.locator('.kw-nav a').allTextContents()).toEqual(['Security info', 'App passwords']);
    expect(await page.textContent('#kw-app-passwords-none')).toBe('You have no app passwords.');
    // The user's own password is no way in for a legacy client: the user is enforced.
    expect((await grant('Ada-pass-1')).status).toBe(400);

    await page.fill('#kw-app-password-name', 'Mail on my phone');
    await page.click('#kw-create-app-password button[type="submit"]');
    await page.waitForSelector('#kw-new-app-password');
    const password = String(await page.textContent('#kw-new-app-password'));
    expect(password).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){4}$/);
    expect(await page.textContent('#kw-created-title')).toBe('Your new app password for Mail on my phone');
    await capture(page, 'app-passwords-created');

    // Shown once: a reload has only the name and the date.
    await page.reload();
    expect(await page.locator('#kw-new-app-password').count()).toBe(0);
    expect(await page.content()).not.toContain(password);
    expect(await page.locator('#kw-app-passwords .kw-method-name').allTextContents()).toEqual([
      'Mail on my phone',
    ]);
    await capture(page, 'app-passwords');

    const granted = await grant(password);
    expect(granted.status).toBe(200);
    expect(granted.body.access_token).toBeTruthy();

    await page.click('button[aria-label="Delete app password Mail on my phone"]');
    await page.waitForSelector('#kw-notice');
    expect(await page.textContent('#kw-notice')).toContain('The app password was deleted.');
    expect(await page.textContent('#kw-app-passwords-none')).toBe('You have no app passwords.');
    const refused = await grant(password);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_grant');
  });

  it('refuses a name already taken with a readable message, and shows no password', async () => {
    await page.fill('#kw-app-password-name', 'x'.repeat(64));
    await page.click('#kw-create-app-password button[type="submit"]');
    await page.waitForSelector('#kw-new-app-password');
    await page.fill('#kw-app-password-name', 'x'.repeat(64));
    await page.click('#kw-create-app-password button[type="submit"]');
    await page.waitForSelector('#kw-notice');
    expect(await page.textContent('#kw-notice')).toMatch(/^That is not possible: /);
    expect(await page.locator('#kw-new-app-password').count()).toBe(0);
  });
});
