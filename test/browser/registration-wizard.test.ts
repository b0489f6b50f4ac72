/**
 * The combined registration ("Keep your account secure") and the registration campaign (SPEC §3.6) in Chromium:
 * a first sign-in registers a passkey (virtual WebAuthn authenticator) and an authenticator app (codes from otplib)
 * and finishes signed in; "Not now" three times, then registration is forced; no snooze for administrators or when a
 * Conditional Access policy requires MFA; the nudge after MFA; the wizard with the keyboard alone; axe-core on every
 * wizard page at 1280 and 390 px; "require re-register MFA" (`keyward users methods reset`) sends a user with a
 * method back through the wizard. Screenshots go to docs/screenshots/ with KEYWARD_UPDATE_SCREENSHOTS=1.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { whatIf } from '../../bridge/src/keycloak/admin/what-if.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { launchChromium } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { passwordGrant, TotpAuthenticator } from '../support/login-driver.js';
import { browserUrl, enterUsernameAndPassword, SCREENSHOT_DIR } from '../support/page-checks.js';
import { adminClient, createTestRealm, deleteRealm, type TestRealm } from '../support/realm-fixture.js';

const server = inject('keycloak');
const kcUrl = browserUrl(server.url);
const PASSWORD = 'Wizard-pass-1';
const SNOOZE_ATTRIBUTE = 'keyward.registrationSnooze';

const CAMPAIGN = `registrationCampaign:
  state: enabled
  targetMethod: fido2
  snoozeDurationInDays: 1
  allowedSnoozes: 3
  enforceRegistrationAfterAllowedSnoozes: true
  includeTargets: [all]
`;

const SECURITY_DEFAULTS_POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
authenticationMethods:
  softwareOath: { state: enabled }
  fido2: { state: enabled }
${CAMPAIGN}`;

/** Conditional Access asks MFA in browsers; the password grant stays open so the account API can be tried. */
const CONDITIONAL_ACCESS_POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
authenticationMethods:
  softwareOath: { state: enabled }
  fido2: { state: enabled }
${CAMPAIGN}conditionalAccessPolicies:
  - displayName: MFA in browsers
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [All] }
      clientAppTypes: [browser]
    grantControls: { operator: OR, builtInControls: [mfa] }
`;

interface LoginEvent {
  userId?: string;
  details?: Record<string, string>;
}

async function setUpRealm(slug: string, policy: string): Promise<TestRealm> {
  const realm = await createTestRealm(server, slug, {
    displayName: 'Acme',
    eventsEnabled: true,
    internationalizationEnabled: true,
    supportedLocales: ['en', 'de'],
    defaultLocale: 'en',
  });
  const admin = await adminClient(server);
  await admin.clients.create({
    realm: realm.name,
    clientId: 'portal',
    publicClient: true,
    standardFlowEnabled: true,
    directAccessGrantsEnabled: true,
    redirectUris: [`${kcUrl}/realms/${realm.name}/app/*`],
  });
  const parsed = parsePolicy(policy, 'policy.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  await applyDocument(admin, realm.name, parsed.document);
  return realm;
}

async function createUser(realm: TestRealm, username: string, clientRoles: string[] = []): Promise<string> {
  const admin = await adminClient(server);
  const { id } = await admin.users.create({
    realm: realm.name,
    username,
    enabled: true,
    email: `${username}@example.test`,
    emailVerified: true,
    firstName: username,
    lastName: 'Tester',
    credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
  });
  if (clientRoles.length > 0) {
    const [management] = await admin.clients.find({ realm: realm.name, clientId: 'realm-management' });
    const roles = await Promise.all(
      clientRoles.map((name) =>
        admin.clients.findRole({ realm: realm.name, id: String(management?.id), roleName: name }),
      ),
    );
    await admin.users.addClientRoleMappings({
      realm: realm.name,
      id,
      clientUniqueId: String(management?.id),
      roles: roles.map((role) => ({ id: String(role?.id), name: String(role?.name) })),
    });
  }
  return id;
}

const appUrl = (realm: TestRealm) => `${kcUrl}/realms/${realm.name}/app/`;
const signInUrl = (realm: TestRealm, locale = 'en') =>
  `${kcUrl}/realms/${realm.name}/protocol/openid-connect/auth?client_id=portal&response_type=code&scope=openid` +
  `&ui_locales=${locale}&redirect_uri=${encodeURIComponent(`${appUrl(realm)}callback`)}`;

/** Username and password on Keyward's sign-in page. */
async function signIn(page: Page, realm: TestRealm, username: string, locale = 'en'): Promise<void> {
  await page.goto(signInUrl(realm, locale));
  await enterUsernameAndPassword(page, username, PASSWORD);
}

async function expectSignedIn(page: Page, realm: TestRealm): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(appUrl(realm)) && url.searchParams.has('code'));
}

async function loginEvents(realm: TestRealm, userId: string): Promise<LoginEvent[]> {
  const admin = await adminClient(server);
  const events = (await admin.realms.findEvents({
    realm: realm.name,
    type: 'LOGIN',
    user: userId,
    max: 100,
  })) as LoginEvent[];
  return events.reverse();
}

/** Registers an authenticator app on Keycloak's page: "Unable to scan?", the key shown, a code from otplib. */
async function registerApp(page: Page): Promise<TotpAuthenticator> {
  await page.waitForSelector('#kc-totp-settings-form');
  await page.click('#mode-manual');
  const key = (await page.textContent('#kc-totp-secret-key')) ?? '';
  const app = new TotpAuthenticator(key.replace(/\s+/g, ''));
  await page.fill('#totp', await app.nextCode());
  await page.fill('#userLabel', 'Phone');
  await page.click('#saveTOTPBtn');
  return app;
}

/** Serious and critical axe-core findings on the page, as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const results = (await page.evaluate('axe.run(document)')) as axe.AxeResults;
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** Screenshots at 1280 and 390 px, axe-core at both, and nothing wider than a 390 px phone. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    expect(await seriousViolations(page), `${name} at ${width} px`).toEqual([]);
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function addPasskeyAuthenticator(context: BrowserContext, page: Page) {
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
  return { cdp, authenticatorId };
}

/** Moves a user's last "Not now" into the past, as if the snooze's day had gone by. */
async function expireSnooze(realm: TestRealm, userId: string): Promise<void> {
  const admin = await adminClient(server);
  const user = await admin.users.findOne({ realm: realm.name, id: userId });
  const stored = JSON.parse(String(user?.attributes?.[SNOOZE_ATTRIBUTE]?.[0])) as { snoozes: number };
  await admin.users.update(
    { realm: realm.name, id: userId },
    {
      ...user,
      attributes: {
        ...user?.attributes,
        [SNOOZE_ATTRIBUTE]: [JSON.stringify({ ...stored, snoozedUntil: '2020-01-01T00:00:00Z' })],
      },
    },
  );
}

/** What `keyward whatif` predicts for the user's next browser sign-in to the portal. */
async function predicted(realm: TestRealm, username: string): Promise<string> {
  const result = await whatIf(await adminClient(server), realm.name, {
    user: username,
    clientId: 'portal',
    ip: '127.0.0.1',
    clientAppType: 'browser',
  });
  return result.enforcement;
}

/** Stores a "Not now" that holds for another day, as if the user had chosen it (an admin's write). */
async function storeHoldingSnooze(realm: TestRealm, userId: string): Promise<void> {
  const admin = await adminClient(server);
  const user = await admin.users.findOne({ realm: realm.name, id: userId });
  const snoozedUntil = new Date(Date.now() + 86_400_000).toISOString();
  await admin.users.update(
    { realm: realm.name, id: userId },
    {
      ...user,
      attributes: { ...user?.attributes, [SNOOZE_ATTRIBUTE]: [JSON.stringify({ snoozes: 1, snoozedUntil })] },
    },
  );
}

async function storedSnoozes(realm: TestRealm, userId: string): Promise<number | undefined> {
  const admin = await adminClient(server);
  const user = await admin.users.findOne({ realm: realm.name, id: userId });
  const value = user?.attributes?.[SNOOZE_ATTRIBUTE]?.[0];
  return value ? (JSON.parse(value) as { snoozes: number }).snoozes : undefined;
}

async function setRequiredActionEnabled(realm: TestRealm, alias: string, enabled: boolean): Promise<void> {
  const admin = await adminClient(server);
  const action = await admin.authenticationManagement.getRequiredActionForAlias({ realm: realm.name, alias });
  await admin.authenticationManagement.updateRequiredAction(
    { realm: realm.name, alias },
    { ...action, enabled },
  );
}

async function credentialTypes(realm: TestRealm, userId: string): Promise<string[]> {
  const admin = await adminClient(server);
  const stored = await admin.users.getCredentials({ realm: realm.name, id: userId });
  return stored.map((credential) => String(credential.type)).sort();
}

let browser: Browser;

beforeAll(async () => {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile (no cookies, no passkeys) for each journey. */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

describe('combined registration under security defaults, with a registration campaign', () => {
  let realm: TestRealm;

  beforeAll(async () => {
    realm = await setUpRealm('wizard', SECURITY_DEFAULTS_POLICY);
  });

  afterAll(async () => {
    if (realm) await deleteRealm(realm);
  });

  it('first sign-in: register a passkey and an authenticator app, see the summary, and arrive signed in', async () => {
    const userId = await createUser(realm, 'newcomer');
    const { context, page } = await freshPage();
    const { cdp, authenticatorId } = await addPasskeyAuthenticator(context, page);
    page.on('dialog', (dialog) => void dialog.accept('Work laptop'));

    await signIn(page, realm, 'newcomer');
    await page.waitForSelector('#kc-keyward-security-info-form');
    expect(await page.textContent('#kc-page-title')).toContain('Keep your account secure');
    const offered = await methodValues(page);
    // Most secure first; "Not now" because security defaults alone require MFA here.
    expect(offered).toEqual(['passkey', 'securityKey', 'authenticatorApp', 'recoveryCodes', 'notNow']);
    expect(await page.textContent('#kc-keyward-not-now')).toContain('Not now (3 left)');
    await checkPage(page, 'registration-wizard-choose');

    await page.click('#kc-keyward-security-info-passkey');
    await page.waitForSelector('#registerWebAuthn');
    await page.click('#registerWebAuthn');
    await page.waitForSelector('#kc-keyward-security-info-summary-form');
    expect(await page.textContent('#kc-keyward-registered-methods')).toContain('Passkey');

    await page.click('#kc-keyward-add-method');
    await page.waitForSelector('#kc-keyward-security-info-form');
    // The passkey is done, and with a method registered there is no "Not now" any more.
    expect(await methodValues(page)).toEqual(['securityKey', 'authenticatorApp', 'recoveryCodes', 'back']);
    await checkPage(page, 'registration-wizard-add-another');
    await page.click('#kc-keyward-security-info-authenticatorApp');
    await registerApp(page);

    await page.waitForSelector('#kc-keyward-security-info-summary-form');
    const summary = (await page.textContent('#kc-keyward-registered-methods')) ?? '';
    expect(summary).toContain('Passkey');
    expect(summary).toContain('Authenticator app');
    await checkPage(page, 'registration-wizard-summary');
    await page.click('#kc-keyward-done');
    await expectSignedIn(page, realm);

    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(await credentialTypes(realm, userId)).toEqual(['otp', 'password', 'webauthn-passwordless']);
    const [login] = await loginEvents(realm, userId);
    expect(login?.details).toMatchObject({
      keyward_mfa_required_by: 'securityDefaults',
      keyward_method: 'registration:webauthn-passwordless',
    });
    expect(login?.details?.keyward_snooze).toBeUndefined();
    await context.close();
  });

  it('"Not now" three times, each holding for a day without MFA; then registration is required', async () => {
    const userId = await createUser(realm, 'snoozer');
    const { context, page } = await freshPage();

    for (const left of [3, 2, 1]) {
      expect(await predicted(realm, 'snoozer')).toBe('registration');
      await context.clearCookies();
      await signIn(page, realm, 'snoozer');
      await page.waitForSelector('#kc-keyward-not-now');
      expect(await page.textContent('#kc-keyward-not-now')).toContain(`Not now (${left} left)`);
      const help = await page.textContent('#kc-keyward-snooze-help');
      expect(help).toContain('we will ask again in a day.');
      expect(help).toContain(left === 1 ? 'postpone this once more;' : `postpone this ${left} more times;`);
      await page.click('#kc-keyward-not-now');
      await expectSignedIn(page, realm);
      expect(await storedSnoozes(realm, userId)).toBe(4 - left);

      // While the snooze holds, the next sign-in asks nothing beyond the password, as what-if says.
      expect(await predicted(realm, 'snoozer')).toBe('registration-snoozed');
      await context.clearCookies();
      await signIn(page, realm, 'snoozer');
      await expectSignedIn(page, realm);
      await expireSnooze(realm, userId);
    }

    const events = await loginEvents(realm, userId);
    expect(events.map((event) => event.details?.keyward_snooze)).toEqual([
      'registration',
      'active',
      'registration',
      'active',
      'registration',
      'active',
    ]);
    expect(events.map((event) => event.details?.keyward_snoozes_used)).toEqual([
      '1',
      '1',
      '2',
      '2',
      '3',
      '3',
    ]);
    expect(events.every((event) => event.details?.keyward_method === undefined)).toBe(true);

    // The snoozes are used up: no "Not now", the page says why, and only a registration gets the user in.
    expect(await predicted(realm, 'snoozer')).toBe('registration');
    await context.clearCookies();
    await signIn(page, realm, 'snoozer');
    await page.waitForSelector('#kc-keyward-security-info-form');
    expect(await page.$('#kc-keyward-not-now')).toBeNull();
    expect(await page.textContent('#kc-keyward-snooze-used-up')).toContain(
      'as often as your organisation allows',
    );
    await checkPage(page, 'registration-wizard-choose-required');
    await forgeNotNow(page);
    await page.click('#kc-keyward-security-info-authenticatorApp');
    await registerApp(page);
    await page.click('#kc-keyward-done');
    await expectSignedIn(page, realm);
    const last = (await loginEvents(realm, userId)).at(-1);
    expect(last?.details).toMatchObject({ keyward_method: 'registration:otp' });
    expect(last?.details?.keyward_snooze).toBeUndefined();
    expect(await storedSnoozes(realm, userId)).toBeUndefined();
    await context.close();
  });

  it('speaks German', async () => {
    await createUser(realm, 'deutsch');
    const { context, page } = await freshPage();
    await signIn(page, realm, 'deutsch', 'de');
    await page.waitForSelector('#kc-keyward-not-now');
    expect(await page.textContent('#kc-page-title')).toContain('Schützen Sie Ihr Konto');
    expect(await page.textContent('#kc-keyward-not-now')).toContain('Jetzt nicht (noch 3-mal)');
    await checkPage(page, 'registration-wizard-choose-de');
    await context.close();
  });

  it('does not count a method whose registration was switched off while the user was at it (fail closed)', async () => {
    const userId = await createUser(realm, 'unlucky');
    const { context, page } = await freshPage();
    await signIn(page, realm, 'unlucky');
    await page.click('#kc-keyward-security-info-authenticatorApp');
    await page.waitForSelector('#kc-totp-settings-form');
    await setRequiredActionEnabled(realm, 'CONFIGURE_TOTP', false);
    try {
      await page.reload();
      await page.waitForSelector('#kc-keyward-security-info-form');
      expect(await methodValues(page)).toEqual(['passkey', 'securityKey', 'recoveryCodes', 'notNow']);
      expect(await credentialTypes(realm, userId)).toEqual(['password']);
      expect(await loginEvents(realm, userId)).toEqual([]);
    } finally {
      await setRequiredActionEnabled(realm, 'CONFIGURE_TOTP', true);
    }
    await context.close();
  });

  it('gives an administrator no "Not now", and refuses one forged into the form', async () => {
    const userId = await createUser(realm, 'admin-user', ['realm-admin']);
    // Not even a snooze stored by other means lets an administrator in without MFA; what-if agrees.
    await storeHoldingSnooze(realm, userId);
    expect(await predicted(realm, 'admin-user')).toBe('registration');
    const { context, page } = await freshPage();
    await signIn(page, realm, 'admin-user');
    await page.waitForSelector('#kc-keyward-security-info-form');
    expect(await page.$('#kc-keyward-not-now')).toBeNull();
    await forgeNotNow(page);
    await context.close();
  });

  it('nudges a user who signed in with an app towards a passkey after the MFA, snoozable', async () => {
    const userId = await createUser(realm, 'apper');
    const { context, page } = await freshPage();
    await signIn(page, realm, 'apper');
    await page.click('#kc-keyward-security-info-authenticatorApp');
    const app = await registerApp(page);
    await page.click('#kc-keyward-done');
    await expectSignedIn(page, realm);

    await context.clearCookies();
    await signIn(page, realm, 'apper');
    await page.fill('#otp', await app.nextCode());
    await page.click('#kc-login');
    await page.waitForSelector('#kc-keyward-security-info-form');
    expect(await page.textContent('#kc-page-title')).toContain('Set up a more secure sign-in method');
    expect(await methodValues(page)).toEqual(['passkey', 'securityKey', 'notNow']);
    await checkPage(page, 'registration-wizard-nudge');
    await page.click('#kc-keyward-not-now');
    await expectSignedIn(page, realm);
    const last = (await loginEvents(realm, userId)).at(-1);
    expect(last?.details).toMatchObject({
      keyward_method: 'otp',
      keyward_snooze: 'nudge',
      keyward_snoozes_used: '1',
    });
    await context.close();
  });

  it('can be driven with the keyboard alone, in a sensible focus order', async () => {
    await createUser(realm, 'keyboard');
    const { context, page } = await freshPage();
    await signIn(page, realm, 'keyboard');
    await page.waitForSelector('#kc-keyward-security-info-form');

    const visited = await tabUntil(page, 'kc-keyward-not-now');
    const wizardStops = visited.filter((id) => id.startsWith('kc-keyward-'));
    expect(wizardStops).toEqual([
      'kc-keyward-security-info-passkey',
      'kc-keyward-security-info-securityKey',
      'kc-keyward-security-info-authenticatorApp',
      'kc-keyward-security-info-recoveryCodes',
      'kc-keyward-not-now',
    ]);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedId(page)).toBe('kc-keyward-security-info-authenticatorApp');
    await page.keyboard.press('Enter');

    await page.waitForSelector('#kc-totp-settings-form');
    await tabUntil(page, 'mode-manual');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#kc-totp-secret-key');
    const key = ((await page.textContent('#kc-totp-secret-key')) ?? '').replace(/\s+/g, '');
    await tabUntil(page, 'totp');
    await page.keyboard.type(await new TotpAuthenticator(key).nextCode());
    await tabUntil(page, 'userLabel');
    await page.keyboard.type('Phone');
    await page.keyboard.press('Enter');

    await page.waitForSelector('#kc-keyward-security-info-summary-form');
    await tabUntil(page, 'kc-keyward-done');
    await page.keyboard.press('Enter');
    await expectSignedIn(page, realm);
    await context.close();
  });
});

describe('combined registration when a Conditional Access policy requires MFA', () => {
  let realm: TestRealm;

  beforeAll(async () => {
    realm = await setUpRealm('wizard-ca', CONDITIONAL_ACCESS_POLICY);
  });

  afterAll(async () => {
    if (realm) await deleteRealm(realm);
  });

  it('offers no "Not now": a policy requirement is never snoozable', async () => {
    const userId = await createUser(realm, 'policyuser');
    await storeHoldingSnooze(realm, userId);
    expect(await predicted(realm, 'policyuser')).toBe('registration');
    const { context, page } = await freshPage();
    await signIn(page, realm, 'policyuser');
    await page.waitForSelector('#kc-keyward-security-info-form');
    expect(await page.$('#kc-keyward-not-now')).toBeNull();
    expect(await page.$('#kc-keyward-snooze-used-up')).toBeNull();
    await forgeNotNow(page);
    await context.close();
  });

  it("keeps the snoozes out of the user's reach in Keycloak's account API", async () => {
    const userId = await createUser(realm, 'tinkerer');
    const admin = await adminClient(server);
    const user = await admin.users.findOne({ realm: realm.name, id: userId });
    const held = JSON.stringify({ snoozes: 3, snoozedUntil: '2020-01-01T00:00:00Z' });
    await admin.users.update(
      { realm: realm.name, id: userId },
      { ...user, attributes: { ...user?.attributes, [SNOOZE_ATTRIBUTE]: [held] } },
    );
    const tokens = await passwordGrant({
      kcUrl: server.url,
      realm: realm.name,
      clientId: 'portal',
      username: 'tinkerer',
      password: PASSWORD,
    });
    expect(tokens.status).toBe(200);
    const account = `${server.url}/realms/${realm.name}/account`;
    const headers = {
      authorization: `Bearer ${String(tokens.body.access_token)}`,
      accept: 'application/json',
      'content-type': 'application/json',
    };
    const shown = await fetch(`${account}?userProfileMetadata=true`, { headers });
    expect(shown.status).toBe(200);
    const me = (await shown.json()) as { attributes?: Record<string, string[]> };
    expect(me.attributes?.[SNOOZE_ATTRIBUTE]).toBeUndefined();
    const attempt = await fetch(account, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        ...me,
        attributes: { ...me.attributes, [SNOOZE_ATTRIBUTE]: ['{"snoozes":0}'] },
      }),
    });
    expect([204, 400]).toContain(attempt.status);
    expect(await storedSnoozes(realm, userId)).toBe(3);
  });
});

/** Posts "Not now" although the page does not offer it: the wizard must answer with itself again. */
async function forgeNotNow(page: Page): Promise<void> {
  await page.evaluate(`{
    const forged = document.createElement('button');
    forged.type = 'submit';
    forged.name = 'method';
    forged.value = 'notNow';
    forged.id = 'forged-not-now';
    document.getElementById('kc-keyward-security-info-form').appendChild(forged);
  }`);
  await page.click('#forged-not-now');
  await page.waitForSelector('#kc-keyward-security-info-form');
  expect(await page.textContent('body')).toContain('Choose one of the methods below.');
}

/** Security defaults and both app and key methods, no campaign: no nudge after MFA with an app. */
const REREGISTER_POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
authenticationMethods:
  softwareOath: { state: enabled }
  fido2: { state: enabled }
`;

describe('require re-register MFA: the admin resets the methods, the next sign-in registers again', () => {
  let realm: TestRealm;

  beforeAll(async () => {
    realm = await setUpRealm('reregister', REREGISTER_POLICY);
  });

  afterAll(async () => {
    if (realm) await deleteRealm(realm);
  });

  async function otpCredentialIds(userId: string): Promise<string[]> {
    const admin = await adminClient(server);
    const stored = await admin.users.getCredentials({ realm: realm.name, id: userId });
    return stored
      .filter((credential) => credential.type === 'otp')
      .map((credential) => String(credential.id));
  }

  it('`keyward users methods reset` (CLI): the wizard again, a new app registered, the old one gone', async () => {
    const userId = await createUser(realm, 'resetter');
    const { context, page } = await freshPage();

    // A user with an authenticator app, who has used it to sign in.
    await signIn(page, realm, 'resetter');
    await page.click('#kc-keyward-security-info-authenticatorApp');
    const oldApp = await registerApp(page);
    await page.click('#kc-keyward-done');
    await expectSignedIn(page, realm);
    await context.clearCookies();
    await signIn(page, realm, 'resetter');
    await page.waitForSelector('#otp');
    await page.fill('#otp', await oldApp.nextCode());
    await page.click('#kc-login');
    await expectSignedIn(page, realm);
    const [oldId] = await otpCredentialIds(userId);
    expect(oldId).toBeDefined();

    const reset = await runCli(
      ['users', 'methods', 'reset', 'resetter', '--realm', realm.name, '--output', 'json'],
      {
        KEYWARD_KEYCLOAK_URL: server.url,
        KEYWARD_ADMIN_USERNAME: server.adminUsername,
        KEYWARD_ADMIN_PASSWORD: server.adminPassword,
      },
    );
    expect(reset.code, reset.stderr).toBe(0);
    const result = JSON.parse(reset.stdout) as {
      user: string;
      removed: { keycloakCredentialType: string }[];
    };
    expect(result.user).toBe('resetter');
    expect(result.removed.map((method) => method.keycloakCredentialType)).toEqual(['otp']);
    expect(await credentialTypes(realm, userId)).toEqual(['password']);

    // Same browser, SSO cookies gone: the password, then no code prompt but the wizard.
    await context.clearCookies();
    await signIn(page, realm, 'resetter');
    await page.waitForSelector('#kc-keyward-security-info-form');
    expect(await page.$('#otp')).toBeNull();
    expect(await page.textContent('#kc-page-title')).toContain('Keep your account secure');
    expect(await methodValues(page)).toContain('authenticatorApp');
    await page.click('#kc-keyward-security-info-authenticatorApp');
    const newApp = await registerApp(page);
    expect(newApp.secret).not.toBe(oldApp.secret);
    await page.waitForSelector('#kc-keyward-security-info-summary-form');
    expect(await page.textContent('#kc-keyward-registered-methods')).toContain('Authenticator app');
    await page.click('#kc-keyward-done');
    await expectSignedIn(page, realm);

    const newIds = await otpCredentialIds(userId);
    expect(newIds).toHaveLength(1);
    expect(newIds).not.toContain(oldId);
    expect(await credentialTypes(realm, userId)).toEqual(['otp', 'password']);
    const logins = await loginEvents(realm, userId);
    expect(logins.map((event) => event.details?.keyward_method)).toEqual([
      'registration:otp',
      'otp',
      'registration:otp',
    ]);

    // The new app is the one asked for: its code signs the user in.
    await context.clearCookies();
    await signIn(page, realm, 'resetter');
    await page.waitForSelector('#otp');
    await page.fill('#otp', await newApp.nextCode());
    await page.click('#kc-login');
    await expectSignedIn(page, realm);
    expect((await loginEvents(realm, userId)).at(-1)?.details?.keyward_method).toBe('otp');
    await context.close();
  });
});

/** Presses Tab until the element with `id` has the focus; returns the ids focused on the way (at most 40). */
async function tabUntil(page: Page, id: string): Promise<string[]> {
  const visited: string[] = [];
  for (let step = 0; step < 40; step++) {
    await page.keyboard.press('Tab');
    const focused = await focusedId(page);
    visited.push(focused);
    if (focused === id) return visited;
  }
  throw new Error(`Tab never reached #${id}; visited ${visited.join(', ')}`);
}

async function focusedId(page: Page): Promise<string> {
  return (await page.evaluate("document.activeElement ? document.activeElement.id : ''")) as string;
}

/** The values of the chooser's buttons, in page order. */
async function methodValues(page: Page): Promise<string[]> {
  const buttons = page.locator('#kc-keyward-security-info-form button[name="method"]');
  const values: string[] = [];
  for (let index = 0; index < (await buttons.count()); index++) {
    values.push((await buttons.nth(index).getAttribute('value')) ?? '');
  }
  return values;
}
