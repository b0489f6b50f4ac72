import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LoginBrowser, passwordGrant, type SignInFlow, TotpAuthenticator } from '../support/login-driver.js';
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
let realm: TestRealm;

beforeAll(async () => {
  realm = await createTestRealm(server, 'login-driver');
});

afterAll(async () => {
  if (realm) await deleteRealm(realm);
});

function signIn(browser: LoginBrowser): Promise<SignInFlow> {
  return browser.startSignIn({ realm: realm.name, clientId: realm.clientId, redirectUri: realm.redirectUri });
}

describe('password sign-in', () => {
  let user: TestUser;

  beforeAll(async () => {
    user = await createUser(realm, { username: 'pat', password: 'pat-password-1' });
  });

  it('gives tokens for the user who signed in', async () => {
    const flow = await signIn(new LoginBrowser(server.url));
    expect(flow.page.kind).toBe('username-password');

    await flow.submitPassword(user.username, user.password);
    const tokens = await flow.finish();

    expect(tokens.claims()?.preferred_username).toBe(user.username);
  });

  it('shows the error for a wrong password and lets the user try again', async () => {
    const flow = await signIn(new LoginBrowser(server.url));

    const refused = await flow.submitPassword(user.username, 'not-the-password');
    expect(refused.kind).toBe('username-password');
    expect(refused.errorMessage).toBe('Invalid username or password.');

    await flow.submitPassword(user.username, user.password);
    expect(flow.page.kind).toBe('callback');
  });

  it('tells a disabled user that the account is disabled', async () => {
    const disabled = await createUser(realm, { username: 'dora', password: 'dora-password-1' });
    const admin = await adminClient(server);
    const representation = await admin.users.findOne({ realm: realm.name, id: disabled.id });
    await admin.users.update({ realm: realm.name, id: disabled.id }, { ...representation, enabled: false });

    const flow = await signIn(new LoginBrowser(server.url));
    const page = await flow.submitPassword(disabled.username, disabled.password);

    expect(page.errorMessage).toBe('Account is disabled, contact your administrator.');
    await expect(flow.finish()).rejects.toThrow(/Account is disabled/);
  });
});

describe('TOTP', () => {
  it('registers TOTP through CONFIGURE_TOTP, then asks for the code at the next sign-in', async () => {
    const user = await createUser(realm, {
      username: 'tom',
      password: 'tom-password-1',
      requiredActions: ['CONFIGURE_TOTP'],
    });
    const browser = new LoginBrowser(server.url);
    let authenticator: TotpAuthenticator | undefined;

    const registration = await signIn(browser);
    const setup = await registration.submitPassword(user.username, user.password);
    expect(setup.kind).toBe('configure-totp');
    expect(setup.message?.type).toBe('warning');

    const wrongSetupCode = await registration.configureTotp((secret) =>
      new TotpAuthenticator(secret).wrongCode(),
    );
    expect(wrongSetupCode.kind).toBe('configure-totp');
    expect(wrongSetupCode.errorMessage).toBe('Invalid authenticator code.');

    await registration.configureTotp((secret) => {
      authenticator = new TotpAuthenticator(secret);
      return authenticator.nextCode();
    }, 'Phone');
    const registered = await registration.finish();
    if (!authenticator || !registered.id_token) throw new Error('TOTP registration did not complete');
    await browser.logout(registered.id_token);

    const flow = await signIn(browser);
    const otpPage = await flow.submitPassword(user.username, user.password);
    expect(otpPage.kind).toBe('otp');

    const refused = await flow.submitOtp(await authenticator.wrongCode());
    expect(refused.kind).toBe('otp');
    expect(refused.errorMessage).toBe('Invalid authenticator code.');

    await flow.submitOtp(await authenticator.nextCode());
    const tokens = await flow.finish();
    expect(tokens.claims()?.preferred_username).toBe(user.username);
  });

  it('addTotp leaves the user with an OTP credential that signs in', async () => {
    const user = await createUser(realm, { username: 'tina', password: 'tina-password-1' });
    const authenticator = await addTotp(realm, user);

    const admin = await adminClient(server);
    const credentials = await admin.users.getCredentials({ realm: realm.name, id: user.id });
    expect(credentials.map((credential) => credential.type).sort()).toEqual(['otp', 'password']);

    const flow = await signIn(new LoginBrowser(server.url));
    expect((await flow.submitPassword(user.username, user.password)).kind).toBe('otp');
    await flow.submitOtp(await authenticator.nextCode());
    expect((await flow.finish()).claims()?.preferred_username).toBe(user.username);
  });
});

describe('single sign-on', () => {
  it('goes straight back to the application while signed in, and asks again after logout', async () => {
    const user = await createUser(realm, { username: 'sam', password: 'sam-password-1' });
    const browser = new LoginBrowser(server.url);

    const first = await signIn(browser);
    await first.submitPassword(user.username, user.password);
    const firstTokens = await first.finish();

    const second = await signIn(browser);
    expect(second.page.kind).toBe('callback');
    const secondTokens = await second.finish();
    expect(secondTokens.claims()?.sid).toBe(firstTokens.claims()?.sid);

    const otherProfile = await signIn(new LoginBrowser(server.url));
    expect(otherProfile.page.kind).toBe('username-password');

    if (!secondTokens.id_token) throw new Error('No ID token');
    const loggedOut = await browser.logout(secondTokens.id_token);
    expect(loggedOut.kind).toBe('info');

    const afterLogout = await signIn(browser);
    expect(afterLogout.page.kind).toBe('username-password');
  });
});

describe('password grant', () => {
  let user: TestUser;

  beforeAll(async () => {
    user = await createUser(realm, { username: 'gus', password: 'gus-password-1' });
  });

  it('returns tokens for the right password', async () => {
    const response = await passwordGrant({
      kcUrl: server.url,
      realm: realm.name,
      clientId: realm.clientId,
      username: user.username,
      password: user.password,
    });

    expect(response.status).toBe(200);
    expect(response.body.access_token).toEqual(expect.any(String));
    expect(response.body.id_token).toEqual(expect.any(String));
  });

  it('returns the OAuth error for a wrong password', async () => {
    const response = await passwordGrant({
      kcUrl: server.url,
      realm: realm.name,
      clientId: realm.clientId,
      username: user.username,
      password: 'not-the-password',
    });

    expect(response).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid user credentials' },
    });
  });
});
