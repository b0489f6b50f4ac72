/**
 * Per-user MFA (SPEC §3.2, §9) enforced by a real Keycloak: the three states on the browser and on the password
 * grant, the automatic move from enabled to enforced, the state hidden from and unchangeable by the user (through
 * Keycloak's own account API), surviving a realm export and import, and `keyward users mfa get|set`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PER_USER_MFA_ATTRIBUTE } from '../../bridge/src/keycloak/admin/users.js';
import { whatIf } from '../../bridge/src/keycloak/admin/what-if.js';
import { applyTestDocument, type CaRealm, createCaRealm, testDocument } from '../support/ca-realm.js';
import { type CliResult, runCli } from '../support/cli.js';
import { passwordGrant, TotpAuthenticator } from '../support/login-driver.js';
import {
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
} from '../support/realm-fixture.js';
import {
  browserSignIn,
  detailList,
  grantSignIn,
  type ProbeUser,
  signInEvents,
} from '../support/sign-in-probe.js';

const server = inject('keycloak');

/** A copy of an exported representation without the ids Keycloak assigned (they are unique across realms). */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !['id', 'containerId', 'parentId'].includes(key))
      .map(([key, entry]) => [key, withoutIds(entry)]),
  );
}

const cliEnv = {
  KEYWARD_KEYCLOAK_URL: server.url,
  KEYWARD_ADMIN_USERNAME: server.adminUsername,
  KEYWARD_ADMIN_PASSWORD: server.adminPassword,
};
const keyward = (...args: string[]): Promise<CliResult> => runCli(args, cliEnv);

// Keycloak's answer to a wrong password: a refusal after the password must not tell a password sprayer more.
const WRONG_PASSWORD = 'Invalid user credentials';

let ca: CaRealm;
const probe = () => ({ clientId: ca.realm.clientId });

async function setState(username: string, state: string): Promise<void> {
  const result = await keyward(
    'users',
    'mfa',
    'set',
    username,
    state,
    '--realm',
    ca.realm.name,
    '--output',
    'json',
  );
  expect(result, result.stderr).toMatchObject({ code: 0 });
  expect(JSON.parse(result.stdout)).toEqual([
    expect.objectContaining({ user: username, perUserMfaState: state }),
  ]);
}

async function storedState(username: string): Promise<string | undefined> {
  const admin = await adminClient(server);
  const [user] = await admin.users.find({ realm: ca.realm.name, username, exact: true });
  const full = await admin.users.findOne({ realm: ca.realm.name, id: String(user?.id) });
  return full?.attributes?.[PER_USER_MFA_ATTRIBUTE]?.[0];
}

async function predicted(user: ProbeUser, clientAppType: 'browser' | 'other') {
  return whatIf(await adminClient(server), ca.realm.name, {
    user: user.username,
    clientId: ca.realm.clientId,
    ip: '127.0.0.1',
    clientAppType,
  });
}

beforeAll(async () => {
  ca = await createCaRealm(server, 'per-user');
  await applyTestDocument(server, ca.realm, testDocument('securityDefaults: { isEnabled: false }'));
});

afterAll(async () => {
  await deleteRealm(ca.realm);
});

describe('per-user MFA states', () => {
  it('disabled adds nothing: no MFA in the browser, the password grant works', async () => {
    await setState('kim', 'disabled');
    expect((await browserSignIn(ca.realm, ca.cast.kim, probe())).observed).toBe('signed-in');
    expect((await grantSignIn(ca.realm, ca.cast.kim, probe())).observed).toBe('signed-in');
    expect((await predicted(ca.cast.kim, 'browser')).enforcement).toBe('signed-in');
  });

  it('enforced: MFA in the browser; the password grant answers like a wrong password', async () => {
    await setState('kim', 'enforced');
    const browser = await browserSignIn(
      ca.realm,
      ca.cast.kim,
      { clientId: ca.realm.clientId, ip: '198.51.100.31' },
      { complete: true },
    );
    expect(browser.observed).toBe('second-factor');
    expect(browser.flow.page.kind).toBe('callback');
    const grant = await grantSignIn(ca.realm, ca.cast.kim, {
      clientId: ca.realm.clientId,
      ip: '198.51.100.32',
    });
    expect(grant).toEqual({ observed: 'refused', description: WRONG_PASSWORD });
    const wrong = await grantSignIn(ca.realm, { ...ca.cast.kim, password: 'not-it' }, probe());
    expect(wrong.description).toBe(WRONG_PASSWORD);

    expect((await predicted(ca.cast.kim, 'browser')).evaluation.requiredBy).toEqual(['perUser:enforced']);
    expect((await predicted(ca.cast.kim, 'other')).enforcement).toBe('refused-legacy');
    const events = await signInEvents(await adminClient(server), ca.realm);
    const login = events.find((event) => event.ipAddress === '198.51.100.31');
    expect(login?.type).toBe('LOGIN');
    expect(detailList(login, 'keyward_mfa_required_by')).toEqual(['perUser:enforced']);
    const refused = events.find((event) => event.ipAddress === '198.51.100.32');
    expect(refused).toMatchObject({ type: 'LOGIN_ERROR', error: 'access_denied' });
    expect(detailList(refused, 'keyward_mfa_required_by')).toEqual(['perUser:enforced']);
  });

  it('enabled without a method: the password grant still works, the browser registers, and then the state is enforced', async () => {
    await setState('lee', 'enabled');
    expect((await grantSignIn(ca.realm, ca.cast.lee, probe())).observed).toBe('signed-in');
    expect((await predicted(ca.cast.lee, 'other')).enforcement).toBe('signed-in');
    expect((await predicted(ca.cast.lee, 'browser')).evaluation.requiredBy).toEqual(['perUser:enabled']);

    const { observed, flow } = await browserSignIn(ca.realm, ca.cast.lee, probe());
    expect(observed).toBe('registration');
    let app: TotpAuthenticator | undefined;
    await flow.configureTotp((secret) => {
      app = new TotpAuthenticator(secret);
      return app.nextCode();
    });
    expect(flow.page.kind).toBe('callback');

    // The automatic move: the registration made the user enforced, with no admin involved.
    expect(await storedState('lee')).toBe('enforced');
    expect((await grantSignIn(ca.realm, ca.cast.lee, probe())).description).toBe(WRONG_PASSWORD);
    const again = await browserSignIn(ca.realm, { ...ca.cast.lee, totp: app }, probe(), { complete: true });
    expect(again.observed).toBe('second-factor');
    expect(again.flow.page.kind).toBe('callback');
  });

  it('enabled with a method already registered counts as enforced, and Keycloak moves it there', async () => {
    await setState('ron', 'enabled');
    expect((await predicted(ca.cast.ron, 'other')).evaluation.requiredBy).toEqual(['perUser:enforced']);
    expect((await grantSignIn(ca.realm, ca.cast.ron, probe())).description).toBe(WRONG_PASSWORD);
    expect((await browserSignIn(ca.realm, ca.cast.ron, probe())).observed).toBe('second-factor');
    expect(await storedState('ron')).toBe('enforced');
  });
});

describe('the state belongs to admins', () => {
  it("is neither shown to nor changed by the user through Keycloak's account API", async () => {
    await setState('ivy', 'disabled');
    const tokens = await passwordGrant({
      kcUrl: server.url,
      realm: ca.realm.name,
      clientId: ca.realm.clientId,
      username: ca.cast.ivy.username,
      password: ca.cast.ivy.password,
    });
    const token = String(tokens.body.access_token);
    await setState('ivy', 'enforced');
    const account = `${server.url}/realms/${ca.realm.name}/account`;
    const headers = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'content-type': 'application/json',
    };

    const shown = await fetch(`${account}?userProfileMetadata=true`, { headers });
    expect(shown.status).toBe(200);
    const me = (await shown.json()) as {
      username: string;
      attributes?: Record<string, string[]>;
      userProfileMetadata?: { attributes: { name: string }[] };
    };
    expect(me.username).toBe('ivy');
    expect(me.attributes?.[PER_USER_MFA_ATTRIBUTE]).toBeUndefined();
    expect(me.userProfileMetadata?.attributes.map((attribute) => attribute.name)).not.toContain(
      PER_USER_MFA_ATTRIBUTE,
    );

    // The user tries to switch MFA off for themselves.
    const attempt = await fetch(account, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        ...me,
        attributes: { ...me.attributes, [PER_USER_MFA_ATTRIBUTE]: ['disabled'] },
      }),
    });
    expect([204, 400]).toContain(attempt.status);
    expect(await storedState('ivy')).toBe('enforced');
  });

  it('refuses values that are not states at the admin API', async () => {
    const admin = await adminClient(server);
    const [user] = await admin.users.find({ realm: ca.realm.name, username: 'ivy', exact: true });
    const full = await admin.users.findOne({ realm: ca.realm.name, id: String(user?.id) });
    await expect(
      admin.users.update(
        { realm: ca.realm.name, id: String(user?.id) },
        { ...full, attributes: { ...full?.attributes, [PER_USER_MFA_ATTRIBUTE]: ['on'] } },
      ),
    ).rejects.toThrow();
    expect(await storedState('ivy')).toBe('enforced');
  });

  it('survives a realm export and import, and the imported realm enforces it', async () => {
    await setState('ivy', 'enforced');
    const admin = await adminClient(server);
    const exported = (await admin.realms.export({
      realm: ca.realm.name,
      exportClients: true,
      exportGroupsAndRoles: true,
    })) as Record<string, unknown>;
    // The admin API exports no users; Keycloak's own export (kc.sh export) writes them with their attributes, as
    // the admin API returns them.
    const users = await admin.users.find({ realm: ca.realm.name, max: 1000 });
    const copy = `${ca.realm.name}-copy`;
    // Importing next to the original: every object needs a fresh id.
    await admin.realms.create(withoutIds({ ...exported, realm: copy, users }) as never);
    const imported: TestRealm = { ...ca.realm, name: copy };
    try {
      const [ivy] = await admin.users.find({ realm: copy, username: 'ivy', exact: true });
      const full = await admin.users.findOne({ realm: copy, id: String(ivy?.id) });
      expect(full?.attributes?.[PER_USER_MFA_ATTRIBUTE]).toEqual(['enforced']);
      const profile = await admin.users.getProfile({ realm: copy });
      expect(
        profile.attributes?.find((attribute) => attribute.name === PER_USER_MFA_ATTRIBUTE)?.permissions,
      ).toEqual({
        view: ['admin'],
        edit: ['admin'],
      });
      // The imported user has no password or TOTP yet: enforced MFA makes the first sign-in register a method.
      await admin.users.resetPassword({
        realm: copy,
        id: String(ivy?.id),
        credential: { type: 'password', value: ca.cast.ivy.password, temporary: false },
      });
      expect((await browserSignIn(imported, ca.cast.ivy, probe())).observed).toBe('registration');
    } finally {
      await deleteRealm(imported);
    }
  });
});

describe('keyward users mfa', () => {
  it('gets and sets the state, in table, JSON and CSV', async () => {
    await setState('ivy', 'enabled');
    const table = await keyward('users', 'mfa', 'get', 'ivy', '--realm', ca.realm.name);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toMatch(/^user\s+perUserMfaState\nivy\s+enabled\n$/);
    const csv = await keyward('users', 'mfa', 'get', 'ivy', '--realm', ca.realm.name, '--output', 'csv');
    expect(csv.stdout).toBe('user,perUserMfaState\nivy,enabled\n');
    const set = await keyward('users', 'mfa', 'set', 'ivy', 'disabled', '--realm', ca.realm.name);
    expect(set.stdout).toMatch(/^user\s+previous\s+perUserMfaState\nivy\s+enabled\s+disabled\n$/);
    expect(await storedState('ivy')).toBeUndefined();
  });

  it('exits 2 for a state that is not one, and 1 for a user that does not exist', async () => {
    const bad = await keyward('users', 'mfa', 'set', 'ivy', 'on', '--realm', ca.realm.name);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'on' is not a per-user MFA state; use one of disabled, enabled, enforced");
    const missing = await keyward('users', 'mfa', 'get', 'nobody', '--realm', ca.realm.name);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("User 'nobody' does not exist");
  });

  it('fails with a clear message in a realm Keyward has not been applied to', async () => {
    const plain = await createTestRealm(server, 'no-keyward');
    try {
      await createUser(plain, { username: 'zoe', password: 'Zoe-pass-1' });
      const result = await keyward('users', 'mfa', 'set', 'zoe', 'enforced', '--realm', plain.name);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`does not declare the user attribute '${PER_USER_MFA_ATTRIBUTE}'`);
      expect(result.stderr).toContain('run keyward apply');
    } finally {
      await deleteRealm(plain);
    }
  });
});
