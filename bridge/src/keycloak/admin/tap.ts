/**
 * The Temporary Access Pass endpoint of Keyward's Keycloak extension,
 * `/realms/{realm}/keyward/users/{userId}/temporaryAccessPass` (issue, show, delete). Keycloak enforces the TAP
 * policy and stores only a slow hash; this adapter only carries requests and maps refusals to Keyward errors.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError, type KeywardErrorCode } from '../../errors.js';

/** What an admin asks for (Graph's request body plus `length`); omitted members take the realm policy's defaults. */
export interface TemporaryAccessPassRequest {
  /** 10 .. 43,200 and within the policy's minimum and maximum. */
  lifetimeInMinutes?: number;
  /** ISO 8601 with zone, e.g. `2026-01-31T08:00:00Z`; not in the past. Default: now. */
  startDateTime?: string;
  /** Default: the policy's `isUsableOnce`. */
  isUsableOnce?: boolean;
  /** 8 .. 48 characters. Default: the policy's `defaultLength`. */
  length?: number;
}

/** Graph's `methodUsabilityReason`. */
export type TemporaryAccessPassUsability =
  | 'EnabledByPolicy'
  | 'DisabledByPolicy'
  | 'NotYetValid'
  | 'Expired'
  | 'OneTimeUsed';

/**
 * A pass's metadata: Graph's temporaryAccessPassAuthenticationMethod without the pass, plus who created it, when it
 * ends, its length and its last use. Times are ISO 8601 in UTC.
 */
export interface TemporaryAccessPass {
  id: string;
  createdDateTime: string;
  /** The admin's username; `name@master` for an admin of the master realm. */
  createdBy: string;
  startDateTime: string;
  endDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  length: number;
  isUsable: boolean;
  methodUsabilityReason: TemporaryAccessPassUsability;
  lastUsedDateTime: string | null;
}

/** A pass just issued: the only time the pass itself is ever returned. */
export interface IssuedTemporaryAccessPass extends TemporaryAccessPass {
  temporaryAccessPass: string;
}

/** One problem Keycloak found with a request, placed by a JSON pointer into the request body. */
export interface TemporaryAccessPassProblem {
  /** `lifetimeOutOfPolicy`, `lengthOutOfPolicy`, `startDateTimeInPast`, `unknownMember`, `invalidValue`. */
  code: string;
  target: string;
  message: string;
}

/**
 * Keycloak refused a TAP request. `code` is for `switch`: `INVALID_ARGUMENT` (400, malformed request),
 * `INVALID_REQUEST` (422, outside the policy or the user is not among its targets), `NOT_ALLOWED` (409, the
 * policy does not enable the TAP), `USER_NOT_FOUND` (404), `UNAUTHENTICATED` (401), `ACCESS_DENIED` (403),
 * `KEYCLOAK_REQUEST_FAILED` (anything else). `reason` is Keycloak's own code, e.g. `lifetimeOutOfPolicy`.
 */
export class TemporaryAccessPassError extends KeywardError {
  override name = 'TemporaryAccessPassError';
  readonly status: number;
  readonly reason: string;
  readonly details: readonly TemporaryAccessPassProblem[];

  constructor(
    code: KeywardErrorCode,
    message: string,
    options: { status: number; reason: string; details?: readonly TemporaryAccessPassProblem[] },
  ) {
    super(code, message);
    this.status = options.status;
    this.reason = options.reason;
    this.details = options.details ?? [];
  }
}

/**
 * How to reach Keycloak: a `KcAdminClient` signed in as an admin who may manage the user, or any object with the
 * same two members, e.g. `{ baseUrl, getAccessToken: async () => token }` for a token of the realm's
 * `keyward-admin`.
 */
export type TemporaryAccessPassClient = Pick<KcAdminClient, 'baseUrl' | 'getAccessToken'>;

/**
 * Issues a pass for the user with id `userId`, replacing the user's previous one. Keycloak checks the request
 * against the realm's TAP policy and refuses with a {@link TemporaryAccessPassError}. Show the returned
 * `temporaryAccessPass` once and do not keep it: it cannot be read again.
 */
export async function issueTemporaryAccessPass(
  client: TemporaryAccessPassClient,
  realm: string,
  userId: string,
  request: TemporaryAccessPassRequest = {},
): Promise<IssuedTemporaryAccessPass> {
  const response = await send(client, realm, userId, 'POST', request);
  return (await response.json()) as IssuedTemporaryAccessPass;
}

/** The metadata of the user's pass, or `undefined` when the user has none. Never the pass itself. */
export async function getTemporaryAccessPass(
  client: TemporaryAccessPassClient,
  realm: string,
  userId: string,
): Promise<TemporaryAccessPass | undefined> {
  const response = await send(client, realm, userId, 'GET');
  if (response.status === 404) return undefined;
  return (await response.json()) as TemporaryAccessPass;
}

/** Deletes the user's pass; `false` when the user had none. */
export async function deleteTemporaryAccessPass(
  client: TemporaryAccessPassClient,
  realm: string,
  userId: string,
): Promise<boolean> {
  const response = await send(client, realm, userId, 'DELETE');
  await response.body?.cancel();
  return response.status !== 404;
}

/** The endpoint of one user's pass. */
export function temporaryAccessPassUrl(baseUrl: string, realm: string, userId: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(
    `realms/${encodeURIComponent(realm)}/keyward/users/${encodeURIComponent(userId)}/temporaryAccessPass`,
    base,
  );
}

interface KeycloakErrorBody {
  error?: { code?: string; message?: string; details?: TemporaryAccessPassProblem[] };
}

const CODE_OF_STATUS: Record<number, KeywardErrorCode> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  409: 'NOT_ALLOWED',
  422: 'INVALID_REQUEST',
};

/**
 * Sends one request; answers with the response when it succeeded, or when it is the 404 of a user without a pass
 * (the caller decides what that means). Every other refusal becomes a TemporaryAccessPassError.
 */
async function send(
  client: TemporaryAccessPassClient,
  realm: string,
  userId: string,
  method: 'GET' | 'POST' | 'DELETE',
  body?: TemporaryAccessPassRequest,
): Promise<Response> {
  if (!userId) throw new TypeError('userId must be a Keycloak user id');
  const url = temporaryAccessPassUrl(client.baseUrl, realm, userId);
  const token = await client.getAccessToken();
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch (cause) {
    throw new KeywardError('KEYCLOAK_UNAVAILABLE', `Keycloak at ${client.baseUrl} does not answer.`, {
      cause,
    });
  }
  if (response.ok) return response;

  const text = await response.text();
  let error: KeycloakErrorBody['error'];
  try {
    error = (JSON.parse(text) as KeycloakErrorBody).error;
  } catch {
    error = undefined;
  }
  const reason = error?.code ?? `http${response.status}`;
  if (response.status === 404 && reason === 'notFound') return new Response(null, { status: 404 });
  if (response.status === 404 && reason === 'http404') {
    throw new TemporaryAccessPassError(
      'KEYCLOAK_REQUEST_FAILED',
      `Keycloak at ${client.baseUrl} has no Keyward TAP endpoint for realm '${realm}' (is the Keyward extension installed, and does the realm exist?).`,
      { status: 404, reason },
    );
  }
  const code: KeywardErrorCode =
    response.status === 404
      ? 'USER_NOT_FOUND'
      : (CODE_OF_STATUS[response.status] ?? 'KEYCLOAK_REQUEST_FAILED');
  const message = error?.message ?? `Keycloak answered HTTP ${response.status} to ${method} ${url.pathname}.`;
  throw new TemporaryAccessPassError(code, message, {
    status: response.status,
    reason,
    details: error?.details ?? [],
  });
}
