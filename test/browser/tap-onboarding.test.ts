/**
 * The onboarding journey of SPEC §4 in Chromium, with a virtual WebAuthn authenticator standing in for the
 * user's device: the admin issues a Temporary Access Pass with the CLI, the new employee (no password) signs in
 * with it, registers a passkey, signs out, and signs in with the passkey alone. Security defaults are on, so the
 * pass and then the passkey must each satisfy MFA by themselves. Screenshots of the TAP pages go to
 * docs/screenshots/ with KEYWARD_UPDATE_SCREENSHOTS=1.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { issueTemporaryAccessPass } from '../../bridge/src/keycloak/admin/tap.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { type ChromiumProfile, launchChromiumProfile } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { browserUrl, SCREENSHOT_DIR } from '../support/page-checks.js';
import { adminClient, createTestRealm, deleteRealm, type TestRealm } from '../support/realm-fixture.js';

const server = inject('keycloak');
const kcUrl = browserUrl(server.url);

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
  fido2: { state: enabled, includeTargets: [all] }
  temporaryAccessPass:
    state: enabled
    includeTargets: [all]
    isUsableOnce: true
`;

describe('onboarding with a Temporary Access Pass, in Chromium', () => {
  let realm: TestRealm;
  let chromiumProfile: ChromiumProfile | undefined;
  let context: BrowserContext;
  let page: Page;
  let appUrl: string;

  beforeAll(async () => {
    realm = await createTestRealm(server, 'tap-browser', {
      displayName: 'Acme',
      eventsEnabled: true,
      internationalizationEnabled: true,
      supportedLocales: ['en', 'de'],
      defaultLocale: 'en',
    });
    const admin = await adminClient(server);
    // The "application": any URL under the realm; the sign-in has succeeded when Keycloak redirects there with a code.
    appUrl = `${kcUrl}/realms/${realm.name}/app/`;
    await admin.clients.create({
      realm: realm.name,
      clientId: 'portal',
      publicClient: true,
      standardFlowEnabled: true,
      redirectUris: [`${appUrl}*`],
      attributes: { 'post.logout.redirect.uris': '+' },
    });
    await admin.users.create({
      realm: realm.name,
      username: 'newhire',
      enabled: true,
      email: 'newhire@example.test',
      emailVerified: true,
      firstName: 'New',
      lastName: 'Hire',
    });
    const parsed = parsePolicy(POLICY, 'policy.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, realm.name, parsed.document);

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    chromiumProfile = await launchChromiumProfile();
    context = chromiumProfile.context;
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await chromiumProfile?.close();
    if (realm) await deleteRealm(realm);
  });

  const signInUrl = () =>
    `${kcUrl}/realms/${realm.name}/protocol/openid-connect/auth?client_id=portal&response_type=code&scope=openid` +
    `&redirect_uri=${encodeURIComponent(`${appUrl}callback`)}`;

  it('offers the pass after the username, next to the password, in English and German', async () => {
    const admin = await adminClient(server);
    const { id } = await admin.users.create({
      realm: realm.name,
      username: 'returner',
      enabled: true,
      email: 'returner@example.test',
      emailVerified: true,
      firstName: 'Re',
      lastName: 'Turner',
      credentials: [{ type: 'password', value: 'Returner-pass-1', temporary: false }],
    });
    await issueTemporaryAccessPass(admin, realm.name, id, {});

    await page.goto(signInUrl());
    await page.fill('#username', 'returner');
    await page.click('#kc-login');
    await page.waitForSelector('#kc-keyward-use-tap');
    expect(await page.textContent('#kc-keyward-use-tap')).toContain('Use a Temporary Access Pass');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'tap-password-page.png'), fullPage: true });
    await page.click('#kc-keyward-use-tap');
    await page.waitForSelector('#kc-keyward-tap-form');

    await page.goto(`${signInUrl()}&ui_locales=de`);
    await page.fill('#username', 'returner');
    await page.click('#kc-login');
    await page.click('#kc-keyward-use-tap');
    await page.waitForSelector('#kc-keyward-tap-form');
    expect(await page.textContent('#kc-page-title')).toContain('Mit befristetem Zugriffspass anmelden');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'tap-sign-in-de.png'), fullPage: true });
    await context.clearCookies();
  });

  it('issue with the CLI, sign in with the pass, register a passkey, sign out, sign in with the passkey alone', async () => {
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

    // The admin issues the pass and reads it out to the new employee.
    const issued = await runCli(['tap', 'issue', 'newhire', '--realm', realm.name, '--output', 'json'], {
      KEYWARD_KEYCLOAK_URL: server.url,
      KEYWARD_ADMIN_USERNAME: server.adminUsername,
      KEYWARD_ADMIN_PASSWORD: server.adminPassword,
    });
    expect(issued.code, issued.stderr).toBe(0);
    const pass = (JSON.parse(issued.stdout) as { temporaryAccessPass: string }).temporaryAccessPass;

    // Username first; the user has no password, so the pass is asked for at once.
    await page.goto(signInUrl());
    await page.fill('#username', 'newhire');
    await page.click('#kc-login');
    await page.waitForSelector('#kc-keyward-tap-form');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'tap-sign-in.png'), fullPage: true });

    await page.fill('#temporaryAccessPass', 'WRONGPASS9');
    await page.click('#kc-login');
    await page.waitForSelector('#input-error-temporaryAccessPass');
    expect(await page.textContent('#input-error-temporaryAccessPass')).toContain('not valid');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'tap-sign-in-wrong-code.png'), fullPage: true });

    await page.fill('#temporaryAccessPass', pass);
    await page.click('#kc-login');
    await page.waitForSelector('#kc-keyward-tap-onboarding-form');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'tap-onboarding.png'), fullPage: true });

    // Onboarding: register a passkey with Keycloak's own registration page, then the sign-in finishes.
    page.on('dialog', (dialog) => void dialog.accept('Work laptop'));
    await page.click('#kc-keyward-onboard-passkey');
    await page.waitForSelector('#registerWebAuthn');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'tap-onboarding-passkey.png'), fullPage: true });
    await page.click('#registerWebAuthn');
    await page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code'));

    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.isResidentCredential).toBe(true);
    const admin = await adminClient(server);
    const [user] = await admin.users.find({ realm: realm.name, username: 'newhire', exact: true });
    const stored = await admin.users.getCredentials({ realm: realm.name, id: String(user?.id) });
    expect(stored.map((credential) => credential.type).sort()).toEqual([
      'keyward-temporary-access-pass',
      'webauthn-passwordless',
    ]);

    // Sign out.
    await page.goto(`${kcUrl}/realms/${realm.name}/protocol/openid-connect/logout?client_id=portal`);
    await page.click('#kc-logout');
    await expect
      .poll(() => admin.users.listSessions({ realm: realm.name, id: String(user?.id) }))
      .toEqual([]);

    // The passkey alone. Chromium offers the passkey as soon as the username page loads (conditional mediation),
    // and the virtual authenticator answers at once; nothing else is asked, not even with security defaults on.
    await page.goto(signInUrl());
    await page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code'));

    const logins = (await admin.realms.findEvents({ realm: realm.name, type: 'LOGIN', max: 100 })) as {
      details?: Record<string, string>;
    }[];
    expect(logins.map((event) => event.details?.keyward_method).sort()).toEqual(['tap', 'webauthn']);
  });
});
