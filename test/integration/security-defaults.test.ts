/**
 * Security defaults (SPEC §3.1) enforced by a real Keycloak: the policy is applied through the reconciler,
 * and every sign-in goes through Keycloak's real login pages.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { LoginBrowser, passwordGrant, TotpAuthenticator } from '../support/login-driver.js';
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

const BLOCKED = 'Legacy authentication (password grant) is blocked by security defaults in this realm.';

async function applyPolicy(admin: KcAdminClient, realm: TestRealm, yaml: string): Promise<void> {
  const parsed = parsePolicy(yaml, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const { remaining } = await applyDocument(admin, realm.name, parsed.document);
  expect(remaining.changes).toEqual([]);
}

const start = (
  browser: LoginBrowser,
  realm: TestRealm,
  clientId = realm.clientId,
  redirectUri = realm.redirectUri,
) => browser.startSignIn({ realm: realm.name, clientId, redirectUri });

interface LoginEvent {
  type: string;
  clientId?: string;
  userId?: string;
  error?: string;
  details?: Record<string, string>;
}

async function events(realm: TestRealm, type: 'LOGIN' | 'LOGIN_ERROR'): Promise<LoginEvent[]> {
  const admin = await adminClient(server);
  return (await admin.realms.findEvents({ realm: realm.name, type, max: 1000 })) as LoginEvent[];
}

describe('security defaults on', () => {
  let realm: TestRealm;
  let withTotp: TestUser;
  let totp: TotpAuthenticator;
  let newcomer: TestUser;
  let admin: TestUser;
  let adminTotp: TotpAuthenticator;

  beforeAll(async () => {
    realm = await createTestRealm(server, 'sd-on', { eventsEnabled: true });
    withTotp = await createUser(realm, { username: 'tina', password: 'Tina-pass-1' });
    newcomer = await createUser(realm, { username: 'nick', password: 'Nick-pass-1' });
    admin = await createUser(realm, {
      username: 'ada',
      password: 'Ada-pass-1',
      clientRoles: { 'realm-management': ['realm-admin'] },
    });
    // Registered through Keycloak's stock flow before Keyward takes the realm over.
    totp = await addTotp(realm, withTotp);
    adminTotp = await addTotp(realm, admin);
    await applyPolicy(
      await adminClient(server),
      realm,
      'apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: true }\n',
    );
  });

  afterAll(async () => {
    await deleteRealm(realm);
  });

  it('asks a user with TOTP for a code, refuses a wrong one and gives tokens for the right one', async () => {
    const flow = await start(new LoginBrowser(server.url), realm);
    expect(flow.page.kind).toBe('username-password');
    await flow.submitPassword(withTotp.username, withTotp.password);
    expect(flow.page.kind).toBe('otp');

    await flow.submitOtp(await totp.wrongCode());
    expect(flow.page.kind).toBe('otp');
    expect(flow.page.errorMessage).toMatch(/invalid/i);

    await flow.submitOtp(await totp.nextCode());
    const tokens = await flow.finish();
    expect(tokens.claims()?.preferred_username).toBe(withTotp.username);
  });

  it('makes a user without any method register before reaching the application', async () => {
    const flow = await start(new LoginBrowser(server.url), realm);
    await flow.submitPassword(newcomer.username, newcomer.password);
    expect(flow.page.kind).toBe('security-info');
    expect(flow.page.title).toBe('Keep your account secure');

    let app: TotpAuthenticator | undefined;
    await flow.configureTotp((secret) => {
      app = new TotpAuthenticator(secret);
      return app.nextCode();
    });
    const tokens = await flow.finish();
    expect(tokens.claims()?.preferred_username).toBe(newcomer.username);

    // The next sign-in asks for the method just registered.
    const again = await start(new LoginBrowser(server.url), realm);
    await again.submitPassword(newcomer.username, newcomer.password);
    expect(again.page.kind).toBe('otp');
    await again.submitOtp(await (app as TotpAuthenticator).nextCode());
    expect((await again.finish()).claims()?.preferred_username).toBe(newcomer.username);
  });

  it('asks a privileged user for MFA at every sign-in, also after signing out in the same browser', async () => {
    const browser = new LoginBrowser(server.url);
    for (let round = 0; round < 2; round++) {
      const flow = await start(browser, realm);
      expect(flow.page.kind).toBe('username-password');
      await flow.submitPassword(admin.username, admin.password);
      expect(flow.page.kind).toBe('otp');
      await flow.submitOtp(await adminTotp.nextCode());
      const tokens = await flow.finish();
      expect(tokens.claims()?.preferred_username).toBe(admin.username);
      await browser.logout(tokens.id_token as string);
    }
  });

  it('asks everyone for MFA on the admin console client', async () => {
    const consoleRedirect = `${server.url}/admin/${realm.name}/console/`;
    const flow = await start(new LoginBrowser(server.url), realm, 'security-admin-console', consoleRedirect);
    await flow.submitPassword(withTotp.username, withTotp.password);
    expect(flow.page.kind).toBe('otp');
    await flow.submitOtp(await totp.nextCode());
    // The console lives on Keycloak itself, so the driver follows the redirect into it: the authorization
    // response is in the URL of the console's page.
    const landed = new URL(flow.page.url);
    expect(`${landed.origin}${landed.pathname}`).toBe(consoleRedirect);
    expect(landed.searchParams.get('code')).toBeTruthy();
    expect(landed.searchParams.get('error')).toBeNull();
  });

  it('refuses the password grant for every user, with the same answer for a wrong password or unknown user', async () => {
    const attempts = [
      { username: withTotp.username, password: withTotp.password },
      { username: newcomer.username, password: newcomer.password },
      { username: admin.username, password: admin.password },
      { username: withTotp.username, password: 'wrong-password' },
      { username: 'nobody-here', password: 'whatever' },
    ];
    for (const attempt of attempts) {
      const response = await passwordGrant({
        kcUrl: server.url,
        realm: realm.name,
        clientId: realm.clientId,
        ...attempt,
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: 'invalid_grant', error_description: BLOCKED });
    }
  });

  it('puts the Keyward details on every login event', async () => {
    const logins = await events(realm, 'LOGIN');
    // Sign-ins above through Keyward's flow; registrations made before Keyward took over carry none.
    const keyward = logins.filter((event) => event.details?.keyward_client_app_type);
    expect(keyward.length).toBeGreaterThanOrEqual(6);
    const beforeKeyward = logins.length - keyward.length;
    expect(beforeKeyward).toBe(2);
    for (const event of keyward) {
      expect(event.details).toMatchObject({
        keyward_client_app_type: 'browser',
        keyward_mfa_required_by: 'securityDefaults',
        keyward_strength: 'mfa',
      });
      expect(['otp', 'registration:otp']).toContain(event.details?.keyward_method);
    }
    expect(keyward.some((event) => event.details?.keyward_method === 'registration:otp')).toBe(true);

    const refused = (await events(realm, 'LOGIN_ERROR')).filter(
      (event) => event.details?.keyward_blocked_by === 'securityDefaults',
    );
    expect(refused).toHaveLength(5);
    for (const event of refused) expect(event.details?.keyward_client_app_type).toBe('other');
  });
});

describe('security defaults off', () => {
  let realm: TestRealm;
  let user: TestUser;

  beforeAll(async () => {
    realm = await createTestRealm(server, 'sd-off', { eventsEnabled: true });
    user = await createUser(realm, { username: 'olga', password: 'Olga-pass-1' });
    await addTotp(realm, user);
    await applyPolicy(
      await adminClient(server),
      realm,
      'apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: false }\n',
    );
  });

  afterAll(async () => {
    await deleteRealm(realm);
  });

  it('asks for no MFA, even from a user who has TOTP', async () => {
    const flow = await start(new LoginBrowser(server.url), realm);
    await flow.submitPassword(user.username, user.password);
    expect(flow.page.kind).toBe('callback');
    expect((await flow.finish()).claims()?.preferred_username).toBe(user.username);
  });

  it('lets the password grant through, and says so on the event', async () => {
    const response = await passwordGrant({
      kcUrl: server.url,
      realm: realm.name,
      clientId: realm.clientId,
      username: user.username,
      password: user.password,
    });
    expect(response.status).toBe(200);
    const grant = (await events(realm, 'LOGIN')).find(
      (event) => event.details?.keyward_client_app_type === 'other',
    );
    expect(grant?.details).toMatchObject({ keyward_mfa_required_by: 'none' });
  });
});
