import KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';

/** Where Keycloak is and how to authenticate as an administrator. */
export interface AdminConnection {
  keycloakUrl: string;
  /** Realm the admin credentials belong to; `master` for the bootstrap admin. */
  adminRealm?: string;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  /** How long the admin sign-in may take; `KEYWARD_CONNECT_TIMEOUT_SECONDS`, 30 s by default. */
  timeoutMs?: number;
}

/** Reads the admin connection from the environment variables of SPEC §7. */
export function adminConnectionFromEnv(
  keycloakUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): AdminConnection {
  const connection: AdminConnection = { keycloakUrl, adminRealm: env.KEYWARD_ADMIN_REALM ?? 'master' };
  const seconds = Number(env.KEYWARD_CONNECT_TIMEOUT_SECONDS);
  if (Number.isFinite(seconds) && seconds > 0) connection.timeoutMs = seconds * 1000;
  if (env.KEYWARD_CLIENT_ID) {
    connection.clientId = env.KEYWARD_CLIENT_ID;
    connection.clientSecret = env.KEYWARD_CLIENT_SECRET ?? '';
  } else {
    connection.username = env.KEYWARD_ADMIN_USERNAME ?? 'admin';
    connection.password = env.KEYWARD_ADMIN_PASSWORD ?? 'admin';
  }
  return connection;
}

/** How long the admin sign-in may take before Keycloak counts as not answering. */
const CONNECT_TIMEOUT_MS = 30_000;

/** Signs in to Keycloak's admin API; fails with KEYCLOAK_UNAVAILABLE or KEYCLOAK_REQUEST_FAILED. */
export async function connectAdmin(connection: AdminConnection): Promise<KcAdminClient> {
  const timeoutMs = connection.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const client = new KcAdminClient({
    baseUrl: connection.keycloakUrl,
    realmName: connection.adminRealm ?? 'master',
  });
  // Something that accepts connections but never answers must not hang the CLI.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = timeoutMs / 1000;
      reject(
        new KeywardError(
          'KEYCLOAK_UNAVAILABLE',
          `Keycloak at ${connection.keycloakUrl} does not answer within ${seconds} s.`,
        ),
      );
    }, timeoutMs);
  });
  try {
    await Promise.race([signIn(client, connection), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

async function signIn(client: KcAdminClient, connection: AdminConnection): Promise<void> {
  try {
    if (connection.clientId) {
      await client.auth({
        grantType: 'client_credentials',
        clientId: connection.clientId,
        clientSecret: connection.clientSecret ?? '',
      });
    } else {
      await client.auth({
        grantType: 'password',
        clientId: 'admin-cli',
        username: connection.username ?? '',
        password: connection.password ?? '',
      });
    }
  } catch (error) {
    const status = (error as { response?: { status?: number } }).response?.status;
    if (status === undefined) {
      throw new KeywardError(
        'KEYCLOAK_UNAVAILABLE',
        `Keycloak at ${connection.keycloakUrl} does not answer.`,
        {
          cause: error,
        },
      );
    }
    throw new KeywardError(
      'KEYCLOAK_REQUEST_FAILED',
      `Keycloak at ${connection.keycloakUrl} refused the admin credentials (HTTP ${status}); ` +
        'set KEYWARD_ADMIN_USERNAME/KEYWARD_ADMIN_PASSWORD or KEYWARD_CLIENT_ID/KEYWARD_CLIENT_SECRET.',
      { cause: error },
    );
  }
}
