import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';
import { listAuthenticationMethods, revokeSignInSessions } from '../../keycloak/admin/methods.js';
import type { Principal } from '../auth/principal.js';
import { collection } from '../views.js';
import { ok, type RouteHandler } from './context.js';

/**
 * The caller's own user id. `/v1/me` takes no user from the request at all: the token's subject is the only
 * user these routes can reach.
 */
export async function ownUserId(client: KcAdminClient, principal: Principal): Promise<string> {
  const user = await client.users.findOne({ realm: principal.realm, id: principal.subject });
  if (!user?.id) {
    throw new KeywardError(
      'USER_NOT_FOUND',
      `The token's user no longer exists in realm '${principal.realm}'.`,
    );
  }
  return user.id;
}

/** `GET /v1/me/authentication/methods`. */
export const listMyAuthenticationMethods: RouteHandler = async ({ principal, keycloak }) => {
  const client = await keycloak();
  return ok(
    collection(await listAuthenticationMethods(client, principal.realm, await ownUserId(client, principal))),
  );
};

/** `POST /v1/me/revokeSignInSessions`: signs the caller out everywhere, as Graph's action does. */
export const revokeMySignInSessions: RouteHandler = async ({ principal, keycloak, log }) => {
  const client = await keycloak();
  await revokeSignInSessions(client, principal.realm, await ownUserId(client, principal));
  log.info({ realm: principal.realm, subject: principal.subject }, 'own sessions revoked');
  return ok({ value: true });
};
