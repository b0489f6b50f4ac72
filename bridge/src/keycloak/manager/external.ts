import { KeywardError } from '../../errors.js';
import type { KeycloakServer } from './types.js';

/**
 * Uses the Keycloak at `KEYWARD_KEYCLOAK_URL` with the admin from `KEYWARD_ADMIN_USERNAME` and
 * `KEYWARD_ADMIN_PASSWORD`. Someone else runs that server, so `stop()` leaves it alone.
 */
export async function connectExternal(env: NodeJS.ProcessEnv): Promise<KeycloakServer> {
  const url = env.KEYWARD_KEYCLOAK_URL?.replace(/\/+$/, '');
  const adminUsername = env.KEYWARD_ADMIN_USERNAME;
  const adminPassword = env.KEYWARD_ADMIN_PASSWORD;
  if (!url || !adminUsername || !adminPassword) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      'An external Keycloak needs KEYWARD_KEYCLOAK_URL, KEYWARD_ADMIN_USERNAME and KEYWARD_ADMIN_PASSWORD.',
    );
  }
  try {
    const response = await fetch(`${url}/realms/master`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
  } catch (cause) {
    throw new KeywardError(
      'KEYCLOAK_UNAVAILABLE',
      `The Keycloak at ${url} does not answer: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  return { url, adminUsername, adminPassword, backend: 'external', stop: async () => undefined };
}
