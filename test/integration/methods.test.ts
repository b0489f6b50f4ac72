/**
 * A user's methods against a real Keycloak: "Sign in another way" (the method picker, the default first, "Always
 * use this method first"), and the admin's `keyward users methods list|delete|reset` and
 * `POST /v1/users/{user}/authentication/requireReregistration` — reset removes every MFA method, voids
 * remember-MFA marks (`keyward.mfaSessionVersion`), is recorded, and the next sign-in registers again.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { bridgeToken, callBridge, startTestBridge, type TestBridge } from '../support/bridge.js';
import { runCli } from '../support/cli.js';
import { LoginBrowser, type SignInFlow, type TotpAuthenticator } from '../support/login-driver.js';
import {
  addRecoveryCodes,
  addTotp,
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
  type TestUser,
} from '../support/realm-fixture.js';

const server = inject('keycloak');

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
  fido2: { state: enabled, includeTargets: [all] }
  recoveryCodes: { state: enabled }
`;

interface MethodRow {
  id: string;
  methodType: string;
  displayName: string;
  keycloakCredentialType: string;
}

/** The user's credential types in Keycloak's order (the default first). */
async function credentialTypes(admin: KcAdminClient, realm: TestRealm, user: TestUser): Promise<string[]> {
  const credentials = await admin.users.getCredentials({ realm: realm.name, id: user.id });
  return credentials.map((credential) => String(credential.type));
}

/** The methods the picker offers, in order: [button id, name, whether marked default]. */
function pickerEntries(flow: SignInFlow): { id: string; name: string; isDefault: boolean }[] {
  return parse(flow.page.html)
    .querySelectorAll('#kc-select-credential-form button[name="authenticationExecution"]')
    .map((button) => ({
      id: button.id,
      name: button.querySelector('h2')?.childNodes[0]?.text.trim() ?? '',
      isDefault: button.querySelector('.pf-v5-c-label') !== null,
    }));
}

/** Picks a method on the picker page by its button id. */
async function pick(flow: SignInFlow, buttonId: string): Promise<void> {
  const button = parse(flow.page.html).querySelector(`#${buttonId}`);
  const execution = button?.getAttribute('value');
  if (!execution) throw new Error(`No method ${buttonId} on the picker: ${flow.page.text}`);
  await flow.submit({ authenticationExecution: execution }, 'kc-select-credential-form');
}

/** The "Sign in another way" link of the current page. */
async function signInAnotherWay(flow: SignInFlow): Promise<void> {
  expect(parse(flow.page.html).querySelector('#try-another-way')?.text.trim()).toBe('Sign in another way');
  await flow.submit({ tryAnotherWay: 'on' }, 'kc-select-try-another-way-form');
}

/** Answers the recovery-code page with the code it asks for ("Recovery code #n"). */
async function enterRecoveryCode(flow: SignInFlow, codes: string[], extra: Record<string, string> = {}) {
  const label = parse(flow.page.html).querySelector('label[for="recoveryCodeInput"]')?.text ?? '';
  const number = Number(/#\s*(\d+)/.exec(label)?.[1]);
  const code = codes[number - 1];
  if (!code) throw new Error(`Cannot tell which recovery code is asked: "${label}"`);
  await flow.submit({ recoveryCodeInput: code, ...extra }, 'kc-recovery-code-login-form');
}

describe('sign in another way, and the default method', () => {
  let realm: TestRealm;
  let user: TestUser;
  let app: TotpAuthenticator;
  let codes: string[];

  beforeAll(async () => {
    realm = await createTestRealm(server, 'picker');
    user = await createUser(realm, { username: 'pia', password: 'Pia-pass-1' });
    // Registered through Keycloak's stock pages, before Keyward takes the realm over: the app first (the default).
    app = await addTotp(realm, user);
    codes = await addRecoveryCodes(realm, user, app);
    const parsed = parsePolicy(POLICY, 'policy.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(await adminClient(server), realm.name, parsed.document);
  });

  afterAll(async () => {
    if (realm) await deleteRealm(realm);
  });

  const startSignIn = async () => {
    const flow = await new LoginBrowser(server.url).startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
    });
    await flow.submitPassword(user.username, user.password);
    return flow;
  };

  it('lists the registered methods, the default first, and makes the one used the default when asked', async () => {
    const admin = await adminClient(server);
    expect((await credentialTypes(admin, realm, user)).filter((type) => type !== 'password')).toEqual([
      'otp',
      'recovery-authn-codes',
    ]);

    // The default method is asked first, without the "Always use this method first" box (it is first already).
    const flow = await startSignIn();
    expect(flow.page.kind).toBe('otp');
    expect(parse(flow.page.html).querySelector('#keywardDefaultMethod')).toBeNull();

    await signInAnotherWay(flow);
    expect(flow.page.title).toBe('Sign in another way');
    expect(pickerEntries(flow)).toEqual([
      { id: 'kc-keyward-method-auth-otp-form', name: 'Authenticator app', isDefault: true },
      { id: 'kc-keyward-method-auth-recovery-authn-code-form', name: 'Recovery code', isDefault: false },
    ]);

    await pick(flow, 'kc-keyward-method-auth-recovery-authn-code-form');
    const box = parse(flow.page.html).querySelector('#keywardDefaultMethod');
    expect(box?.getAttribute('name')).toBe('keywardDefaultMethod');
    expect(parse(flow.page.html).querySelector('label[for="keywardDefaultMethod"]')?.text.trim()).toBe(
      'Always use this method first',
    );
    await enterRecoveryCode(flow, codes, { keywardDefaultMethod: 'on' });
    expect(flow.page.kind, flow.page.text).toBe('callback');
    await flow.finish();

    expect((await credentialTypes(admin, realm, user)).filter((type) => type !== 'password')).toEqual([
      'recovery-authn-codes',
      'otp',
    ]);

    // The next sign-in asks for a recovery code first; the picker now marks it as the default.
    const next = await startSignIn();
    expect(parse(next.page.html).querySelector('form#kc-recovery-code-login-form')).not.toBeNull();
    await signInAnotherWay(next);
    expect(pickerEntries(next).map((entry) => [entry.name, entry.isDefault])).toEqual([
      ['Recovery code', true],
      ['Authenticator app', false],
    ]);
    // Using the app without ticking the box keeps the order.
    await pick(next, 'kc-keyward-method-auth-otp-form');
    expect(next.page.kind).toBe('otp');
    expect(parse(next.page.html).querySelector('#keywardDefaultMethod')).not.toBeNull();
    await next.submitOtp(await app.nextCode());
    expect(next.page.kind, next.page.text).toBe('callback');
    expect((await credentialTypes(admin, realm, user)).filter((type) => type !== 'password')).toEqual([
      'recovery-authn-codes',
      'otp',
    ]);
  });

  it('moves nothing when the method fails: a wrong code with the box ticked keeps the order', async () => {
    const admin = await adminClient(server);
    const flow = await startSignIn();
    await signInAnotherWay(flow);
    await pick(flow, 'kc-keyward-method-auth-otp-form');
    await flow.submit({ otp: await app.wrongCode(), keywardDefaultMethod: 'on' });
    expect(flow.page.kind).toBe('otp');
    expect(flow.page.errorMessage).toBeTruthy();
    expect((await credentialTypes(admin, realm, user)).filter((type) => type !== 'password')).toEqual([
      'recovery-authn-codes',
      'otp',
    ]);
  });

  it('shows the picker in German', async () => {
    const admin = await adminClient(server);
    await admin.realms.update(
      { realm: realm.name },
      { internationalizationEnabled: true, supportedLocales: ['en', 'de'], defaultLocale: 'en' },
    );
    const german = await new LoginBrowser(server.url, { acceptLanguage: 'de' }).startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
      params: { ui_locales: 'de' },
    });
    await german.submitPassword(user.username, user.password);
    expect(parse(german.page.html).querySelector('#try-another-way')?.text.trim()).toBe(
      'Auf andere Weise anmelden',
    );
    await german.submit({ tryAnotherWay: 'on' }, 'kc-select-try-another-way-form');
    expect(german.page.title).toBe('Auf andere Weise anmelden');
    expect(pickerEntries(german).map((entry) => [entry.name, entry.isDefault])).toEqual([
      ['Wiederherstellungscode', true],
      ['Authenticator-App', false],
    ]);
  });
});

/** MFA for every browser sign-in, while the password grant (the bridge's admin token in these tests) works. */
const BROWSER_MFA_POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
  fido2: { state: enabled, includeTargets: [all] }
  recoveryCodes: { state: enabled }
conditionalAccessPolicies:
  - displayName: MFA in the browser
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [All] }
      clientAppTypes: [browser]
    grantControls: { operator: OR, builtInControls: [mfa] }
`;

describe('keyward users methods and requireReregistration', () => {
  let realm: TestRealm;
  let bridge: TestBridge;
  let ada: TestUser;
  let cli: TestUser;
  let api: TestUser;
  let adaToken: string;
  const env = () => ({
    KEYWARD_KEYCLOAK_URL: server.url,
    KEYWARD_ADMIN_USERNAME: server.adminUsername,
    KEYWARD_ADMIN_PASSWORD: server.adminPassword,
  });

  beforeAll(async () => {
    realm = await createTestRealm(server, 'methods', {
      adminEventsEnabled: true,
      adminEventsDetailsEnabled: true,
    });
    cli = await createUser(realm, { username: 'cleo', password: 'Cleo-pass-1' });
    api = await createUser(realm, { username: 'abe', password: 'Abe-pass-1' });
    for (const each of [cli, api]) {
      await addRecoveryCodes(realm, each, await addTotp(realm, each));
    }
    const parsed = parsePolicy(BROWSER_MFA_POLICY, 'policy.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(await adminClient(server), realm.name, parsed.document);
    ada = await createUser(realm, { username: 'ada', password: 'Ada-pass-1', realmRoles: ['keyward-admin'] });
    bridge = await startTestBridge(server, [realm]);
    adaToken = await bridgeToken(realm, ada);
  });

  afterAll(async () => {
    await bridge?.close();
    if (realm) await deleteRealm(realm);
  });

  const keyward = (...args: string[]) => runCli(['users', 'methods', ...args, '--realm', realm.name], env());

  it('lists a user’s methods as JSON, CSV and a table, the default first', async () => {
    const json = await keyward('list', 'cleo', '--output', 'json');
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as MethodRow[];
    expect(rows.map((row) => [row.methodType, row.displayName])).toEqual([
      ['password', 'Password'],
      ['softwareOath', 'Test authenticator'],
      ['recoveryCodes', expect.any(String)],
    ]);

    const csv = await keyward('list', 'cleo', '--output', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('id,methodType,displayName,createdDateTime,keycloakCredentialType');
    expect(lines).toHaveLength(4);

    const table = await keyward('list', 'cleo');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^id\s+methodType\s+displayName/);
    expect(table.stdout).toContain('softwareOath');

    const unknown = await keyward('list', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("User 'nobody' does not exist");
  });

  it('deletes one method, never the password, and says why when it cannot', async () => {
    const rows = JSON.parse((await keyward('list', 'cleo', '--output', 'json')).stdout) as MethodRow[];
    const password = rows.find((row) => row.methodType === 'password') as MethodRow;
    const codes = rows.find((row) => row.methodType === 'recoveryCodes') as MethodRow;

    const refused = await keyward('delete', 'cleo', password.id);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('The password is not an MFA method');
    const missing = await keyward('delete', 'cleo', 'no-such-method');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no authentication method 'no-such-method'");
    const usage = await keyward('delete', 'cleo');
    expect(usage.code).toBe(2);

    const deleted = await keyward('delete', 'cleo', codes.id, '--output', 'json');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual([
      expect.objectContaining({ user: 'cleo', removed: true, id: codes.id, methodType: 'recoveryCodes' }),
    ]);
    const after = JSON.parse((await keyward('list', 'cleo', '--output', 'json')).stdout) as MethodRow[];
    expect(after.map((row) => row.methodType)).toEqual(['password', 'softwareOath']);
  });

  it('reset (CLI): every MFA method removed, the session version raised, registration at the next sign-in', async () => {
    const admin = await adminClient(server);
    const reset = await keyward('reset', 'cleo', '--output', 'json');
    expect(reset.code, reset.stderr).toBe(0);
    const result = JSON.parse(reset.stdout) as {
      user: string;
      removed: MethodRow[];
      mfaSessionVersion: number;
    };
    expect(result.user).toBe('cleo');
    expect(result.removed.map((method) => method.keycloakCredentialType)).toEqual(['otp']);
    // A missing version counts as 0.
    expect(result.mfaSessionVersion).toBe(1);
    expect(await credentialTypes(admin, realm, cli)).toEqual(['password']);
    const stored = await admin.users.findOne({ realm: realm.name, id: cli.id });
    expect(stored?.attributes?.['keyward.mfaSessionVersion']).toEqual(['1']);

    const again = await keyward('reset', 'cleo');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/cleo\s+2/);

    // The policy requires MFA: without a method, the sign-in turns into registration.
    const flow = await new LoginBrowser(server.url).startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
    });
    await flow.submitPassword(cli.username, cli.password);
    expect(flow.page.kind, flow.page.text).toBe('security-info');
  });

  it('POST …/requireReregistration: the same through the API, recorded as admin events, then registration', async () => {
    const admin = await adminClient(server);
    const before = await callBridge(bridge, 'GET', '/v1/users/abe/authentication/methods', {
      token: adaToken,
    });
    expect(before.body.value.map((method: MethodRow) => method.methodType)).toEqual([
      'password',
      'softwareOath',
      'recoveryCodes',
    ]);

    const response = await callBridge(bridge, 'POST', '/v1/users/abe/authentication/requireReregistration', {
      token: adaToken,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.mfaSessionVersion).toBe(1);
    expect(response.body.removed.map((method: MethodRow) => method.keycloakCredentialType)).toEqual([
      'otp',
      'recovery-authn-codes',
    ]);
    const after = await callBridge(bridge, 'GET', '/v1/users/abe/authentication/methods', {
      token: adaToken,
    });
    expect(after.body.value.map((method: MethodRow) => method.methodType)).toEqual(['password']);

    const events = (await admin.realms.findAdminEvents({ realm: realm.name, max: 10_000 })) as {
      operationType?: string;
      resourcePath?: string;
      representation?: string;
      details?: Record<string, string>;
    }[];
    const removals = events.filter((event) => event.resourcePath?.startsWith(`users/${api.id}/credentials/`));
    expect(removals.map((event) => event.details?.credential_type).sort()).toEqual([
      'otp',
      'recovery-authn-codes',
    ]);
    const update = events.find(
      (event) =>
        event.operationType === 'UPDATE' &&
        event.resourcePath === `users/${api.id}` &&
        event.representation?.includes('keyward.mfaSessionVersion'),
    );
    expect(update?.representation).toContain('"keyward.mfaSessionVersion":["1"]');

    const flow = await new LoginBrowser(server.url).startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
    });
    await flow.submitPassword(api.username, api.password);
    expect(flow.page.kind, flow.page.text).toBe('security-info');

    const missing = await callBridge(
      bridge,
      'POST',
      '/v1/users/nobody/authentication/requireReregistration',
      {
        token: adaToken,
      },
    );
    expect(missing.status).toBe(404);
  });

  it('keeps the session version admin-only: the user cannot see or change it through the account API', async () => {
    const token = await bridgeToken(realm, api, { scope: 'openid' });
    const account = `${server.url}/realms/${realm.name}/account/`;
    const read = await fetch(account, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    expect(read.status).toBe(200);
    const me = (await read.json()) as { attributes?: Record<string, string[]> } & Record<string, unknown>;
    expect(me.attributes?.['keyward.mfaSessionVersion']).toBeUndefined();
    const write = await fetch(account, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...me,
        attributes: { ...(me.attributes ?? {}), 'keyward.mfaSessionVersion': ['0'] },
      }),
    });
    expect(write.status).toBeLessThan(500);
    const admin = await adminClient(server);
    const stored = await admin.users.findOne({ realm: realm.name, id: api.id });
    expect(stored?.attributes?.['keyward.mfaSessionVersion']).toEqual(['1']);
  });
});
