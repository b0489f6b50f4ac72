/**
 * The bridge (HTTP API) in-process against the test Keycloak, provisioned the way `keyward provision-bridge`
 * provisions it: a service account of its own in master with the realm roles it needs, and the
 * `keyward-bridge` client scope on the test client so that tokens carry the bridge's audience.
 */

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import {
  createApiConfig,
  createApp,
  createLogger,
  listen,
  type RunningServer,
} from '../../bridge/src/api/index.js';
import {
  ensureBridgeAudience,
  ensureBridgeServiceAccount,
} from '../../bridge/src/keycloak/admin/bridge-access.js';
import { ensurePortalClient } from '../../bridge/src/keycloak/admin/portal-access.js';
import { passwordGrant } from './login-driver.js';
import { browserUrl } from './page-checks.js';
import { adminClient, type KeycloakServer, type TestRealm, type TestUser } from './realm-fixture.js';

/** A bridge listening on a free loopback port, and how to tear it down. */
export interface TestBridge {
  url: string;
  /** The service account's client id in master (unique per bridge, so test files never share one). */
  serviceAccountClientId: string;
  /** With `portal`: the portal's public URL (`http://localhost:<port>`), else undefined. */
  publicUrl?: string;
  close(): Promise<void>;
}

/** A free loopback port (the portal's public URL must be known before the bridge listens). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Provisions and starts a bridge that trusts `realms` (each must exist; their `clientId` gets the scope).
 * `clockToleranceSeconds` defaults to 0 so that expiry tests need not wait.
 */
export async function startTestBridge(
  server: KeycloakServer,
  realms: readonly TestRealm[],
  options: {
    clockToleranceSeconds?: number;
    extraClients?: Record<string, string[]>;
    /**
     * Also serve the portal at `http://localhost:<port>` (its client provisioned in each realm), with the bridge
     * reaching Keycloak as `http://localhost:…` too, so browser, bridge and tokens agree on one issuer.
     */
    portal?: boolean;
    rateLimit?: { windowSeconds?: number; api?: number; portal?: number };
  } = {},
): Promise<TestBridge> {
  const admin = await adminClient(server);
  const port = options.portal ? await freePort() : 0;
  const publicUrl = options.portal ? `http://localhost:${port}` : undefined;
  const keycloakUrl = options.portal ? browserUrl(server.url) : server.url;
  if (publicUrl) {
    for (const realm of realms) await ensurePortalClient(admin, realm.name, { publicUrl });
  }
  for (const realm of realms) {
    await ensureBridgeAudience(admin, realm.name, {
      clientIds: [realm.clientId, ...(options.extraClients?.[realm.name] ?? [])],
    });
  }
  const account = await ensureBridgeServiceAccount(admin, {
    realms: realms.map((realm) => realm.name),
    clientId: `keyward-bridge-${randomBytes(4).toString('hex')}`,
  });
  const config = createApiConfig({
    keycloakUrl,
    realms: realms.map((realm) => realm.name),
    admin: {
      keycloakUrl,
      adminRealm: 'master',
      clientId: account.clientId,
      clientSecret: account.clientSecret,
    },
    clockToleranceSeconds: options.clockToleranceSeconds ?? 0,
    logLevel: 'silent',
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(publicUrl ? { portal: { publicUrl, cookieKeys: [randomBytes(32).toString('base64url')] } } : {}),
  });
  const running: RunningServer = await listen(createApp(config, { logger: createLogger('silent') }), {
    port,
    host: '127.0.0.1',
  });
  return {
    url: running.url,
    serviceAccountClientId: account.clientId,
    ...(publicUrl ? { publicUrl } : {}),
    close: async () => {
      await running.close(1_000);
      const cleanup = await adminClient(server);
      const [client] = await cleanup.clients.find({ realm: 'master', clientId: account.clientId });
      if (client?.id) await cleanup.clients.del({ realm: 'master', id: client.id });
    },
  };
}

/** An access token for the bridge: the password grant with the `keyward-bridge` scope (or `scope` as given). */
export async function bridgeToken(
  realm: TestRealm,
  user: TestUser,
  options: { clientId?: string; scope?: string } = {},
): Promise<string> {
  const response = await passwordGrant({
    kcUrl: realm.server.url,
    realm: realm.name,
    clientId: options.clientId ?? realm.clientId,
    username: user.username,
    password: user.password,
    scope: options.scope ?? 'openid keyward-bridge',
  });
  if (!response.body.access_token) {
    throw new Error(`No token for ${user.username}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.access_token;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers and assert on their shape.
type JsonAnswer = any;

/** One HTTP exchange with the bridge, its body parsed when it is JSON. */
export async function callBridge(
  bridge: TestBridge,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; contentType?: string } = {},
): Promise<{ status: number; headers: Headers; body: JsonAnswer }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(`${bridge.url}${path}`, { method, headers, body });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('json');
  return {
    status: response.status,
    headers: response.headers,
    body: isJson && text ? JSON.parse(text) : text,
  };
}
