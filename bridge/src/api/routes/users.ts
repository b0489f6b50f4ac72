import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';
import {
  deleteAuthenticationMethod as deleteMethod,
  listAuthenticationMethods as listMethods,
  revokeSignInSessions as revokeSessions,
} from '../../keycloak/admin/methods.js';
import { revokeMfaSessions as revokeMarks } from '../../keycloak/admin/mfa-sessions.js';
import {
  findUser,
  PER_USER_MFA_ATTRIBUTE,
  type PerUserMfaState,
  perUserMfaStateOf,
  setPerUserMfaState,
} from '../../keycloak/admin/users.js';
import { collection } from '../views.js';
import { ok, type RouteHandler } from './context.js';

async function userId(client: KcAdminClient, realm: string, user: unknown): Promise<string> {
  const found = await findUser(client, realm, String(user));
  return String(found.id);
}

/** `GET /v1/users/{user}/authentication/requirements`. */
export const getAuthenticationRequirements: RouteHandler = async ({ principal, params, keycloak }) => {
  const user = await findUser(await keycloak(), principal.realm, String(params.user));
  return ok({ perUserMfaState: perUserMfaStateOf(user) });
};

/**
 * `PATCH /v1/users/{user}/authentication/requirements`. Reads the user back: Keycloak silently drops an
 * attribute its user profile does not declare, and a state that did not stick must not be reported as set.
 */
export const updateAuthenticationRequirements: RouteHandler = async ({
  principal,
  params,
  body,
  keycloak,
  log,
}) => {
  const client = await keycloak();
  const wanted = (body as { perUserMfaState: PerUserMfaState }).perUserMfaState;
  const { previous } = await setPerUserMfaState(client, principal.realm, String(params.user), wanted);
  const current = perUserMfaStateOf(await findUser(client, principal.realm, String(params.user)));
  if (current !== wanted) {
    throw new KeywardError(
      'KEYCLOAK_REQUEST_FAILED',
      `Keycloak did not store the per-user MFA state: realm '${principal.realm}' must declare the user ` +
        `attribute '${PER_USER_MFA_ATTRIBUTE}' in its user profile (apply the policy document again).`,
    );
  }
  log.info(
    { realm: principal.realm, user: String(params.user), previous, current, subject: principal.subject },
    'per-user MFA state changed',
  );
  return ok({ perUserMfaState: current });
};

/** `GET /v1/users/{user}/authentication/methods`. */
export const listAuthenticationMethods: RouteHandler = async ({ principal, params, keycloak }) => {
  const client = await keycloak();
  return ok(
    collection(
      await listMethods(client, principal.realm, await userId(client, principal.realm, params.user)),
    ),
  );
};

/** `DELETE /v1/users/{user}/authentication/methods/{id}`. */
export const deleteAuthenticationMethod: RouteHandler = async ({ principal, params, keycloak, log }) => {
  const client = await keycloak();
  const id = await userId(client, principal.realm, params.user);
  const removed = await deleteMethod(client, principal.realm, id, String(params.id));
  log.info(
    {
      realm: principal.realm,
      user: String(params.user),
      methodType: removed.methodType,
      subject: principal.subject,
    },
    'authentication method deleted',
  );
  return { status: 204 };
};

/** `POST /v1/users/{user}/revokeSignInSessions`: Graph answers `{ "value": true }`. */
export const revokeSignInSessions: RouteHandler = async ({ principal, params, keycloak, log }) => {
  const client = await keycloak();
  await revokeSessions(client, principal.realm, await userId(client, principal.realm, params.user));
  log.info(
    { realm: principal.realm, user: String(params.user), subject: principal.subject },
    'sessions revoked',
  );
  return ok({ value: true });
};

/**
 * `POST /v1/users/{user}/revokeMfaSessions`: every remember-MFA mark of the user stops counting (the next sign-in on
 * every browser asks for MFA again). Answers `{ "value": true }`, as Graph's actions do.
 */
export const revokeMfaSessions: RouteHandler = async ({ principal, params, keycloak, log }) => {
  const revoked = await revokeMarks(await keycloak(), principal.realm, String(params.user));
  log.info(
    {
      realm: principal.realm,
      user: revoked.username,
      mfaSessionVersion: revoked.mfaSessionVersion,
      subject: principal.subject,
    },
    'MFA sessions revoked',
  );
  return ok({ value: true });
};
