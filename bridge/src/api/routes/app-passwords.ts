/**
 * `/v1/me/appPasswords` (SPEC §5, §6): the signed-in user lists, creates and deletes their own app passwords through
 * the Keyward extension's endpoint (`keycloak/admin/app-passwords.ts`), as the bridge's service account. The user is
 * the token's subject and nothing else: no route takes a user from the request. The password is in the POST's
 * answer and nowhere else: not in any other answer, not in a log line, not in an error.
 */
import { KeywardError } from '../../errors.js';
import {
  AppPasswordError,
  appPasswordView,
  createAppPassword,
  deleteAppPassword,
  listAppPasswords,
} from '../../keycloak/admin/app-passwords.js';
import { type ErrorDetail, RequestError } from '../errors.js';
import { collection } from '../views.js';
import { ok, type RouteContext, type RouteHandler } from './context.js';
import { ownUserId } from './me.js';

/**
 * Keycloak's refusal as the API answers it (SPEC §6): a bad name or a user who may not have app passwords is 422
 * `invalidRequest`; app passwords not allowed in the realm, 40 already, or a name in use is 409 `notAllowed` — each
 * with Keycloak's reason as the detail's code. Keycloak refusing the bridge's own service account is the bridge's
 * problem, not the caller's: 502.
 */
export function appPasswordRefusal(error: unknown): unknown {
  if (!(error instanceof AppPasswordError)) return error;
  switch (error.code) {
    case 'INVALID_REQUEST':
    case 'INVALID_ARGUMENT':
    case 'NOT_ALLOWED': {
      const details: ErrorDetail[] = error.details.map(({ code, target, message }) => ({
        code,
        target,
        message,
      }));
      if (details.length === 0) details.push({ code: error.reason, target: '', message: error.message });
      return new RequestError(error.code, error.message, { details, cause: error });
    }
    case 'USER_NOT_FOUND':
      return new KeywardError(error.code, error.message, { cause: error });
    case 'UNAUTHENTICATED':
    case 'ACCESS_DENIED':
      return new KeywardError(
        'KEYCLOAK_REQUEST_FAILED',
        `Keycloak refused the bridge's service account the app-password endpoint (HTTP ${error.status}); ` +
          'provision the bridge for this realm again (keyward provision-bridge).',
        { cause: error },
      );
    default:
      return error;
  }
}

/** Runs one adapter call for the token's own user, mapping Keycloak's refusals. */
async function forMe<T>(
  { principal, keycloak }: RouteContext,
  call: (client: Awaited<ReturnType<RouteContext['keycloak']>>, userId: string) => Promise<T>,
): Promise<T> {
  const client = await keycloak();
  const userId = await ownUserId(client, principal);
  try {
    return await call(client, userId);
  } catch (error) {
    throw appPasswordRefusal(error);
  }
}

/** `GET /v1/me/appPasswords`: `{value: [{id, displayName, createdDateTime}]}`, oldest first. */
export const listMyAppPasswords: RouteHandler = async (context) => {
  const all = await forMe(context, (client, id) => listAppPasswords(client, context.principal.realm, id));
  return ok(collection(all.map(appPasswordView)));
};

/** `POST /v1/me/appPasswords`: 201 with the password, the only time it is ever shown. */
export const createMyAppPassword: RouteHandler = async (context) => {
  const { principal, log } = context;
  const { displayName } = context.body as { displayName: string };
  const created = await forMe(context, (client, id) =>
    createAppPassword(client, principal.realm, id, { displayName }),
  );
  // Metadata only: the password never reaches a log line.
  log.info(
    { realm: principal.realm, subject: principal.subject, appPasswordId: created.id },
    'app password created',
  );
  return { status: 201, body: { ...appPasswordView(created), password: created.password } };
};

/** `DELETE /v1/me/appPasswords/{id}`: 204; 404 when the caller has no app password with that id. */
export const deleteMyAppPassword: RouteHandler = async (context) => {
  const { principal, params, log } = context;
  const id = String(params.id);
  const deleted = await forMe(context, (client, userId) =>
    deleteAppPassword(client, principal.realm, userId, id),
  );
  if (!deleted) throw new KeywardError('NOT_FOUND', `You have no app password with id '${id}'.`);
  log.info({ realm: principal.realm, subject: principal.subject, appPasswordId: id }, 'app password deleted');
  return { status: 204 };
};
