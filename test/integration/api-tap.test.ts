/**
 * The Temporary Access Pass routes of the bridge's HTTP API (SPEC §4, §6) against a real Keycloak, with the bridge
 * run as `keyward serve` in a subprocess whose log is captured: a pass issued through the API signs the user in on
 * Keycloak's real login pages, GET shows its metadata only, DELETE stops it, non-admins and out-of-policy requests
 * are refused in the API's error shape, and the pass appears in the POST's answer and nowhere else — not in any other
 * answer, not in a line of the bridge's log.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { bridgeToken } from '../support/bridge.js';
import { LoginBrowser, type SignInFlow } from '../support/login-driver.js';
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

const TAP_PAGE = 'login-login-keyward-temporary-access-pass';
const ONBOARDING_PAGE = 'login-login-keyward-temporary-access-pass-onboarding';
const ROUTE = (user: string) => `/v1/users/${user}/authentication/temporaryAccessPassMethods`;

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
  temporaryAccessPass:
    state: enabled
    includeTargets: [all]
    excludeTargets: [group:/contractors]
    minimumLifetimeInMinutes: 30
    defaultLifetimeInMinutes: 60
    maximumLifetimeInMinutes: 480
    defaultLength: 12
    isUsableOnce: true
`;

/** A realm whose policy leaves the TAP disabled (the default). */
const POLICY_WITHOUT_TAP = 'apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: false }\n';

async function applyPolicy(realm: TestRealm, yaml: string): Promise<void> {
  const parsed = parsePolicy(yaml, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const { remaining } = await applyDocument(await adminClient(server), realm.name, parsed.document);
  expect(remaining.changes).toEqual([]);
}

/** Username, then "Use a Temporary Access Pass" on the password page. */
async function openPassPage(realm: TestRealm, user: TestUser): Promise<SignInFlow> {
  const flow = await new LoginBrowser(server.url).startSignIn({
    realm: realm.name,
    clientId: realm.clientId,
    redirectUri: realm.redirectUri,
  });
  expect(flow.page.kind).toBe('username');
  await flow.submit({ username: user.username });
  if (flow.page.pageId !== TAP_PAGE) {
    expect(flow.page.kind, flow.page.errorMessage).toBe('password');
    await flow.submit({}, 'kc-keyward-use-tap-form');
  }
  expect(flow.page.pageId).toBe(TAP_PAGE);
  return flow;
}

async function enterPass(flow: SignInFlow, code: string): Promise<SignInFlow> {
  await flow.submit({ temporaryAccessPass: code }, 'kc-keyward-tap-form');
  return flow;
}

describe('bridge HTTP API: Temporary Access Pass', () => {
  let realm: TestRealm;
  let disabledRealm: TestRealm;
  let bridge: ServedBridge;
  let ada: TestUser;
  let uma: TestUser;
  let adaToken: string;
  let umaToken: string;
  /** Every pass the API issued in this file, for the leak check. */
  const issuedCodes: string[] = [];

  beforeAll(async () => {
    [realm, disabledRealm] = await Promise.all([
      createTestRealm(server, 'api-tap'),
      createTestRealm(server, 'api-tap-off'),
    ]);
    await createUser(realm, { username: 'carl', password: 'Carl-pass-1', groups: ['contractors'] });
    await applyPolicy(realm, POLICY);
    await applyPolicy(disabledRealm, POLICY_WITHOUT_TAP);
    ada = await createUser(realm, { username: 'ada', password: 'Ada-pass-1', realmRoles: ['keyward-admin'] });
    uma = await createUser(realm, { username: 'uma', password: 'Uma-pass-1' });

    bridge = await ServedBridge.provision(server, [realm, disabledRealm], 'keyward-bridge-tap');
    adaToken = await bridgeToken(realm, ada);
    umaToken = await bridgeToken(realm, uma);
  });

  afterAll(async () => {
    await bridge?.dispose();
    for (const each of [realm, disabledRealm]) if (each) await deleteRealm(each);
  });

  it('POST issues a pass, shown once with Cache-Control: no-store, that signs the user in on the login pages', async () => {
    const una = await createUser(realm, { username: 'una', password: 'Una-pass-1' });
    const issued = await bridge.call('POST', ROUTE('una'), { token: adaToken, body: {} });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const code = String(issued.body.temporaryAccessPass);
    issuedCodes.push(code);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    expect(issued.body).toMatchObject({
      id: expect.any(String),
      isUsableOnce: true,
      lifetimeInMinutes: 60,
      length: 12,
      isUsable: true,
      methodUsabilityReason: 'EnabledByPolicy',
      lastUsedDateTime: null,
    });

    const flow = await enterPass(await openPassPage(realm, una), code);
    expect(flow.page.pageId, flow.page.errorMessage).toBe(ONBOARDING_PAGE);
    await flow.submit({ onboarding: 'skip' }, 'kc-keyward-tap-onboarding-form');
    const tokens = await flow.finish();
    expect(tokens.claims()?.preferred_username).toBe('una');

    // Used once, it is spent; the list says so, without the pass.
    const listed = await bridge.call('GET', ROUTE('una'), { token: adaToken });
    expect(listed.body.value).toEqual([
      expect.objectContaining({
        id: issued.body.id,
        isUsable: false,
        methodUsabilityReason: 'OneTimeUsed',
      }),
    ]);
    expect(listed.body.value[0].lastUsedDateTime).not.toBeNull();
  });

  it('GET lists the metadata, never the pass; by username or user id; empty without a pass', async () => {
    const nick = await createUser(realm, { username: 'nick', password: 'Nick-pass-1' });
    const empty = await bridge.call('GET', ROUTE('nick'), { token: adaToken });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ value: [] });

    const start = new Date(Date.now() + 3_600_000);
    start.setMilliseconds(0);
    const issued = await bridge.call('POST', ROUTE(nick.id), {
      token: adaToken,
      body: { lifetimeInMinutes: 120, isUsableOnce: false, length: 16, startDateTime: start.toISOString() },
    });
    expect(issued.status, issued.text).toBe(201);
    const code = String(issued.body.temporaryAccessPass);
    issuedCodes.push(code);
    expect(code).toHaveLength(16);

    for (const user of ['nick', nick.id]) {
      const listed = await bridge.call('GET', ROUTE(user), { token: adaToken });
      expect(listed.status).toBe(200);
      expect(listed.headers.get('cache-control')).toBe('no-store');
      expect(listed.body.value).toHaveLength(1);
      const [pass] = listed.body.value;
      expect(pass).toMatchObject({
        id: issued.body.id,
        lifetimeInMinutes: 120,
        isUsableOnce: false,
        length: 16,
        isUsable: false,
        methodUsabilityReason: 'NotYetValid',
        createdDateTime: expect.any(String),
        createdBy: expect.stringContaining(bridge.serviceAccountClientId),
      });
      expect(Date.parse(pass.startDateTime)).toBe(start.getTime());
      expect(Date.parse(pass.endDateTime)).toBe(start.getTime() + 120 * 60_000);
      expect(pass).not.toHaveProperty('temporaryAccessPass');
      expect(listed.text).not.toContain(code);
    }
  });

  it('DELETE removes the pass: 204, it stops working, the list is empty, and a second DELETE is 404', async () => {
    const dora = await createUser(realm, { username: 'dora', password: 'Dora-pass-1' });
    const issued = await bridge.call('POST', ROUTE('dora'), {
      token: adaToken,
      body: { isUsableOnce: false },
    });
    expect(issued.status, issued.text).toBe(201);
    const code = String(issued.body.temporaryAccessPass);
    issuedCodes.push(code);
    // A sign-in page opened while the pass was valid does not help once it is deleted.
    const openedBefore = await openPassPage(realm, dora);

    const deleted = await bridge.call('DELETE', ROUTE('dora'), { token: adaToken });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    await enterPass(openedBefore, code);
    expect(openedBefore.page.pageId).toBe(TAP_PAGE);
    expect(openedBefore.page.errorMessage).toContain('not valid');
    expect((await bridge.call('GET', ROUTE('dora'), { token: adaToken })).body).toEqual({ value: [] });

    const again = await bridge.call('DELETE', ROUTE('dora'), { token: adaToken });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('itemNotFound');
    const admin = await adminClient(server);
    await admin.attackDetection.del({ realm: realm.name, id: dora.id });
  });

  it('refuses callers without keyward-admin (403) and without a token (401), issuing nothing', async () => {
    const vic = await createUser(realm, { username: 'vic', password: 'Vic-pass-1' });
    for (const method of ['POST', 'GET', 'DELETE']) {
      const body = method === 'POST' ? {} : undefined;
      const refused = await bridge.call(method, ROUTE('vic'), { token: umaToken, body });
      expect(refused.status, `${method} ${refused.text}`).toBe(403);
      expect(refused.body.error.code).toBe('accessDenied');
      const anonymous = await bridge.call(method, ROUTE('vic'), { body });
      expect(anonymous.status).toBe(401);
    }
    const admin = await adminClient(server);
    const credentials = await admin.users.getCredentials({ realm: realm.name, id: vic.id });
    expect(credentials.map((credential) => credential.type)).toEqual(['password']);
  });

  it('refuses out-of-policy requests with 422 and details pointing into the body', async () => {
    await createUser(realm, { username: 'lena', password: 'Lena-pass-1' });
    for (const [body, target, bound] of [
      [{ lifetimeInMinutes: 29 }, '/lifetimeInMinutes', 'between 30 and 480'],
      [{ lifetimeInMinutes: 481 }, '/lifetimeInMinutes', 'between 30 and 480'],
    ] as const) {
      const refused = await bridge.call('POST', ROUTE('lena'), { token: adaToken, body });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.body.error.code).toBe('invalidRequest');
      expect(refused.body.error.details).toEqual([
        expect.objectContaining({
          code: 'lifetimeOutOfPolicy',
          target,
          message: expect.stringContaining(bound),
        }),
      ]);
      expect(refused.body.error.innerError['request-id']).toBe(refused.headers.get('request-id'));
    }

    // Outside SPEC §4's absolute bounds or not the request's shape: refused by the API's schema before Keycloak.
    const schema = await bridge.call('POST', ROUTE('lena'), {
      token: adaToken,
      body: { lifetimeInMinutes: 43_201, length: 7, startDateTime: 'tomorrow', colour: 'red' },
    });
    expect(schema.status).toBe(422);
    expect(schema.body.error.code).toBe('invalidRequest');
    expect(schema.body.error.details.map((detail: { target: string }) => detail.target).sort()).toEqual([
      '/colour',
      '/length',
      '/lifetimeInMinutes',
      '/startDateTime',
    ]);

    const past = await bridge.call('POST', ROUTE('lena'), {
      token: adaToken,
      body: { startDateTime: new Date(Date.now() - 86_400_000).toISOString() },
    });
    expect(past.status, past.text).toBe(422);
    expect(past.body.error.details).toEqual([
      expect.objectContaining({ code: 'startDateTimeInPast', target: '/startDateTime' }),
    ]);

    // A user outside the policy's targets.
    const outside = await bridge.call('POST', ROUTE('carl'), { token: adaToken, body: {} });
    expect(outside.status, outside.text).toBe(422);
    expect(outside.body.error.details).toEqual([expect.objectContaining({ code: 'userNotInTargets' })]);

    const admin = await adminClient(server);
    const [lena] = await admin.users.find({ realm: realm.name, username: 'lena', exact: true });
    const credentials = await admin.users.getCredentials({ realm: realm.name, id: String(lena?.id) });
    expect(credentials.map((credential) => credential.type)).toEqual(['password']);
  });

  it('answers 404 for an unknown user and 409 where the policy does not enable the TAP', async () => {
    for (const method of ['POST', 'GET', 'DELETE']) {
      const missing = await bridge.call(method, ROUTE('nobody'), {
        token: adaToken,
        body: method === 'POST' ? {} : undefined,
      });
      expect(missing.status, `${method} ${missing.text}`).toBe(404);
      expect(missing.body.error.code).toBe('itemNotFound');
    }

    const sam = await createUser(disabledRealm, {
      username: 'sam',
      password: 'Sam-pass-1',
      realmRoles: ['keyward-admin'],
    });
    await createUser(disabledRealm, { username: 'tim', password: 'Tim-pass-1' });
    const token = await bridgeToken(disabledRealm, sam);
    const refused = await bridge.call('POST', ROUTE('tim'), { token, body: {} });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error.code).toBe('notAllowed');
  });

  it('the pass appears in the POST’s answer and nowhere else: no other answer, no line of the bridge’s log', async () => {
    expect(issuedCodes).toHaveLength(3);
    // Routes an operator would poke at after an issue.
    for (const path of ['/metrics', '/openapi.json', '/healthz']) await bridge.call('GET', path);
    await bridge.call('GET', '/v1/users/una/authentication/methods', { token: adaToken });
    await bridge.call('GET', '/v1/reports/authenticationMethods/userRegistrationDetails', {
      token: adaToken,
    });

    const code = await bridge.stop();
    expect(code).toBe(0);

    for (const pass of issuedCodes) {
      const containing = bridge.exchanges.filter(
        (exchange) =>
          exchange.text.includes(pass) || [...exchange.headers.values()].some((v) => v.includes(pass)),
      );
      expect(containing.map((exchange) => `${exchange.method} ${exchange.status}`)).toEqual(['POST 201']);
      expect(bridge.stdout).not.toContain(pass);
      expect(bridge.stderr).not.toContain(pass);
    }

    // The log is there and says what happened, with metadata only.
    const lines = bridge.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const issuedLines = lines.filter((line) => line.msg === 'temporary access pass issued');
    expect(issuedLines).toHaveLength(3);
    for (const line of issuedLines) {
      expect(line).toMatchObject({ realm: realm.name, subject: ada.id, passId: expect.any(String) });
      expect(line).not.toHaveProperty('temporaryAccessPass');
    }
    expect(lines.some((line) => line.msg === 'temporary access pass deleted')).toBe(true);
    expect(
      lines.filter(
        (line) =>
          line.msg === 'request' &&
          line.route === '/v1/users/{user}/authentication/temporaryAccessPassMethods' &&
          line.status === 201,
      ),
    ).toHaveLength(3);
  });
});
