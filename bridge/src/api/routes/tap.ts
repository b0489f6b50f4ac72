/**
 * `…/users/{user}/authentication/temporaryAccessPassMethods` (SPEC §4, §6): issue, show and delete a user's
 * Temporary Access Pass through the Keyward extension's endpoint (`keycloak/admin/tap.ts`). The pass is in the
 * POST's answer and nowhere else: not in any other answer, not in a log line, not in an error.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';
import {
  deleteTemporaryAccessPass as deletePass,
  getTemporaryAccessPass as getPass,
  issueTemporaryAccessPass as issuePass,
  type TemporaryAccessPass,
  TemporaryAccessPassError,
  type TemporaryAccessPassRequest,
} from '../../keycloak/admin/tap.js';
import { findUser } from '../../keycloak/admin/users.js';
import { type ErrorDetail, RequestError } from '../errors.js';
import { collection } from '../views.js';
import { ok, type RouteContext, type RouteHandler } from './context.js';

/** The metadata members an answer may carry, in Graph's order; anything else Keycloak sends is dropped. */
const METADATA_KEYS = [
  'id',
  'createdDateTime',
  'createdBy',
  'startDateTime',
  'endDateTime',
  'lifetimeInMinutes',
  'isUsableOnce',
  'length',
  'isUsable',
  'methodUsabilityReason',
  'lastUsedDateTime',
] as const satisfies readonly (keyof TemporaryAccessPass)[];

/**
 * A pass's metadata as the API shows it: only the listed members, so that the pass itself (or anything Keycloak
 * might add one day) cannot slip into an answer other than the issue's.
 */
export function temporaryAccessPassView(pass: TemporaryAccessPass): TemporaryAccessPass {
  const view: Record<string, unknown> = {};
  for (const key of METADATA_KEYS) if (pass[key] !== undefined) view[key] = pass[key];
  // Keycloak leaves out a last use that never happened; the API always answers the member, as null.
  view.lastUsedDateTime = pass.lastUsedDateTime ?? null;
  return view as unknown as TemporaryAccessPass;
}

/**
 * Keycloak's refusal as the API answers it (SPEC §6): out of policy or outside the targets is 422
 * `invalidRequest` with details (Keycloak's reason as each detail's code), a TAP the policy does not enable is
 * 409 `notAllowed`, an unknown user 404. Keycloak refusing the bridge's own service account is the bridge's
 * problem, not the caller's: 502, never the caller's 401/403.
 */
export function temporaryAccessPassRefusal(error: unknown): unknown {
  if (!(error instanceof TemporaryAccessPassError)) return error;
  switch (error.code) {
    case 'INVALID_REQUEST':
    case 'INVALID_ARGUMENT': {
      const details: ErrorDetail[] = error.details.map(({ code, target, message }) => ({
        code,
        target,
        message,
      }));
      if (details.length === 0) {
        details.push({
          code: error.reason,
          target: error.reason === 'userNotInTargets' ? 'user' : '',
          message: error.message,
        });
      }
      return new RequestError(error.code, error.message, { details, cause: error });
    }
    case 'NOT_ALLOWED':
    case 'USER_NOT_FOUND':
      return new KeywardError(error.code, error.message, { cause: error });
    case 'UNAUTHENTICATED':
    case 'ACCESS_DENIED':
      return new KeywardError(
        'KEYCLOAK_REQUEST_FAILED',
        `Keycloak refused the bridge's service account the Temporary Access Pass endpoint (HTTP ${error.status}); ` +
          'provision the bridge for this realm again (keyward provision-bridge).',
        { cause: error },
      );
    default:
      return error;
  }
}

/** Runs one adapter call with the user resolved, mapping Keycloak's refusals. */
async function forUser<T>(
  { principal, params, keycloak }: RouteContext,
  call: (client: KcAdminClient, userId: string) => Promise<T>,
): Promise<T> {
  const client = await keycloak();
  const user = await findUser(client, principal.realm, String(params.user));
  try {
    return await call(client, String(user.id));
  } catch (error) {
    throw temporaryAccessPassRefusal(error);
  }
}

/** `POST …/temporaryAccessPassMethods`: 201 with the pass, the only time it is ever shown. */
export const createTemporaryAccessPass: RouteHandler = async (context) => {
  const { principal, body, log } = context;
  const request = (body ?? {}) as TemporaryAccessPassRequest;
  const issued = await forUser(context, (client, id) => issuePass(client, principal.realm, id, request));
  const metadata = temporaryAccessPassView(issued);
  // Metadata only: the pass never reaches a log line.
  log.info(
    {
      realm: principal.realm,
      user: String(context.params.user),
      passId: metadata.id,
      startDateTime: metadata.startDateTime,
      endDateTime: metadata.endDateTime,
      isUsableOnce: metadata.isUsableOnce,
      subject: principal.subject,
    },
    'temporary access pass issued',
  );
  return { status: 201, body: { ...metadata, temporaryAccessPass: issued.temporaryAccessPass } };
};

/** `GET …/temporaryAccessPassMethods`: `{value: [metadata]}`, empty without a pass; never the pass. */
export const listTemporaryAccessPasses: RouteHandler = async (context) => {
  const pass = await forUser(context, (client, id) => getPass(client, context.principal.realm, id));
  return ok(collection(pass ? [temporaryAccessPassView(pass)] : []));
};

/** `DELETE …/temporaryAccessPassMethods`: 204; 404 when the user has no pass. */
export const deleteTemporaryAccessPass: RouteHandler = async (context) => {
  const { principal, params, log } = context;
  const deleted = await forUser(context, (client, id) => deletePass(client, principal.realm, id));
  if (!deleted) {
    throw new KeywardError(
      'NOT_FOUND',
      `User '${String(params.user)}' has no Temporary Access Pass in realm '${principal.realm}'.`,
    );
  }
  log.info(
    { realm: principal.realm, user: String(params.user), subject: principal.subject },
    'temporary access pass deleted',
  );
  return { status: 204 };
};
