/**
 * The bridge's HTTP API (SPEC §6) against a real Keycloak: real tokens from the realm's token endpoint, the
 * bridge's own service account, every route's success path, and every way a caller is refused.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { Validator } from '@seriousme/openapi-schema-validator';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_OPERATIONS, type ApiOperation } from '../../bridge/src/api/index.js';
import { ensureBridgeAudience } from '../../bridge/src/keycloak/admin/bridge-access.js';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { bridgeToken, callBridge, startTestBridge, type TestBridge } from '../support/bridge.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { passwordGrant } from '../support/login-driver.js';
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

const BASE_POLICY = 'apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: false }\n';

const POLICY_WITH_CONDITIONAL_ACCESS = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
namedLocations:
  - displayName: Head office
    ipRanges: [203.0.113.0/24]
    isTrusted: true
conditionalAccessPolicies:
  - displayName: Require MFA for everyone
    state: disabled
    conditions:
      users: { includeUsers: [All], excludeUsers: [ada] }
      applications: { includeApplications: [All] }
    grantControls: { operator: OR, builtInControls: [mfa] }
`;

async function applyPolicy(admin: KcAdminClient, realm: TestRealm, yaml: string): Promise<void> {
  const parsed = parsePolicy(yaml, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const { remaining } = await applyDocument(admin, realm.name, parsed.document);
  expect(remaining.changes).toEqual([]);
}

/** Puts a concrete user into a path template, e.g. `{user}` → `tom`. */
const pathOf = (operation: ApiOperation, user = 'tom') =>
  operation.path.replace('{user}', user).replace('{id}', 'no-such-method');

describe('bridge HTTP API', () => {
  let realm: TestRealm;
  let second: TestRealm;
  let foreign: TestRealm;
  let bridge: TestBridge;
  let ada: TestUser;
  let uma: TestUser;
  let una: TestUser;
  let tom: TestUser;
  let tess: TestUser;
  let rex: TestUser;
  let secondAdmin: TestUser;
  let foreignAdmin: TestUser;
  let adaToken: string;
  let umaToken: string;

  beforeAll(async () => {
    const admin = await adminClient(server);
    [realm, second, foreign] = await Promise.all([
      createTestRealm(server, 'api'),
      createTestRealm(server, 'api-second'),
      createTestRealm(server, 'api-foreign'),
    ]);
    // Registered through Keycloak's stock login pages, before Keyward takes the realm over.
    tess = await createUser(realm, { username: 'tess', password: 'Tess-pass-1' });
    await addTotp(realm, tess);
    for (const each of [realm, second, foreign]) await applyPolicy(admin, each, BASE_POLICY);

    ada = await createUser(realm, { username: 'ada', password: 'Ada-pass-1', realmRoles: ['keyward-admin'] });
    uma = await createUser(realm, { username: 'uma', password: 'Uma-pass-1' });
    una = await createUser(realm, { username: 'una', password: 'Una-pass-1' });
    tom = await createUser(realm, { username: 'tom', password: 'Tom-pass-1' });
    rex = await createUser(realm, { username: 'rex', password: 'Rex-pass-1' });
    secondAdmin = await createUser(second, {
      username: 'sam',
      password: 'Sam-pass-1',
      realmRoles: ['keyward-admin'],
    });
    foreignAdmin = await createUser(foreign, {
      username: 'fay',
      password: 'Fay-pass-1',
      realmRoles: ['keyward-admin'],
    });

    // A client whose access tokens live one second, for the expiry test.
    await admin.clients.create({
      realm: realm.name,
      clientId: 'short-lived',
      publicClient: true,
      directAccessGrantsEnabled: true,
      standardFlowEnabled: false,
      attributes: { 'access.token.lifespan': '1' },
    });
    // The foreign realm can mint tokens with the right audience; only the trust list keeps them out.
    await ensureBridgeAudience(admin, foreign.name, { clientIds: [foreign.clientId] });

    bridge = await startTestBridge(server, [realm, second], {
      extraClients: { [realm.name]: ['short-lived'] },
    });
    adaToken = await bridgeToken(realm, ada);
    umaToken = await bridgeToken(realm, uma);
  });

  afterAll(async () => {
    await bridge?.close();
    for (const each of [realm, second, foreign]) if (each) await deleteRealm(each);
  });

  describe('operations routes', () => {
    it('answers /healthz without a token', async () => {
      const response = await callBridge(bridge, 'GET', '/healthz');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
      expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('serves a valid OpenAPI 3.1 document that lists every operation', async () => {
      const response = await callBridge(bridge, 'GET', '/openapi.json');
      expect(response.status).toBe(200);
      expect(response.body.openapi).toBe('3.1.0');
      const result = await new Validator().validate(response.body);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      for (const operation of API_OPERATIONS) {
        expect(response.body.paths[operation.path][operation.method].operationId).toBe(operation.operationId);
      }
    });

    it('exposes Prometheus metrics, labelled by route template', async () => {
      await callBridge(bridge, 'GET', '/v1/users/tom/authentication/requirements', { token: adaToken });
      const response = await callBridge(bridge, 'GET', '/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(response.body).toContain(
        'keyward_http_requests_total{method="GET",route="/v1/users/{user}/authentication/requirements",status="200"}',
      );
      expect(response.body).toContain('keyward_token_verifications_total{outcome="valid"}');
      expect(response.body).toContain('process_cpu_user_seconds_total');
    });

    it('answers an unknown route with the error shape', async () => {
      const response = await callBridge(bridge, 'GET', '/v1/nothing-here', { token: adaToken });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('itemNotFound');
      expect(response.body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
    });
  });

  describe('authentication and authorisation', () => {
    it.each(API_OPERATIONS.map((operation) => [operation.operationId, operation] as const))(
      '%s refuses a request without a token (401)',
      async (_id, operation) => {
        const response = await callBridge(bridge, operation.method.toUpperCase(), pathOf(operation));
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('unauthenticated');
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="keyward"');
      },
    );

    it('refuses a token that is not a bearer token', async () => {
      const response = await fetch(`${bridge.url}/v1/me/authentication/methods`, {
        headers: { authorization: `Basic ${Buffer.from('uma:Uma-pass-1').toString('base64')}` },
      });
      expect(response.status).toBe(401);
    });

    it('refuses an expired token (401)', async () => {
      const token = await bridgeToken(realm, uma, { clientId: 'short-lived' });
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const response = await callBridge(bridge, 'GET', '/v1/me/authentication/methods', { token });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalidAuthenticationToken');
      expect(response.body.error.message).toMatch(/expired/);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('refuses a token from a realm it does not trust, even for that realm’s admin (401)', async () => {
      const token = await bridgeToken(foreign, foreignAdmin);
      const response = await callBridge(bridge, 'GET', '/v1/policy', { token });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalidAuthenticationToken');
      expect(response.body.error.message).toContain('does not trust');
    });

    it('refuses a self-signed token that claims a trusted issuer and the admin role (401)', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const issuer = `${server.url}/realms/${realm.name}`;
      const forged = await new SignJWT({
        typ: 'Bearer',
        azp: realm.clientId,
        preferred_username: 'mallory',
        realm_access: { roles: ['keyward-admin'] },
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'forged-key' })
        .setIssuer(issuer)
        .setAudience('keyward-bridge')
        .setSubject(ada.id)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      const response = await callBridge(bridge, 'GET', '/v1/policy', { token: forged });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalidAuthenticationToken');
      expect(response.body.error.message).toContain('signature cannot be verified');
    });

    it('refuses an unsigned token (alg none) (401)', async () => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
        iss: `${server.url}/realms/${realm.name}`,
        aud: 'keyward-bridge',
        sub: ada.id,
        typ: 'Bearer',
        iat: now,
        exp: now + 300,
        realm_access: { roles: ['keyward-admin'] },
      })}.`;
      const response = await callBridge(bridge, 'GET', '/v1/policy', { token: unsigned });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalidAuthenticationToken');
    });

    it('refuses a token of the right realm without the bridge audience (401)', async () => {
      const token = await bridgeToken(realm, ada, { scope: 'openid' });
      const response = await callBridge(bridge, 'GET', '/v1/policy', { token });
      expect(response.status).toBe(401);
      expect(response.body.error.message).toContain('audience');
    });

    it('refuses an ID token in place of the access token (401)', async () => {
      const grant = await passwordGrant({
        kcUrl: server.url,
        realm: realm.name,
        clientId: realm.clientId,
        username: uma.username,
        password: uma.password,
        scope: 'openid keyward-bridge',
      });
      const response = await callBridge(bridge, 'GET', '/v1/me/authentication/methods', {
        token: String(grant.body.id_token),
      });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalidAuthenticationToken');
    });

    it('lets an automation client in with client credentials, its service account holding keyward-admin', async () => {
      const admin = await adminClient(server);
      const secret = randomUUID();
      await admin.clients.create({
        realm: realm.name,
        clientId: 'scripts',
        publicClient: false,
        secret,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
      });
      await ensureBridgeAudience(admin, realm.name, { clientIds: ['scripts'] });
      const [scripts] = await admin.clients.find({ realm: realm.name, clientId: 'scripts' });
      const account = await admin.clients.getServiceAccountUser({
        realm: realm.name,
        id: String(scripts?.id),
      });
      const role = await admin.roles.findOneByName({ realm: realm.name, name: 'keyward-admin' });
      await admin.users.addRealmRoleMappings({
        realm: realm.name,
        id: String(account.id),
        roles: [{ id: String(role?.id), name: 'keyward-admin' }],
      });
      const grant = await fetch(`${server.url}/realms/${realm.name}/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'scripts',
          client_secret: secret,
          scope: 'keyward-bridge',
        }),
      });
      const { access_token: token } = (await grant.json()) as { access_token: string };
      const response = await callBridge(bridge, 'GET', '/v1/identity/conditionalAccess/namedLocations', {
        token,
      });
      expect(response.status).toBe(200);
    });

    it.each(
      API_OPERATIONS.filter((operation) => operation.access === 'admin').map(
        (operation) => [operation.operationId, operation] as const,
      ),
    )('%s refuses a user without keyward-admin (403)', async (_id, operation) => {
      const response = await callBridge(bridge, operation.method.toUpperCase(), pathOf(operation), {
        token: umaToken,
      });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('accessDenied');
    });
  });

  describe('policy', () => {
    it('GET /v1/policy answers the applied document with its defaults', async () => {
      const response = await callBridge(bridge, 'GET', '/v1/policy', { token: adaToken });
      expect(response.status).toBe(200);
      expect(response.body.apiVersion).toBe('keyward/v1');
      expect(response.body.securityDefaults).toEqual({ isEnabled: false });
      expect(response.body.authenticationMethods.softwareOath.state).toBe('enabled');
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('PUT /v1/policy?dryRun=true plans without changing anything', async () => {
      const response = await callBridge(bridge, 'PUT', '/v1/policy?dryRun=true', {
        token: adaToken,
        body: 'apiVersion: keyward/v1\nsecurityDefaults: { isEnabled: true }\n',
        contentType: 'application/yaml',
      });
      expect(response.status).toBe(200);
      expect(response.body.dryRun).toBe(true);
      expect(response.body.realm).toBe(realm.name);
      const flow = response.body.changes.find((change: { kind: string }) => change.kind === 'replace-flow');
      expect(flow.summary).toContain('browser flow');
      expect(
        flow.diff.some((line: string) => line.startsWith('+ ') && line.includes('keyward-security-defaults')),
      ).toBe(true);
      const after = await callBridge(bridge, 'GET', '/v1/policy', { token: adaToken });
      expect(after.body.securityDefaults.isEnabled).toBe(false);
    });

    it('PUT /v1/policy refuses an invalid document with JSON pointers to each problem (422)', async () => {
      const response = await callBridge(bridge, 'PUT', '/v1/policy', {
        token: adaToken,
        body: {
          apiVersion: 'keyward/v1',
          securityDefaults: { isEnabled: false, extra: 1 },
          authenticationMethods: { softwareOath: { state: 'sometimes' } },
        },
      });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('invalidDocument');
      expect(response.body.error.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'unknown-key', target: '/securityDefaults/extra' }),
          expect.objectContaining({ code: 'enum', target: '/authenticationMethods/softwareOath/state' }),
        ]),
      );
    });

    it('PUT /v1/policy refuses references the realm lacks, pointing at them (422)', async () => {
      const response = await callBridge(bridge, 'PUT', '/v1/policy', {
        token: adaToken,
        body: POLICY_WITH_CONDITIONAL_ACCESS.replace('excludeUsers: [ada]', 'excludeUsers: [nobody]'),
        contentType: 'application/yaml',
      });
      expect(response.status).toBe(422);
      expect(response.body.error.details).toEqual([
        expect.objectContaining({
          code: 'unknown-user',
          target: '/conditionalAccessPolicies/0/conditions/users/excludeUsers/0',
        }),
      ]);
    });

    it('PUT /v1/policy applies a document, idempotently, and the read views show it', async () => {
      const first = await callBridge(bridge, 'PUT', '/v1/policy', {
        token: adaToken,
        body: POLICY_WITH_CONDITIONAL_ACCESS,
        contentType: 'application/yaml',
      });
      expect(first.status).toBe(200);
      expect(first.body.dryRun).toBe(false);
      expect(first.body.changes.map((change: { kind: string }) => change.kind)).toContain('set-attribute');

      const again = await callBridge(bridge, 'PUT', '/v1/policy', {
        token: adaToken,
        body: POLICY_WITH_CONDITIONAL_ACCESS,
        contentType: 'application/yaml',
      });
      expect(again.status).toBe(200);
      expect(again.body.changes).toEqual([]);

      const policies = await callBridge(bridge, 'GET', '/v1/identity/conditionalAccess/policies', {
        token: adaToken,
      });
      expect(policies.status).toBe(200);
      expect(policies.body.value).toHaveLength(1);
      expect(policies.body.value[0]).toMatchObject({
        displayName: 'Require MFA for everyone',
        state: 'disabled',
      });

      const locations = await callBridge(bridge, 'GET', '/v1/identity/conditionalAccess/namedLocations', {
        token: adaToken,
      });
      expect(locations.status).toBe(200);
      expect(locations.body.value).toEqual([
        { displayName: 'Head office', ipRanges: ['203.0.113.0/24'], isTrusted: true },
      ]);
    });

    it('POST …/conditionalAccess/evaluate answers what-if for one sign-in under the applied document', async () => {
      const response = await callBridge(bridge, 'POST', '/v1/identity/conditionalAccess/evaluate', {
        token: adaToken,
        body: { user: 'uma', clientId: realm.clientId, ipAddress: '203.0.113.5', clientAppType: 'browser' },
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        realm: realm.name,
        signIn: {
          user: { username: 'uma', perUserMfaState: 'disabled' },
          ipAddress: '203.0.113.5',
          namedLocations: [{ displayName: 'Head office', isTrusted: true }],
        },
        enforcement: 'signed-in',
        evaluation: { outcome: 'none', requiredBy: [] },
      });

      const invalid = await callBridge(bridge, 'POST', '/v1/identity/conditionalAccess/evaluate', {
        token: adaToken,
        body: { user: 'uma', clientId: realm.clientId, ipAddress: 'somewhere', clientAppType: 'fax' },
      });
      expect(invalid.status).toBe(422);
      expect(invalid.body.error.details.map((detail: { target: string }) => detail.target).sort()).toEqual([
        '/clientAppType',
        '/ipAddress',
      ]);
    });

    it('PUT /v1/policy refuses a document that locks every administrator out, unless allowLockout (409)', async () => {
      const lockout = `apiVersion: keyward/v1
mfaSettings: { privilegedRoles: [keyward-admin] }
conditionalAccessPolicies:
  - displayName: Block everyone
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [All] }
    grantControls: { operator: OR, builtInControls: [block] }
`;
      const refused = await callBridge(bridge, 'PUT', '/v1/policy?dryRun=true', {
        token: adaToken,
        body: lockout,
        contentType: 'application/yaml',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('planRefused');
      const allowed = await callBridge(bridge, 'PUT', '/v1/policy?dryRun=true&allowLockout=true', {
        token: adaToken,
        body: lockout,
        contentType: 'application/yaml',
      });
      expect(allowed.status).toBe(200);
      expect(allowed.body.dryRun).toBe(true);
    });

    it('refuses a query parameter of the wrong type, naming it (400)', async () => {
      const response = await callBridge(bridge, 'PUT', '/v1/policy?dryRun=maybe', {
        token: adaToken,
        body: BASE_POLICY,
        contentType: 'application/yaml',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ target: 'dryRun' })]);
    });
  });

  describe('users', () => {
    it('GET and PATCH …/authentication/requirements read and change the per-user MFA state', async () => {
      const before = await callBridge(bridge, 'GET', '/v1/users/tom/authentication/requirements', {
        token: adaToken,
      });
      expect(before.status).toBe(200);
      expect(before.body).toEqual({ perUserMfaState: 'disabled' });

      const changed = await callBridge(bridge, 'PATCH', '/v1/users/tom/authentication/requirements', {
        token: adaToken,
        body: { perUserMfaState: 'enforced' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ perUserMfaState: 'enforced' });

      const byId = await callBridge(bridge, 'GET', `/v1/users/${tom.id}/authentication/requirements`, {
        token: adaToken,
      });
      expect(byId.body).toEqual({ perUserMfaState: 'enforced' });
    });

    it('PATCH refuses a body that breaks the schema, with JSON pointers (422)', async () => {
      const response = await callBridge(bridge, 'PATCH', '/v1/users/tom/authentication/requirements', {
        token: adaToken,
        body: { perUserMfaState: 'sometimes', note: 'x' },
      });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('invalidRequest');
      expect(response.body.error.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'enum', target: '/perUserMfaState' }),
          expect.objectContaining({ code: 'additionalProperties', target: '/note' }),
        ]),
      );
    });

    it('PATCH refuses a body that is not JSON (400)', async () => {
      const response = await callBridge(bridge, 'PATCH', '/v1/users/tom/authentication/requirements', {
        token: adaToken,
        body: '{"perUserMfaState": ',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('badRequest');
    });

    it('answers 404 for a user the realm does not have', async () => {
      const response = await callBridge(bridge, 'GET', '/v1/users/nobody/authentication/requirements', {
        token: adaToken,
      });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('itemNotFound');
    });

    it('lists methods as an admin names them, and deletes one but never the password', async () => {
      const listed = await callBridge(bridge, 'GET', '/v1/users/tess/authentication/methods', {
        token: adaToken,
      });
      expect(listed.status).toBe(200);
      const types = listed.body.value.map((method: { methodType: string }) => method.methodType);
      expect(types.sort()).toEqual(['password', 'softwareOath']);
      const otp = listed.body.value.find(
        (method: { methodType: string }) => method.methodType === 'softwareOath',
      );
      const password = listed.body.value.find(
        (method: { methodType: string }) => method.methodType === 'password',
      );
      expect(otp).toMatchObject({ keycloakCredentialType: 'otp', createdDateTime: expect.any(String) });

      const refused = await callBridge(
        bridge,
        'DELETE',
        `/v1/users/tess/authentication/methods/${password.id}`,
        {
          token: adaToken,
        },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('notAllowed');

      const missing = await callBridge(
        bridge,
        'DELETE',
        `/v1/users/tess/authentication/methods/${randomUUID()}`,
        {
          token: adaToken,
        },
      );
      expect(missing.status).toBe(404);

      const deleted = await callBridge(bridge, 'DELETE', `/v1/users/tess/authentication/methods/${otp.id}`, {
        token: adaToken,
      });
      expect(deleted.status).toBe(204);
      const after = await callBridge(bridge, 'GET', '/v1/users/tess/authentication/methods', {
        token: adaToken,
      });
      expect(after.body.value.map((method: { methodType: string }) => method.methodType)).toEqual([
        'password',
      ]);
    });

    it('POST …/revokeSignInSessions ends every session of the user', async () => {
      const admin = await adminClient(server);
      await bridgeToken(realm, rex);
      expect((await admin.users.listSessions({ realm: realm.name, id: rex.id })).length).toBeGreaterThan(0);
      const response = await callBridge(bridge, 'POST', '/v1/users/rex/revokeSignInSessions', {
        token: adaToken,
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ value: true });
      expect(await admin.users.listSessions({ realm: realm.name, id: rex.id })).toEqual([]);
    });

    it('acts on the realm that issued the token: one bridge, several realms', async () => {
      const token = await bridgeToken(second, secondAdmin);
      const inSecond = await callBridge(bridge, 'GET', '/v1/users/sam/authentication/requirements', {
        token,
      });
      expect(inSecond.status).toBe(200);
      // tom lives in the first realm only, so the second realm's admin cannot reach him.
      const acrossRealms = await callBridge(bridge, 'GET', '/v1/users/tom/authentication/requirements', {
        token,
      });
      expect(acrossRealms.status).toBe(404);
      const policy = await callBridge(bridge, 'GET', '/v1/policy', { token });
      expect(policy.body.namedLocations).toEqual([]);
    });
  });

  describe('me', () => {
    it('GET /v1/me/authentication/methods shows the caller’s own methods only', async () => {
      const admin = await adminClient(server);
      const unaToken = await bridgeToken(realm, una);
      const mine = await callBridge(bridge, 'GET', '/v1/me/authentication/methods', { token: umaToken });
      const theirs = await callBridge(bridge, 'GET', '/v1/me/authentication/methods', { token: unaToken });
      expect(mine.status).toBe(200);
      expect(theirs.status).toBe(200);
      const ids = (body: { value: { id: string }[] }) => body.value.map((method) => method.id).sort();
      const credentialIds = async (user: TestUser) =>
        (await admin.users.getCredentials({ realm: realm.name, id: user.id }))
          .map((c) => String(c.id))
          .sort();
      expect(ids(mine.body)).toEqual(await credentialIds(uma));
      expect(ids(theirs.body)).toEqual(await credentialIds(una));
      expect(ids(mine.body)).not.toEqual(ids(theirs.body));
    });

    it('a user cannot reach another user’s data: no user parameter is read, admin routes are refused', async () => {
      const withParameter = await callBridge(
        bridge,
        'GET',
        `/v1/me/authentication/methods?user=una&id=${una.id}`,
        {
          token: umaToken,
        },
      );
      const admin = await adminClient(server);
      const umaCredentials = await admin.users.getCredentials({ realm: realm.name, id: uma.id });
      expect(withParameter.body.value.map((method: { id: string }) => method.id)).toEqual(
        umaCredentials.map((credential) => credential.id),
      );
      const otherUser = await callBridge(bridge, 'GET', '/v1/users/una/authentication/methods', {
        token: umaToken,
      });
      expect(otherUser.status).toBe(403);
      const otherSessions = await callBridge(bridge, 'POST', '/v1/users/una/revokeSignInSessions', {
        token: umaToken,
      });
      expect(otherSessions.status).toBe(403);
    });

    it('POST /v1/me/revokeSignInSessions ends the caller’s sessions and nobody else’s', async () => {
      const admin = await adminClient(server);
      const token = await bridgeToken(realm, una);
      await bridgeToken(realm, uma);
      const response = await callBridge(bridge, 'POST', '/v1/me/revokeSignInSessions', { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ value: true });
      expect(await admin.users.listSessions({ realm: realm.name, id: una.id })).toEqual([]);
      expect((await admin.users.listSessions({ realm: realm.name, id: uma.id })).length).toBeGreaterThan(0);
    });
  });

  describe('keyward provision-bridge and keyward serve', () => {
    it('provisions the service account, then serves as it until SIGTERM', async () => {
      const adminEnv = {
        KEYWARD_KEYCLOAK_URL: server.url,
        KEYWARD_ADMIN_USERNAME: server.adminUsername,
        KEYWARD_ADMIN_PASSWORD: server.adminPassword,
      };
      const provisioned = await runCli(
        ['provision-bridge', '--realm', realm.name, '--client', realm.clientId, '--output', 'json'],
        adminEnv,
      );
      expect(provisioned.stderr).toBe('');
      expect(provisioned.code).toBe(0);
      const [account] = JSON.parse(provisioned.stdout) as { clientId: string; clientSecret: string }[];
      expect(account?.clientId).toBe('keyward-bridge');

      const env: NodeJS.ProcessEnv = {};
      for (const [name, value] of Object.entries(process.env))
        if (!name.startsWith('KEYWARD_')) env[name] = value;
      const child = spawn(process.execPath, ['bridge/bin/keyward.js', 'serve', '--port', '0'], {
        cwd: REPO_ROOT,
        env: {
          ...env,
          KEYWARD_KEYCLOAK_URL: server.url,
          KEYWARD_REALMS: realm.name,
          KEYWARD_CLIENT_ID: String(account?.clientId),
          KEYWARD_CLIENT_SECRET: String(account?.clientSecret),
          KEYWARD_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let stderr = '';
          child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
            stderr += chunk;
            const match = /listening on (http:\/\/\S+) /.exec(stderr);
            if (match?.[1]) resolve(match[1]);
          });
          child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
        });
        const served = { url, serviceAccountClientId: 'keyward-bridge', close: async () => {} };
        expect((await callBridge(served, 'GET', '/healthz')).status).toBe(200);
        const policy = await callBridge(served, 'GET', '/v1/policy', { token: adaToken });
        expect(policy.status).toBe(200);

        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const [code] = await exited;
        expect(code).toBe(0);
        // One JSON object per line, and never the bearer token.
        const lines = stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(
          lines.some((line) => line.msg === 'request' && line.route === '/v1/policy' && line.status === 200),
        ).toBe(true);
        expect(stdout).not.toContain(adaToken);
        expect(stdout).not.toContain(String(account?.clientSecret));
      } finally {
        child.kill('SIGKILL');
        const admin = await adminClient(server);
        const [client] = await admin.clients.find({ realm: 'master', clientId: 'keyward-bridge' });
        if (client?.id) await admin.clients.del({ realm: 'master', id: client.id });
      }
    });
  });
});
