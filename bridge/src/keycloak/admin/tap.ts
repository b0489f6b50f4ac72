/**
 * The Temporary Access Pass endpoint of Keyward's Keycloak extension,
 * `/realms/{realm}/keyward/users/{userId}/temporaryAccessPass` (issue, show, delete). Keycloak enforces the TAP
 * policy and stores only a slow hash; this adapter only carries requests and maps refusals to Keyward errors.
 */
import { KeywardError, type KeywardErrorCode } from '../../errors.js';
import { type KeywardResourceClient, keywardUserUrl, sendToKeywardResource } from './keyward-resource.js';

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

/** How to reach Keycloak: see {@link KeywardResourceClient}. */
export type TemporaryAccessPassClient = KeywardResourceClient;

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
  return keywardUserUrl(baseUrl, realm, userId, 'temporaryAccessPass');
}

/** Sends one request; the 404 of a user without a pass is answered, every other refusal is thrown. */
async function send(
  client: TemporaryAccessPassClient,
  realm: string,
  userId: string,
  method: 'GET' | 'POST' | 'DELETE',
  body?: TemporaryAccessPassRequest,
): Promise<Response> {
  if (!userId) throw new TypeError('userId must be a Keycloak user id');
  return sendToKeywardResource(client, temporaryAccessPassUrl(client.baseUrl, realm, userId), {
    method,
    body,
    realm,
    endpoint: 'TAP',
    refusal: (code, message, options) => new TemporaryAccessPassError(code, message, options),
  });
}
