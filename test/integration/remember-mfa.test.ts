/**
 * Remember MFA (SPEC §3.7) against a real Keycloak: "Don't ask again for N days" after MFA on the login pages, the
 * signed per-user mark in the browser's cookie jar, and every case in which the mark must be ignored — not ticked,
 * revoked (CLI and API), another user on the same browser, tampered or moved to another user, a privileged user
 * under security defaults, a policy asking a stronger strength, a policy that forbids persistent browsers.
 *
 * Expiry: the decision (expired at `exp`, and at `iat` + the realm's current days) is a pure function tested with a
 * clock in `RememberMfaTest` (JUnit); here the cookie's own lifetime is checked (Max-Age = days).
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { Cookie } from 'tough-cookie';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MFA_SESSION_VERSION_ATTRIBUTE } from '../../bridge/src/keycloak/admin/mfa-sessions.js';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { bridgeToken, callBridge, startTestBridge, type TestBridge } from '../support/bridge.js';
import { runCli } from '../support/cli.js';
import { LoginBrowser, passwordGrant, type TotpAuthenticator } from '../support/login-driver.js';
import {
  addTotp,
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  TEST_REDIRECT_URI,
  type TestRealm,
  type TestUser,
} from '../support/realm-fixture.js';
import { type SignInEvent, signInEvents } from '../support/sign-in-probe.js';

const server = inject('keycloak');

const OFFER_PAGE = 'login-login-keyward-remember-mfa';
const OFFER_FORM = 'kc-keyward-remember-mfa-form';
const COOKIE_PREFIX = 'KEYWARD_REMEMBER_MFA_';
const DAYS = 14;

const REMEMBER = `mfaSettings:
  rememberMfaOnTrustedDevice: { isEnabled: true, days: ${DAYS} }`;

async function applyPolicy(realm: TestRealm, yaml: string): Promise<void> {
  const parsed = parsePolicy(`apiVersion: keyward/v1\n${yaml}`, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const { remaining } = await applyDocument(await adminClient(server), realm.name, parsed.document);
  expect(remaining.changes).toEqual([]);
}

/** A public client like the test realm's own, for applications that policies single out. */
async function createClient(admin: KcAdminClient, realm: TestRealm, clientId: string): Promise<void> {
  await admin.clients.create({
    realm: realm.name,
    clientId,
    publicClient: true,
    standardFlowEnabled: true,
    directAccessGrantsEnabled: true,
    redirectUris: [TEST_REDIRECT_URI],
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': '+' },
  });
}

interface Person {
  user: TestUser;
  totp: TotpAuthenticator;
}

interface SignInResult {
  /** The OTP page was shown. */
  asked: boolean;
  /** "Don't ask again" was offered. */
  offered: boolean;
}

/**
 * One browser sign-in to the end and a logout (so the next one starts without SSO): the password, the OTP when
 * asked, and on the offer page the box ticked or not.
 */
async function signIn(
  browser: LoginBrowser,
  realm: TestRealm,
  person: Person,
  options: { tick?: boolean; clientId?: string } = {},
): Promise<SignInResult> {
  const flow = await browser.startSignIn({
    realm: realm.name,
    clientId: options.clientId ?? realm.clientId,
    redirectUri: realm.redirectUri,
  });
  await flow.submitPassword(person.user.username, person.user.password);
  const asked = flow.page.kind === 'otp';
  if (asked) await flow.submitOtp(await person.totp.nextCode());
  const offered = flow.page.pageId === OFFER_PAGE;
  if (offered) {
    expect(flow.page.title).toBe('Remember this device?');
    expect(flow.page.text).toContain(`Don't ask again for ${DAYS} days`);
    await flow.submit(options.tick ? { rememberMfa: 'on' } : {}, OFFER_FORM);
  }
  const tokens = await flow.finish();
  expect(tokens.claims()?.preferred_username).toBe(person.user.username);
  if (tokens.id_token) await browser.logout(tokens.id_token);
  return { asked, offered };
}

function realmUrl(realm: TestRealm): string {
  return `${server.url}/realms/${realm.name}/`;
}

async function markCookies(browser: LoginBrowser, realm: TestRealm): Promise<Cookie[]> {
  return (await browser.jar.getCookies(realmUrl(realm))).filter((cookie) =>
    cookie.key.startsWith(COOKIE_PREFIX),
  );
}

/** The newest LOGIN of `user`. */
async function lastLogin(realm: TestRealm, user: TestUser): Promise<SignInEvent | undefined> {
  const events = await signInEvents(await adminClient(server), realm);
  return events.find((event) => event.type === 'LOGIN' && event.userId === user.id);
}

async function storedVersion(realm: TestRealm, user: TestUser): Promise<string | undefined> {
  const admin = await adminClient(server);
  const full = await admin.users.findOne({ realm: realm.name, id: user.id });
  return full?.attributes?.[MFA_SESSION_VERSION_ATTRIBUTE]?.[0];
}

/** Puts `value` into the browser under `name`, as an attacker with access to the cookie store could. */
async function plantCookie(browser: LoginBrowser, realm: TestRealm, name: string, value: string) {
  const cookie = new Cookie({ key: name, value, path: `/realms/${realm.name}/`, httpOnly: true });
  await browser.jar.setCookie(cookie, realmUrl(realm));
}

describe('remember-MFA under security defaults', () => {
  let realm: TestRealm;
  let tina: Person;
  let tom: Person;
  let ada: Person;
  /** Ada's browser, holding a mark issued before security defaults were turned on. */
  const adaBrowser = new LoginBrowser(server.url);

  beforeAll(async () => {
    realm = await createTestRealm(server, 'remember-sd', {
      eventsEnabled: true,
      otpPolicyCodeReusable: true,
    });
    const users = {
      tina: await createUser(realm, { username: 'tina', password: 'Tina-pass-1' }),
      tom: await createUser(realm, { username: 'tom', password: 'Tom-pass-1' }),
      ada: await createUser(realm, {
        username: 'ada',
        password: 'Ada-pass-1',
        clientRoles: { 'realm-management': ['realm-admin'] },
      }),
    };
    tina = { user: users.tina, totp: await addTotp(realm, users.tina) };
    tom = { user: users.tom, totp: await addTotp(realm, users.tom) };
    ada = { user: users.ada, totp: await addTotp(realm, users.ada) };
    // First a Conditional Access policy under which a mark counts for everybody: Ada gets one.
    await applyPolicy(
      realm,
      `${REMEMBER}
conditionalAccessPolicies:
  - displayName: MFA for everyone
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [All] }
      clientAppTypes: [browser]
    grantControls: { operator: OR, builtInControls: [mfa] }`,
    );
    expect(await signIn(adaBrowser, realm, ada, { tick: true })).toEqual({ asked: true, offered: true });
    expect(await signIn(adaBrowser, realm, ada)).toEqual({ asked: false, offered: false });
    // Then the admin switches to security defaults, with remember-MFA still on.
    await applyPolicy(realm, `securityDefaults: { isEnabled: true }\n${REMEMBER}`);
  });

  afterAll(async () => {
    await deleteRealm(realm);
  });

  it('skips MFA at the next sign-in after the box was ticked, and the event says rememberMfa', async () => {
    const browser = new LoginBrowser(server.url);
    expect(await signIn(browser, realm, tina, { tick: true })).toEqual({ asked: true, offered: true });
    const issued = await lastLogin(realm, tina.user);
    expect(issued?.details?.keyward_method).toBe('otp');
    expect(issued?.details?.keyward_remember_mfa_offer).toBe('issued');

    // The mark: one HttpOnly, SameSite=Lax cookie limited to the realm's path, living the configured days.
    const [mark, ...others] = await markCookies(browser, realm);
    expect(others).toEqual([]);
    expect(mark?.httpOnly).toBe(true);
    expect(mark?.sameSite).toBe('lax');
    expect(mark?.path).toBe(`/realms/${realm.name}/`);
    expect(mark?.maxAge).toBe(DAYS * 86_400);
    expect(mark?.value).not.toContain(tina.user.id);

    // Signed out (the SSO session is gone), the same browser signs in with the password alone.
    expect(await signIn(browser, realm, tina)).toEqual({ asked: false, offered: false });
    const remembered = await lastLogin(realm, tina.user);
    expect(remembered?.details?.keyward_method).toBe('rememberMfa');
    expect(remembered?.details?.keyward_remember_mfa).toBe('used');
    expect(remembered?.details?.keyward_mfa_required_by).toBe('securityDefaults');

    // Another browser has no mark.
    expect((await signIn(new LoginBrowser(server.url), realm, tina)).asked).toBe(true);
  });

  it('asks again when the box was not ticked', async () => {
    const browser = new LoginBrowser(server.url);
    expect(await signIn(browser, realm, tom)).toEqual({ asked: true, offered: true });
    expect((await lastLogin(realm, tom.user))?.details?.keyward_remember_mfa_offer).toBe('declined');
    expect(await markCookies(browser, realm)).toEqual([]);
    expect((await signIn(browser, realm, tom)).asked).toBe(true);
  });

  it('keeps one mark per user: another user on the same browser is asked, and each keeps their own', async () => {
    const browser = new LoginBrowser(server.url);
    await signIn(browser, realm, tina, { tick: true });
    expect(await signIn(browser, realm, tom, { tick: true })).toEqual({ asked: true, offered: true });
    expect(await markCookies(browser, realm)).toHaveLength(2);
    expect((await signIn(browser, realm, tina)).asked).toBe(false);
    expect((await signIn(browser, realm, tom)).asked).toBe(false);
  });

  it('ignores a tampered mark and a mark moved to another user', async () => {
    const browser = new LoginBrowser(server.url);
    await signIn(browser, realm, tina, { tick: true });
    const [mark] = await markCookies(browser, realm);
    if (!mark) throw new Error('no mark was set');
    const [header, payload, signature] = mark.value.split('.') as [string, string, string];

    // Claims changed (a later expiry, say): the signature no longer matches.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number };
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString('base64url');
    await plantCookie(browser, realm, mark.key, `${header}.${forged}.${signature}`);
    expect((await signIn(browser, realm, tina)).asked).toBe(true);
    expect((await lastLogin(realm, tina.user))?.details?.keyward_remember_mfa).toBe('tampered');

    // Tina's genuine mark copied under the name Tom's mark would have: not his.
    const other = new LoginBrowser(server.url);
    await signIn(other, realm, tom, { tick: true });
    const [tomsMark] = await markCookies(other, realm);
    if (!tomsMark) throw new Error('no mark was set');
    await plantCookie(other, realm, tomsMark.key, mark.value);
    expect((await signIn(other, realm, tom)).asked).toBe(true);
    expect((await lastLogin(realm, tom.user))?.details?.keyward_remember_mfa).toBe('foreign');
  });

  it('never lets a mark skip MFA for a privileged user, and never offers one', async () => {
    expect(await markCookies(adaBrowser, realm)).toHaveLength(1);
    expect(await signIn(adaBrowser, realm, ada)).toEqual({ asked: true, offered: false });
    const login = await lastLogin(realm, ada.user);
    expect(login?.details?.keyward_method).toBe('otp');
    expect(login?.details?.keyward_remember_mfa).toBe('notCounted');
  });

  it('is asked again after the CLI revoked the MFA sessions', async () => {
    const browser = new LoginBrowser(server.url);
    await signIn(browser, realm, tom, { tick: true });
    expect((await signIn(browser, realm, tom)).asked).toBe(false);
    const before = Number((await storedVersion(realm, tom.user)) ?? '0');

    const result = await runCli(
      ['users', 'revoke-mfa-sessions', 'tom', '--realm', realm.name, '--output', 'json'],
      {
        KEYWARD_KEYCLOAK_URL: server.url,
        KEYWARD_ADMIN_USERNAME: server.adminUsername,
        KEYWARD_ADMIN_PASSWORD: server.adminPassword,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ user: 'tom', mfaSessionVersion: before + 1 }]);
    expect(await storedVersion(realm, tom.user)).toBe(String(before + 1));

    expect((await signIn(browser, realm, tom)).asked).toBe(true);
    expect((await lastLogin(realm, tom.user))?.details?.keyward_remember_mfa).toBe('revoked');
    // A mark issued after the revocation counts again.
    await signIn(browser, realm, tom, { tick: true });
    expect((await signIn(browser, realm, tom)).asked).toBe(false);

    const unknown = await runCli(['users', 'revoke-mfa-sessions', 'nobody', '--realm', realm.name], {
      KEYWARD_KEYCLOAK_URL: server.url,
      KEYWARD_ADMIN_USERNAME: server.adminUsername,
      KEYWARD_ADMIN_PASSWORD: server.adminPassword,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("User 'nobody' does not exist");
  });
});

describe('remember-MFA with Conditional Access', () => {
  let realm: TestRealm;
  let tina: Person;
  let kim: TestUser;
  let bridge: TestBridge | undefined;

  beforeAll(async () => {
    realm = await createTestRealm(server, 'remember-ca', {
      eventsEnabled: true,
      otpPolicyCodeReusable: true,
    });
    const admin = await adminClient(server);
    await createClient(admin, realm, 'payroll');
    await createClient(admin, realm, 'kiosk');
    const user = await createUser(realm, { username: 'tina', password: 'Tina-pass-1' });
    tina = { user, totp: await addTotp(realm, user) };
    await applyPolicy(
      realm,
      `${REMEMBER}
conditionalAccessPolicies:
  - displayName: MFA for everyone
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [All] }
      clientAppTypes: [browser]
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Payroll needs phishing-resistant MFA
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [payroll] }
      clientAppTypes: [browser]
    grantControls: { operator: OR, authenticationStrength: phishingResistantMfa }
  - displayName: Kiosk browsers never persist
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [kiosk] }
      clientAppTypes: [browser]
    sessionControls:
      persistentBrowser: { isEnabled: true, mode: never }`,
    );
    kim = await createUser(realm, { username: 'kim', password: 'Kim-pass-1', realmRoles: ['keyward-admin'] });
  });

  afterAll(async () => {
    await bridge?.close();
    await deleteRealm(realm);
  });

  it('does not let a mark satisfy a policy that asks a stronger strength', async () => {
    const browser = new LoginBrowser(server.url);
    await signIn(browser, realm, tina, { tick: true });
    expect((await signIn(browser, realm, tina)).asked).toBe(false);

    const flow = await browser.startSignIn({
      realm: realm.name,
      clientId: 'payroll',
      redirectUri: realm.redirectUri,
    });
    await flow.submitPassword(tina.user.username, tina.user.password);
    // Her authenticator app cannot reach phishing-resistant MFA; the mark does not either: refused, not let in.
    expect(flow.page.kind).toBe('error');
    expect(flow.page.errorMessage).toContain('phishing-resistant');
  });

  it('offers no mark where a policy says the browser must not persist', async () => {
    const browser = new LoginBrowser(server.url);
    expect(await signIn(browser, realm, tina, { clientId: 'kiosk' })).toEqual({
      asked: true,
      offered: false,
    });
    expect(await markCookies(browser, realm)).toEqual([]);
  });

  it('is asked again after the API revoked the MFA sessions; only admins may revoke', async () => {
    const browser = new LoginBrowser(server.url);
    await signIn(browser, realm, tina, { tick: true });
    expect((await signIn(browser, realm, tina)).asked).toBe(false);

    bridge = await startTestBridge(server, [realm]);
    const adminToken = await bridgeToken(realm, kim);
    const userToken = await bridgeToken(realm, tina.user);
    const refused = await callBridge(bridge, 'POST', '/v1/users/tina/revokeMfaSessions', {
      token: userToken,
    });
    expect(refused.status).toBe(403);
    expect((await signIn(browser, realm, tina)).asked).toBe(false);

    const revoked = await callBridge(bridge, 'POST', '/v1/users/tina/revokeMfaSessions', {
      token: adminToken,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ value: true });
    expect((await signIn(browser, realm, tina)).asked).toBe(true);

    const missing = await callBridge(bridge, 'POST', '/v1/users/nobody/revokeMfaSessions', {
      token: adminToken,
    });
    expect(missing.status).toBe(404);
  });

  it("keeps the MFA session version out of the user's reach in the account API", async () => {
    const before = (await storedVersion(realm, tina.user)) ?? '0';
    const tokens = await passwordGrant({
      kcUrl: server.url,
      realm: realm.name,
      clientId: realm.clientId,
      username: tina.user.username,
      password: tina.user.password,
    });
    const headers = {
      authorization: `Bearer ${String(tokens.body.access_token)}`,
      accept: 'application/json',
      'content-type': 'application/json',
    };
    const account = `${server.url}/realms/${realm.name}/account`;
    const shown = await fetch(`${account}?userProfileMetadata=true`, { headers });
    expect(shown.status).toBe(200);
    const me = (await shown.json()) as { attributes?: Record<string, string[]> };
    expect(me.attributes?.[MFA_SESSION_VERSION_ATTRIBUTE]).toBeUndefined();
    const attempt = await fetch(account, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        ...me,
        attributes: { ...me.attributes, [MFA_SESSION_VERSION_ATTRIBUTE]: ['0'] },
      }),
    });
    expect([204, 400]).toContain(attempt.status);
    expect(await storedVersion(realm, tina.user)).toBe(before);
    expect(before).not.toBe('0');
  });
});
