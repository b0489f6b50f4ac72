/**
 * The self-service app-password routes of the bridge's HTTP API (SPEC §5, §6) against a real Keycloak, with the
 * bridge run as `keyward serve` in a subprocess whose log is captured: the signed-in user creates, lists and
 * deletes their own app passwords and no one else's, the password created works on the password grant, refusals
 * come in the API's error shape with JSON pointers, and the password appears in the POST's answer and nowhere else —
 * not in any other answer, not in a line of the bridge's log.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { setPerUserMfaState } from '../../bridge/src/keycloak/admin/users.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { bridgeToken } from '../support/bridge.js';
import { passwordGrant } from '../support/login-driver.js';
import {
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
  type TestUser,
} from '../support/realm-fixture.js';
import { ServedBridge } from '../support/served-bridge.js';

const server = inject('keycloak');

const ROUTE = '/v1/me/appPasswords';

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
mfaSettings:
  appPasswords: { isAllowed: true }
  privilegedRoles: [realm-management/realm-admin]
`;

describe('bridge HTTP API: /v1/me/appPasswords', () => {
  let realm: TestRealm;
  let bridge: ServedBridge;
  let ella: TestUser;
  let bob: TestUser;
  let dora: TestUser;
  const tokens: Record<string, string> = {};
  /** Every password the API created in this file, for the leak check. */
  const passwords: string[] = [];

  const grant = (user: TestUser, password: string) =>
    passwordGrant({
      kcUrl: server.url,
      realm: realm.name,
      clientId: realm.clientId,
      username: user.username,
      password,
    });

  beforeAll(async () => {
    const admin = await adminClient(server);
    realm = await createTestRealm(server, 'api-app-passwords');
    const parsed = parsePolicy(POLICY, 'test.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, realm.name, parsed.document);
    ella = await createUser(realm, { username: 'ella', password: 'Ella-pass-1' });
    bob = await createUser(realm, { username: 'bob', password: 'Bob-pass-1' });
    dora = await createUser(realm, { username: 'dora', password: 'Dora-pass-1' });

    bridge = await ServedBridge.provision(server, [realm], 'keyward-bridge-apppw');
    // Tokens while the password grant still works with the account password (per-user MFA disabled); an enforced
    // user signs in to the portal in the browser, with MFA, which the token's origin does not change for the API.
    for (const user of [ella, bob, dora]) tokens[user.username] = await bridgeToken(realm, user);
    for (const user of [ella, bob]) await setPerUserMfaState(admin, realm.name, user.username, 'enforced');
  });

  afterAll(async () => {
    await bridge?.dispose();
    if (realm) await deleteRealm(realm);
  });

  it('creates an app password shown once (no-store) that works on the password grant, and lists names and dates', async () => {
    const created = await bridge.call('POST', ROUTE, {
      token: tokens.ella,
      body: { displayName: 'Thunderbird' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(created.body).sort()).toEqual(['createdDateTime', 'displayName', 'id', 'password']);
    expect(created.body).toMatchObject({ displayName: 'Thunderbird' });
    const password = String(created.body.password);
    passwords.push(password);
    expect(password).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){4}$/);

    expect((await grant(ella, password)).status).toBe(200);
    expect((await grant(ella, ella.password)).status).toBe(400);

    const listed = await bridge.call('GET', ROUTE, { token: tokens.ella });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      value: [
        { id: created.body.id, displayName: 'Thunderbird', createdDateTime: created.body.createdDateTime },
      ],
    });

    const methods = await bridge.call('GET', '/v1/me/authentication/methods', { token: tokens.ella });
    expect(methods.body.value).toContainEqual(
      expect.objectContaining({
        id: created.body.id,
        methodType: 'appPassword',
        displayName: 'Thunderbird',
        keycloakCredentialType: 'keyward-app-password',
      }),
    );
  });

  it('reaches only the caller’s own app passwords', async () => {
    const ellas = await bridge.call('GET', ROUTE, { token: tokens.ella });
    const ellaId = String(ellas.body.value[0].id);

    const bobs = await bridge.call('GET', ROUTE, { token: tokens.bob });
    expect(bobs.status).toBe(200);
    expect(bobs.body).toEqual({ value: [] });
    const deleteOthers = await bridge.call('DELETE', `${ROUTE}/${ellaId}`, { token: tokens.bob });
    expect(deleteOthers.status).toBe(404);
    expect(deleteOthers.body.error.code).toBe('itemNotFound');
    expect((await bridge.call('GET', ROUTE, { token: tokens.ella })).body.value).toHaveLength(1);

    // No route takes a user: a user named in the body is a schema error, not a way in.
    const smuggled = await bridge.call('POST', ROUTE, {
      token: tokens.bob,
      body: { displayName: 'Mine', user: 'ella' },
    });
    expect(smuggled.status).toBe(422);
    expect(smuggled.body.error.details).toContainEqual(expect.objectContaining({ target: '/user' }));
    expect((await bridge.call('GET', ROUTE)).status).toBe(401);
  });

  it('refuses bad requests and users who may not have app passwords, in the API’s error shape', async () => {
    const missing = await bridge.call('POST', ROUTE, { token: tokens.bob, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('invalidRequest');
    expect(missing.body.error.details).toContainEqual(expect.objectContaining({ target: '/displayName' }));
    for (const displayName of ['', 'x'.repeat(65), '   ']) {
      const refused = await bridge.call('POST', ROUTE, { token: tokens.bob, body: { displayName } });
      expect(refused.status, displayName).toBe(422);
      expect(refused.body.error.details).toContainEqual(expect.objectContaining({ target: '/displayName' }));
    }

    const notEnforced = await bridge.call('POST', ROUTE, {
      token: tokens.dora,
      body: { displayName: 'Mail' },
    });
    expect(notEnforced.status).toBe(422);
    expect(notEnforced.body.error.code).toBe('invalidRequest');
    expect(notEnforced.body.error.details).toEqual([
      expect.objectContaining({ code: 'userNotEnforced', target: 'user' }),
    ]);

    const duplicate = await bridge.call('POST', ROUTE, {
      token: tokens.ella,
      body: { displayName: 'THUNDERBIRD' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('notAllowed');
    expect(duplicate.body.error.details).toEqual([
      expect.objectContaining({ code: 'displayNameInUse', target: '/displayName' }),
    ]);
  });

  it('deletes one of the caller’s app passwords, which stops working at once', async () => {
    const created = await bridge.call('POST', ROUTE, { token: tokens.bob, body: { displayName: 'Phone' } });
    expect(created.status).toBe(201);
    const password = String(created.body.password);
    passwords.push(password);
    expect((await grant(bob, password)).status).toBe(200);

    const deleted = await bridge.call('DELETE', `${ROUTE}/${created.body.id}`, { token: tokens.bob });
    expect(deleted.status).toBe(204);
    expect((await grant(bob, password)).status).toBe(400);
    expect((await bridge.call('DELETE', `${ROUTE}/${created.body.id}`, { token: tokens.bob })).status).toBe(
      404,
    );
  });

  it('the password appears in the POST’s answer and nowhere else: no other answer, no line of the bridge’s log', async () => {
    expect(passwords).toHaveLength(2);
    for (const path of ['/metrics', '/openapi.json', '/healthz']) await bridge.call('GET', path);
    expect(await bridge.stop()).toBe(0);

    for (const password of passwords) {
      for (const form of [password, password.replaceAll('-', '')]) {
        const containing = bridge.exchanges.filter(
          (exchange) =>
            exchange.text.includes(form) || [...exchange.headers.values()].some((v) => v.includes(form)),
        );
        expect(containing.map((exchange) => `${exchange.method} ${exchange.status}`)).toEqual(
          form === password ? ['POST 201'] : [],
        );
        expect(bridge.stdout).not.toContain(form);
        expect(bridge.stderr).not.toContain(form);
      }
    }

    const lines = bridge.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const createdLines = lines.filter((line) => line.msg === 'app password created');
    expect(createdLines).toHaveLength(2);
    for (const line of createdLines) {
      expect(line).toMatchObject({ realm: realm.name, appPasswordId: expect.any(String) });
      expect(line).not.toHaveProperty('password');
    }
    expect(lines.some((line) => line.msg === 'app password deleted')).toBe(true);
  });
});
