import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { type ChromiumProfile, launchChromiumProfile } from '../support/chromium.js';
import {
  browserUrl,
  enterUsernameAndPassword,
  horizontalOverflow,
  seriousViolations,
} from '../support/page-checks.js';
import {
  addTotp,
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
  type TestUser,
} from '../support/realm-fixture.js';

const server = inject('keycloak');
const kcUrl = browserUrl(server.url);

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
  fido2: { state: enabled, includeTargets: [all] }
`;

describe('sign in another way with a security key, in Chromium', () => {
  let realm: TestRealm;
  let user: TestUser;
  let chromiumProfile: ChromiumProfile | undefined;
  let context: BrowserContext;
  let page: Page;
  let appUrl: string;

  beforeAll(async () => {
    realm = await createTestRealm(server, 'picker-browser', { displayName: 'Acme' });
    const admin = await adminClient(server);
    appUrl = `${kcUrl}/realms/${realm.name}/app/`;
    await admin.clients.create({
      realm: realm.name,
      clientId: 'portal',
      publicClient: true,
      standardFlowEnabled: true,
      redirectUris: [`${appUrl}*`],
    });
    user = await createUser(realm, { username: 'kai', password: 'Kai-pass-1' });
    const app = await addTotp(realm, user);

    chromiumProfile = await launchChromiumProfile();
    context = chromiumProfile.context;
    page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: false,
        hasUserVerification: false,
        automaticPresenceSimulation: true,
      },
    });

    // A security key registered through Keycloak's stock pages, before Keyward takes the realm over: after the app.
    const current = await admin.users.findOne({ realm: realm.name, id: user.id });
    await admin.users.update(
      { realm: realm.name, id: user.id },
      { ...current, requiredActions: ['webauthn-register'] },
    );
    page.on('dialog', (dialog) => void dialog.accept('Blue key'));
    await page.goto(signInUrl());
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#kc-login');
    await page.fill('#otp', await app.nextCode());
    await page.click('#kc-login');
    await page.click('#registerWebAuthn');
    await page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code'));
    await context.clearCookies();

    const parsed = parsePolicy(POLICY, 'policy.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, realm.name, parsed.document);
  });

  afterAll(async () => {
    await chromiumProfile?.close();
    if (realm) await deleteRealm(realm);
  });

  const signInUrl = () =>
    `${kcUrl}/realms/${realm.name}/protocol/openid-connect/auth?client_id=portal&response_type=code&scope=openid` +
    `&redirect_uri=${encodeURIComponent(`${appUrl}callback`)}`;

  const mfaTypes = async () => {
    const admin = await adminClient(server);
    const credentials = await admin.users.getCredentials({ realm: realm.name, id: user.id });
    return credentials.map((credential) => credential.type).filter((type) => type !== 'password');
  };

  const signInWithPassword = async () => {
    await page.goto(signInUrl());
    await enterUsernameAndPassword(page, user.username, user.password);
  };

  it('picks the security key, makes it the default, and is asked for it first next time', async () => {
    expect(await mfaTypes()).toEqual(['otp', 'webauthn']);

    await signInWithPassword();
    await page.waitForSelector('#kc-otp-login-form');
    await page.click('#try-another-way');
    await page.waitForSelector('#kc-select-credential-form');
    expect(await page.textContent('#kc-page-title')).toContain('Sign in another way');
    const names = (await page.locator('#kc-select-credential-form h2').allTextContents()).map((text) =>
      text.replace(/\s+/g, ' ').trim(),
    );
    expect(names).toEqual(['Authenticator app Default', 'Security key']);

    await page.click('#kc-keyward-method-webauthn-authenticator');
    await page.waitForSelector('#authenticateWebAuthnButton');
    // Keycloak's security-key page with the Keyward box: the checks every page of pages.test.ts passes.
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.check('#keywardDefaultMethod');
    await page.click('#authenticateWebAuthnButton');
    await page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code'));
    expect(await mfaTypes()).toEqual(['webauthn', 'otp']);

    // Signed out, the next sign-in asks for the security key first, and offers no box there (it is the default).
    await context.clearCookies();
    await signInWithPassword();
    await page.waitForSelector('#authenticateWebAuthnButton');
    expect(await page.$('#keywardDefaultMethod')).toBeNull();
    await page.click('#authenticateWebAuthnButton');
    await page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code'));
    expect(await mfaTypes()).toEqual(['webauthn', 'otp']);
  });
});
