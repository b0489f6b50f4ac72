import { randomBytes } from 'node:crypto';
import {
  type ApiConfig,
  apiConfigFromEnv,
  createApiConfig,
  createApp,
  createLogger,
  listen,
  type RunningServer,
} from '../../api/index.js';
import { ensureBridgeAudience, ensureBridgeServiceAccount } from '../../keycloak/admin/bridge-access.js';
import { adminConnectionFromEnv, connectAdmin } from '../../keycloak/admin/connection.js';
import { ensurePortalClient } from '../../keycloak/admin/portal-access.js';
import { type OutputFormat, printRows } from '../output.js';

/** Options of `keyward serve`; unset ones come from the environment (see `apiConfigFromEnv`). */
export interface ServeOptions {
  port: number;
  host: string;
  keycloakUrl: string;
  realm?: string[];
  trustedIssuer?: string[];
  audience?: string;
}

/** Builds the app and listens; the caller owns the server's lifetime. */
export async function startBridge(
  config: ApiConfig,
  options: { port: number; host: string },
): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const running = await listen(createApp(config, { logger }), options);
  logger.info(
    {
      url: running.url,
      realms: config.trustedIssuers.map((trusted) => trusted.realm),
      issuers: config.trustedIssuers.map((trusted) => trusted.issuer),
      audience: config.audience,
    },
    'bridge listening',
  );
  return running;
}

/**
 * `keyward serve`: the HTTP API of SPEC §6 until SIGINT or SIGTERM, which let requests in flight finish.
 * Stateless, so a load balancer may spread requests over any number of instances.
 */
export async function serveCommand(options: ServeOptions): Promise<void> {
  const config = apiConfigFromEnv(process.env, {
    keycloakUrl: options.keycloakUrl,
    ...(options.realm?.length ? { realms: options.realm } : {}),
    ...(options.trustedIssuer?.length ? { trustedIssuers: options.trustedIssuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  });
  const running = await startBridge(config, { port: options.port, host: options.host });
  process.stderr.write(
    `keyward serve: listening on ${running.url} (OpenAPI at ${running.url}/openapi.json)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.stderr.write('keyward serve: stopping…\n');
      running.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Options of `keyward provision-bridge`. */
export interface ProvisionBridgeOptions {
  keycloakUrl: string;
  realm: string[];
  client?: string[];
  audience?: string;
  /** The bridge's public URL; with it, each realm also gets the portal's client. */
  portalUrl?: string;
  output: OutputFormat;
}

/**
 * `keyward provision-bridge`: with Keycloak's admin credentials (never the bridge's own), gives each realm the
 * client scope that puts the bridge's audience in tokens (offered to `--client`s), and creates or updates the
 * bridge's service account in master with just the roles it needs in those realms. Prints the
 * `KEYWARD_CLIENT_ID` / `KEYWARD_CLIENT_SECRET` for `keyward serve`; `KEYWARD_BRIDGE_CLIENT_SECRET` fixes
 * the secret instead of letting Keycloak choose one. With `--portal-url`, each realm also gets the public
 * client `keyward-portal` the self-service portal signs users in with. Idempotent.
 */
export async function provisionBridgeCommand(options: ProvisionBridgeOptions): Promise<void> {
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  for (const realm of options.realm) {
    await ensureBridgeAudience(client, realm, {
      ...(options.audience ? { audience: options.audience } : {}),
      clientIds: options.client ?? [],
    });
    if (options.portalUrl) await ensurePortalClient(client, realm, { publicUrl: options.portalUrl });
  }
  const fixedSecret = process.env.KEYWARD_BRIDGE_CLIENT_SECRET;
  const account = await ensureBridgeServiceAccount(client, {
    realms: options.realm,
    ...(fixedSecret ? { clientSecret: fixedSecret } : {}),
  });
  // A secret the caller chose is not echoed into logs; only a secret Keycloak generated is printed.
  const secret = fixedSecret ? '(KEYWARD_BRIDGE_CLIENT_SECRET)' : account.clientSecret;
  if (options.output === 'table') {
    process.stdout.write(
      `KEYWARD_CLIENT_ID=${account.clientId}\nKEYWARD_CLIENT_SECRET=${secret}\nKEYWARD_REALMS=${options.realm.join(',')}\n`,
    );
    if (options.portalUrl) {
      // A fresh key for the portal's cookies; every instance of the bridge needs the same one.
      process.stdout.write(
        `KEYWARD_PUBLIC_URL=${options.portalUrl}\nKEYWARD_PORTAL_COOKIE_KEYS=${randomBytes(32).toString('base64url')}\n`,
      );
    }
    return;
  }
  printRows(
    options.output,
    [{ clientId: account.clientId, clientSecret: secret, realms: options.realm }],
    ['clientId', 'clientSecret', 'realms'],
  );
}

/**
 * Provisions the bridge for `realms` with the admin credentials in the environment, then starts it as its own
 * service account (what `keyward up` runs next to the embedded Keycloak).
 */
export async function startProvisionedBridge(options: {
  keycloakUrl: string;
  realms: string[];
  clients: string[];
  port: number;
  host: string;
  logLevel: string;
}): Promise<RunningServer> {
  const admin = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  // The portal is served on the bridge's own port; its cookie key lives as long as this process.
  const publicUrl = `http://localhost:${options.port}`;
  for (const realm of options.realms) {
    await ensureBridgeAudience(admin, realm, { clientIds: options.clients });
    await ensurePortalClient(admin, realm, { publicUrl });
  }
  const account = await ensureBridgeServiceAccount(admin, { realms: options.realms });
  const config = createApiConfig({
    keycloakUrl: options.keycloakUrl,
    realms: options.realms,
    admin: {
      keycloakUrl: options.keycloakUrl,
      adminRealm: 'master',
      clientId: account.clientId,
      clientSecret: account.clientSecret,
    },
    logLevel: options.logLevel,
    portal: { publicUrl, cookieKeys: [randomBytes(32).toString('base64url')] },
  });
  return startBridge(config, { port: options.port, host: options.host });
}
