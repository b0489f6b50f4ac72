/**
 * App passwords (SPEC §5) against a real Keycloak: created through the extension's REST endpoint (the bridge's
 * adapter), used on the password grant as a legacy mail client would, refused — exactly like a wrong password — for
 * users who are not (or no longer) `enforced`, privileged users, deleted ones and realms that do not allow them,
 * never accepted in the browser, at most 40 per user, revoked by a password reset (the user's own change and an
 * admin's reset), counted toward the brute-force lock-out when wrong, and never written anywhere but the one answer
 * to the creation.
 */
import { readFile } from 'node:fs/promises';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  appPasswordsUrl,
  type CreatedAppPassword,
  createAppPassword,
  listAppPasswords,
} from '../../bridge/src/keycloak/admin/app-passwords.js';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { registrationReport, signInsReport } from '../../bridge/src/keycloak/admin/reports.js';
import { setPerUserMfaState } from '../../bridge/src/keycloak/admin/users.js';
import { whatIf } from '../../bridge/src/keycloak/admin/what-if.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { LoginBrowser, type PasswordGrantResponse, passwordGrant } from '../support/login-driver.js';
import {
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
  type TestUser,
} from '../support/realm-fixture.js';

const server = inject('keycloak');

const SHAPE = /^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){4}$/;

function policy(isAllowed: boolean, conditionalAccess = ''): string {
  return `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
mfaSettings:
  appPasswords: { isAllowed: ${isAllowed} }
  privilegedRoles: [realm-management/realm-admin]
${conditionalAccess}`;
}

const MFA_FOR_EVERYONE = `conditionalAccessPolicies:
  - displayName: MFA for everyone
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [All] }
    grantControls: { operator: OR, builtInControls: [mfa] }
`;

interface StoredEvent {
  type: string;
  userId?: string;
  error?: string;
  details?: Record<string, string>;
}

describe('app passwords', () => {
  let realm: TestRealm;
  /** Every app password created in this file, for the leak check at the end. */
  const created: string[] = [];

  async function applyPolicy(yaml: string): Promise<void> {
    const parsed = parsePolicy(yaml, 'test.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    const { remaining } = await applyDocument(await adminClient(server), realm.name, parsed.document);
    expect(remaining.changes).toEqual([]);
  }

  async function enforcedUser(username: string, extra: { clientRoles?: Record<string, string[]> } = {}) {
    const user = await createUser(realm, { username, password: `${username}-Pass-1`, ...extra });
    await setPerUserMfaState(await adminClient(server), realm.name, username, 'enforced');
    return user;
  }

  async function create(user: TestUser, displayName: string): Promise<CreatedAppPassword> {
    const appPassword = await createAppPassword(await adminClient(server), realm.name, user.id, {
      displayName,
    });
    created.push(appPassword.password);
    return appPassword;
  }

  /** What `keyward whatif` predicts for the user's legacy client (the password grant). */
  async function predicted(user: TestUser): Promise<string> {
    const result = await whatIf(await adminClient(server), realm.name, {
      user: user.username,
      clientId: realm.clientId,
      ip: '127.0.0.1',
      clientAppType: 'other',
    });
    return result.enforcement;
  }

  /** The raw REST exchange, for status codes and bodies as Keycloak sends them. */
  async function rest(user: TestUser, method: 'GET' | 'POST' | 'DELETE', body?: unknown, id?: string) {
    const token = await (await adminClient(server)).getAccessToken();
    const response = await fetch(appPasswordsUrl(server.url, realm.name, user.id, id), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers and assert on their shape.
    return { status: response.status, text, body: (text ? JSON.parse(text) : undefined) as any };
  }

  function grant(user: TestUser, password: string): Promise<PasswordGrantResponse> {
    return passwordGrant({
      kcUrl: server.url,
      realm: realm.name,
      clientId: realm.clientId,
      username: user.username,
      password,
    });
  }

  /** Keycloak's answer to a wrong password; every refusal after the username must read exactly like it. */
  function expectWrongPasswordAnswer(response: PasswordGrantResponse): void {
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid user credentials' });
  }

  async function userEvents(user: TestUser): Promise<StoredEvent[]> {
    const admin = await adminClient(server);
    return (await admin.realms.findEvents({ realm: realm.name, user: user.id, max: 1000 })) as StoredEvent[];
  }

  /** Brute-force bookkeeping runs on Keycloak's own executor, a moment after the response. */
  async function bruteForceState(admin: KcAdminClient, user: TestUser, atLeast: number) {
    for (let attempt = 0; ; attempt++) {
      const state = (await admin.attackDetection.findOne({ realm: realm.name, id: user.id })) as {
        numFailures: number;
        disabled: boolean;
      };
      if (state.numFailures >= atLeast || attempt >= 50) return state;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    realm = await createTestRealm(server, 'app-passwords', {
      eventsEnabled: true,
      enabledEventTypes: [
        'LOGIN',
        'LOGIN_ERROR',
        'UPDATE_CREDENTIAL',
        'REMOVE_CREDENTIAL',
        'UPDATE_PASSWORD',
      ],
      adminEventsEnabled: true,
      adminEventsDetailsEnabled: true,
      bruteForceProtected: true,
      failureFactor: 3,
      // Only the failure count locks here, not Keycloak's extra lock for two failures within a second.
      quickLoginCheckMilliSeconds: 1,
      waitIncrementSeconds: 600,
      maxFailureWaitSeconds: 900,
    });
    await applyPolicy(policy(true));
  });

  afterAll(async () => {
    if (realm) await deleteRealm(realm);
  });

  it('lets an enforced user’s legacy client sign in with an app password, never with the account password', async () => {
    const ella = await enforcedUser('ella');
    expect(await predicted(ella)).toBe('refused-legacy');
    const appPassword = await create(ella, 'Thunderbird on the laptop');
    expect(await predicted(ella)).toBe('app-password');
    expect(appPassword.password).toMatch(SHAPE);
    expect(Object.keys(appPassword).sort()).toEqual(['createdDateTime', 'displayName', 'id', 'password']);

    const signedIn = await grant(ella, appPassword.password);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.access_token).toEqual(expect.any(String));
    // Typed as people type it: lower case, without the hyphens.
    const typed = await grant(ella, appPassword.password.replaceAll('-', '').toLowerCase());
    expect(typed.status).toBe(200);

    // The account password is right but cannot do MFA: refused like a wrong one, reason in the event only.
    expectWrongPasswordAnswer(await grant(ella, ella.password));
    expectWrongPasswordAnswer(await grant(ella, 'Not-the-password-1'));

    const listed = await listAppPasswords(await adminClient(server), realm.name, ella.id);
    expect(listed).toEqual([
      { id: appPassword.id, displayName: 'Thunderbird on the laptop', createdDateTime: expect.any(String) },
    ]);
    const raw = await rest(ella, 'GET');
    expect(raw.body).toEqual([
      { id: appPassword.id, displayName: 'Thunderbird on the laptop', createdDateTime: expect.any(String) },
    ]);

    const events = await userEvents(ella);
    const logins = events.filter((event) => event.type === 'LOGIN');
    expect(logins).toHaveLength(2);
    for (const login of logins) {
      expect(login.details).toMatchObject({
        keyward_method: 'appPassword',
        keyward_app_password: 'used',
        credential_type: 'keyward-app-password',
        keyward_app_password_name: 'Thunderbird on the laptop',
      });
    }
    const refused = events.find((event) => event.type === 'LOGIN_ERROR' && event.error === 'access_denied');
    expect(refused?.details?.keyward_mfa_required_by).toBe('perUser:enforced');
    const createdEvent = events.find((event) => event.details?.keyward_app_password === 'created');
    expect(createdEvent).toMatchObject({ type: 'UPDATE_CREDENTIAL' });
    expect(createdEvent?.details?.keyward_app_password_admin).toBe(`${server.adminUsername}@master`);

    // The reports name the method as an admin would; it is no MFA method of the browser.
    const admin = await adminClient(server);
    const details = (await registrationReport(admin, realm.name)).find((entry) => entry.id === ella.id);
    expect(details).toMatchObject({
      methodsRegistered: ['appPassword'],
      isMfaRegistered: false,
      defaultMfaMethod: 'none',
      perUserMfaState: 'enforced',
    });
    const signIns = await signInsReport(admin, realm.name, { userId: ella.id });
    expect(
      signIns.value
        .filter((record) => record.status === 'success')
        .map((record) => record.authenticationMethod),
    ).toEqual(['appPassword', 'appPassword']);
  });

  it('never accepts an app password in the browser', async () => {
    const fay = await enforcedUser('fay');
    const appPassword = await create(fay, 'Phone');
    const flow = await new LoginBrowser(server.url).startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
    });
    expect(flow.page.kind).toBe('username-password');
    await flow.submitPassword(fay.username, appPassword.password);
    expect(flow.page.kind).toBe('username-password');
    expect(flow.page.errorMessage).toContain('Invalid');
    await (await adminClient(server)).attackDetection.del({ realm: realm.name, id: fay.id });
  });

  it('is only for enforced users, never privileged ones, and stops working when the user no longer qualifies', async () => {
    const admin = await adminClient(server);
    const dora = await createUser(realm, { username: 'dora', password: 'Dora-pass-1' });
    const refusedDisabled = await rest(dora, 'POST', { displayName: 'Mail' });
    expect(refusedDisabled.status).toBe(422);
    expect(refusedDisabled.body.error).toMatchObject({ code: 'userNotEnforced' });
    expect(refusedDisabled.body.error.message).toContain('enforced');

    const erin = await createUser(realm, { username: 'erin', password: 'Erin-pass-1' });
    await setPerUserMfaState(admin, realm.name, 'erin', 'enabled');
    expect((await rest(erin, 'POST', { displayName: 'Mail' })).body.error.code).toBe('userNotEnforced');

    const paul = await enforcedUser('paul', { clientRoles: { 'realm-management': ['realm-admin'] } });
    const refusedPrivileged = await rest(paul, 'POST', { displayName: 'Mail' });
    expect(refusedPrivileged.status).toBe(422);
    expect(refusedPrivileged.body.error.code).toBe('userPrivileged');
    expect(await listAppPasswords(admin, realm.name, paul.id)).toEqual([]);

    const lena = await enforcedUser('lena');
    const appPassword = await create(lena, 'Outlook 2010');
    expect((await grant(lena, appPassword.password)).status).toBe(200);
    expect(await predicted(lena)).toBe('app-password');

    await setPerUserMfaState(admin, realm.name, 'lena', 'disabled');
    expectWrongPasswordAnswer(await grant(lena, appPassword.password));
    await setPerUserMfaState(admin, realm.name, 'lena', 'enforced');
    expect((await grant(lena, appPassword.password)).status).toBe(200);

    const [realmManagement] = await admin.clients.find({ realm: realm.name, clientId: 'realm-management' });
    const realmAdmin = await admin.clients.findRole({
      realm: realm.name,
      id: realmManagement?.id as string,
      roleName: 'realm-admin',
    });
    await admin.users.addClientRoleMappings({
      realm: realm.name,
      id: lena.id,
      clientUniqueId: realmManagement?.id as string,
      roles: [{ id: realmAdmin?.id as string, name: 'realm-admin' }],
    });
    expectWrongPasswordAnswer(await grant(lena, appPassword.password));
    expect(await predicted(lena)).toBe('refused-legacy');

    const reasons = (await userEvents(lena))
      .filter((event) => event.details?.keyward_app_password === 'refused')
      .map((event) => `${event.error}:${event.details?.keyward_app_password_reason}`)
      .sort();
    expect(reasons).toEqual(['access_denied:userNotEnforced', 'access_denied:userPrivileged']);
    // Policy refusals of the right app password do not count toward the lock-out.
    const state = (await admin.attackDetection.findOne({ realm: realm.name, id: lena.id })) as {
      numFailures: number;
    };
    expect(state.numFailures).toBe(0);
  });

  it('holds at most 40 per user, with names of 1..64 characters, unique per user', async () => {
    const mia = await enforcedUser('mia');
    const bad = async (body: unknown) => rest(mia, 'POST', body);

    const missing = await bad({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      expect.objectContaining({ code: 'missingMember', target: '/displayName' }),
    ]);
    const unknown = await bad({ displayName: 'Mail', password: 'CHOSEN-BY-ME' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ target: '/password' })]);
    expect((await bad('not json')).status).toBe(400);
    for (const name of ['', '   ', 'x'.repeat(65), 'tab\there']) {
      const refused = await bad({ displayName: name });
      expect(refused.status, name).toBe(422);
      expect(refused.body.error.details).toEqual([
        expect.objectContaining({ code: 'invalidDisplayName', target: '/displayName' }),
      ]);
    }
    expect((await create(mia, 'x'.repeat(64))).displayName).toBe('x'.repeat(64));
    await create(mia, 'App 2');
    const duplicate = await bad({ displayName: ' app 2 ' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('displayNameInUse');

    for (let index = 3; index <= 40; index++) await create(mia, `App ${index}`);
    expect(await listAppPasswords(await adminClient(server), realm.name, mia.id)).toHaveLength(40);
    const fortyFirst = await bad({ displayName: 'One more' });
    expect(fortyFirst.status).toBe(409);
    expect(fortyFirst.body.error.code).toBe('tooManyAppPasswords');
    expect(fortyFirst.body.error.message).toContain('40');

    const oldest = (await listAppPasswords(await adminClient(server), realm.name, mia.id))[0];
    expect(oldest?.displayName).toBe('x'.repeat(64));
    expect((await rest(mia, 'DELETE', undefined, oldest?.id)).status).toBe(204);
    const replacement = await bad({ displayName: 'One more' });
    expect(replacement.status).toBe(201);
    created.push(replacement.body.password);
  });

  it('keeps at most 40 and no two of one name when creations race each other', async () => {
    const noa = await enforcedUser('noa');
    for (let index = 1; index <= 36; index++) await create(noa, `App ${index}`);
    const stored = async () => listAppPasswords(await adminClient(server), realm.name, noa.id);

    // Eight creations at once for four free places: each passed the count before any was stored.
    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, n) => rest(noa, 'POST', { displayName: `Racer ${n}` })),
    );
    for (const response of racing) {
      expect([201, 409]).toContain(response.status);
      if (response.status === 409) expect(response.body.error.code).toBe('tooManyAppPasswords');
      else created.push(response.body.password);
    }
    const accepted = racing.filter((response) => response.status === 201).map((response) => response.body.id);
    const afterCount = await stored();
    expect(afterCount.length).toBeLessThanOrEqual(40);
    expect(afterCount.length).toBe(36 + accepted.length);
    expect(afterCount.map((entry) => entry.id)).toEqual(expect.arrayContaining(accepted));

    // Four creations at once of one new name, with room for all: at most one keeps it.
    for (const entry of afterCount.slice(0, 10)) {
      expect((await rest(noa, 'DELETE', undefined, entry.id)).status).toBe(204);
    }
    const sameName = await Promise.all(
      Array.from({ length: 4 }, () => rest(noa, 'POST', { displayName: 'Laptop mail' })),
    );
    for (const response of sameName) {
      expect([201, 409]).toContain(response.status);
      if (response.status === 409)
        expect(response.body.error?.code, JSON.stringify(response.body)).toBe('displayNameInUse');
      else created.push(response.body.password);
    }
    const named = (await stored()).filter((entry) => entry.displayName === 'Laptop mail');
    expect(named.length).toBeLessThanOrEqual(1);
    expect(named.length).toBe(sameName.filter((response) => response.status === 201).length);
  });

  it('stops a deleted app password at once', async () => {
    const nina = await enforcedUser('nina');
    const appPassword = await create(nina, 'Calendar sync');
    expect((await grant(nina, appPassword.password)).status).toBe(200);
    expect((await rest(nina, 'DELETE', undefined, appPassword.id)).status).toBe(204);
    expectWrongPasswordAnswer(await grant(nina, appPassword.password));
    const again = await rest(nina, 'DELETE', undefined, appPassword.id);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('notFound');
  });

  it('counts wrong app passwords toward the brute-force lock-out, which then stops the right one too', async () => {
    const admin = await adminClient(server);
    const wendy = await enforcedUser('wendy');
    const appPassword = await create(wendy, 'Mail');
    // The second has the right lookup group (the first) and a wrong rest.
    const lastGroup = appPassword.password.endsWith('2222') ? '3333' : '2222';
    const wrongs = [
      'AAAA-BBBB-CCCC-DDDD-EEEE',
      `${appPassword.password.slice(0, 20)}${lastGroup}`,
      'ZZZZZZZZZZZZZZZZZZZZ',
    ];
    for (const wrong of wrongs) {
      expectWrongPasswordAnswer(await grant(wendy, wrong));
    }
    const state = await bruteForceState(admin, wendy, 3);
    expect(state.numFailures).toBe(3);
    expect(state.disabled).toBe(true);

    expectWrongPasswordAnswer(await grant(wendy, appPassword.password));
    const errors = (await userEvents(wendy))
      .filter((event) => event.type === 'LOGIN_ERROR')
      .map((event) => `${event.error}:${event.details?.keyward_app_password_reason ?? '-'}`)
      .sort();
    expect(errors).toEqual([
      'invalid_user_credentials:invalid',
      'invalid_user_credentials:invalid',
      'invalid_user_credentials:invalid',
      'user_temporarily_disabled:-',
    ]);
    await admin.attackDetection.del({ realm: realm.name, id: wendy.id });
    expect((await grant(wendy, appPassword.password)).status).toBe(200);
  });

  it('is revoked, every one, by an admin’s password reset', async () => {
    const admin = await adminClient(server);
    const rita = await enforcedUser('rita');
    const first = await create(rita, 'Mail');
    await create(rita, 'Calendar');
    await admin.users.resetPassword({
      realm: realm.name,
      id: rita.id,
      credential: { type: 'password', value: 'Rita-new-pass-2', temporary: false },
    });
    expect(await listAppPasswords(admin, realm.name, rita.id)).toEqual([]);
    expectWrongPasswordAnswer(await grant(rita, first.password));
    const revoked = (await userEvents(rita)).filter(
      (event) => event.details?.keyward_app_password === 'revoked',
    );
    expect(revoked.map((event) => `${event.type}:${event.details?.keyward_app_password_reason}`)).toEqual([
      'REMOVE_CREDENTIAL:passwordResetByAdmin',
      'REMOVE_CREDENTIAL:passwordResetByAdmin',
    ]);
  });

  it('is revoked, every one, when the user changes the password (UPDATE_PASSWORD)', async () => {
    const admin = await adminClient(server);
    const uwe = await enforcedUser('uwe');
    const appPassword = await create(uwe, 'Mail');
    await create(uwe, 'Calendar');
    // Back to disabled, so that the browser sign-in needs no second factor; the app passwords stay stored.
    await setPerUserMfaState(admin, realm.name, 'uwe', 'disabled');
    expect(await listAppPasswords(admin, realm.name, uwe.id)).toHaveLength(2);
    const full = await admin.users.findOne({ realm: realm.name, id: uwe.id, userProfileMetadata: false });
    await admin.users.update(
      { realm: realm.name, id: uwe.id },
      { ...full, requiredActions: ['UPDATE_PASSWORD'] },
    );

    const flow = await new LoginBrowser(server.url).startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
    });
    await flow.submitPassword(uwe.username, uwe.password);
    await flow.updatePassword('Uwe-new-pass-2');
    expect(flow.page.kind, flow.page.errorMessage).toBe('callback');

    expect(await listAppPasswords(admin, realm.name, uwe.id)).toEqual([]);
    await setPerUserMfaState(admin, realm.name, 'uwe', 'enforced');
    expectWrongPasswordAnswer(await grant(uwe, appPassword.password));
    const revoked = (await userEvents(uwe)).filter(
      (event) => event.details?.keyward_app_password === 'revoked',
    );
    expect(revoked.map((event) => event.details?.keyward_app_password_reason)).toEqual([
      'passwordChanged',
      'passwordChanged',
    ]);
  });

  it('satisfies a Conditional Access policy that asks MFA of every sign-in, on the password grant', async () => {
    await applyPolicy(policy(true, MFA_FOR_EVERYONE));
    try {
      const cora = await enforcedUser('cora');
      const appPassword = await create(cora, 'Mail');
      expect((await grant(cora, appPassword.password)).status).toBe(200);
      expectWrongPasswordAnswer(await grant(cora, cora.password));
      expect(await predicted(cora)).toBe('app-password');

      // A user without app passwords: the policy is decided after the password now, so the answer is the wrong
      // password's, and the event names the policy.
      const carl = await createUser(realm, { username: 'carl', password: 'Carl-pass-1' });
      expectWrongPasswordAnswer(await grant(carl, carl.password));
      expect(await predicted(carl)).toBe('refused-legacy');
      const refused = (await userEvents(carl)).find((event) => event.error === 'access_denied');
      expect(refused?.details?.keyward_mfa_required_by).toBe('policy:MFA for everyone');
    } finally {
      await applyPolicy(policy(true));
    }
  });

  it('is refused at creation and at sign-in in a realm that does not allow app passwords', async () => {
    const tom = await enforcedUser('tom');
    const appPassword = await create(tom, 'Mail');
    expect((await grant(tom, appPassword.password)).status).toBe(200);
    await applyPolicy(policy(false));
    try {
      expectWrongPasswordAnswer(await grant(tom, appPassword.password));
      expect(await predicted(tom)).toBe('refused-legacy');
      const refused = await rest(tom, 'POST', { displayName: 'Another' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('appPasswordsNotAllowed');
    } finally {
      await applyPolicy(policy(true));
    }
    expect((await grant(tom, appPassword.password)).status).toBe(200);
  });

  it('shows the password once, at creation, and nowhere else: responses, events, admin events, Keycloak’s log', async () => {
    expect(created.length).toBeGreaterThan(40);
    const admin = await adminClient(server);
    const seen: string[] = [];
    for (const username of ['ella', 'lena', 'mia', 'tom']) {
      const [user] = await admin.users.find({ realm: realm.name, username, exact: true });
      seen.push(
        JSON.stringify(await admin.users.getCredentials({ realm: realm.name, id: user?.id as string })),
      );
      seen.push(JSON.stringify(await listAppPasswords(admin, realm.name, user?.id as string)));
    }
    seen.push(JSON.stringify(await admin.realms.findEvents({ realm: realm.name, max: 10_000 })));
    const adminEvents = (await admin.realms.findAdminEvents({ realm: realm.name, max: 10_000 })) as {
      resourcePath?: string;
    }[];
    expect(adminEvents.some((event) => event.resourcePath?.includes('/appPasswords/'))).toBe(true);
    seen.push(JSON.stringify(adminEvents));
    const log = server.logFile ? await readFile(server.logFile, 'utf8') : undefined;
    if (log !== undefined) {
      expect(log).toContain(realm.name);
      seen.push(log);
    } else {
      expect(server.backend, 'only a server this run started has a log file to read').not.toBe(
        'distribution',
      );
    }
    for (const password of created) {
      const canonical = password.replaceAll('-', '');
      for (const text of seen) {
        expect(text).not.toContain(password);
        expect(text).not.toContain(canonical);
      }
    }
  });
});
