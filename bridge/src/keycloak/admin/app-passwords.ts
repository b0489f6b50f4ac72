/**
 * The app-password endpoint of Keyward's Keycloak extension, `/realms/{realm}/keyward/users/{userId}/appPasswords`
 * (list, create, delete; SPEC §5). Keycloak enforces who may have app passwords and stores only a slow hash; this
 * adapter only carries requests and maps refusals to Keyward errors.
 */
import { KeywardError, type KeywardErrorCode } from '../../errors.js';
import { type KeywardResourceClient, keywardUserUrl, sendToKeywardResource } from './keyward-resource.js';

/** An app password as it is listed: names and dates only. */
export interface AppPassword {
  /** Keycloak's credential id. */
  id: string;
  /** The name the user chose: 1..64 characters, unique per user (ignoring case). */
  displayName: string;
  /** ISO 8601 in UTC. */
  createdDateTime: string;
}

/** An app password just created: the only time the password itself is ever returned. */
export interface CreatedAppPassword extends AppPassword {
  /** Five groups of four characters from `23456789ABCDEFGHJKMNPQRSTUVWXYZ`, e.g. `K7QM-2XRT-9HPA-WN4C-D8FJ`. */
  password: string;
}

/** One problem Keycloak found with a request, placed by a JSON pointer into the request body (or `user`). */
export interface AppPasswordProblem {
  code: string;
  target: string;
  message: string;
}

/**
 * Keycloak refused an app-password request. `code` is for `switch`: `INVALID_ARGUMENT` (400, malformed request),
 * `INVALID_REQUEST` (422: a bad name, or a user who may not have app passwords — not `enforced`, or privileged),
 * `NOT_ALLOWED` (409: the realm does not allow app passwords, the user has 40 already, or the name is taken),
 * `NOT_FOUND` (404, no such app password), `USER_NOT_FOUND` (404), `UNAUTHENTICATED` (401), `ACCESS_DENIED` (403),
 * `KEYCLOAK_REQUEST_FAILED` (anything else). `reason` is Keycloak's own code, e.g. `tooManyAppPasswords`.
 */
export class AppPasswordError extends KeywardError {
  override name = 'AppPasswordError';
  readonly status: number;
  readonly reason: string;
  readonly details: readonly AppPasswordProblem[];

  constructor(
    code: KeywardErrorCode,
    message: string,
    options: { status: number; reason: string; details?: readonly AppPasswordProblem[] },
  ) {
    super(code, message);
    this.status = options.status;
    this.reason = options.reason;
    this.details = options.details ?? [];
  }
}

/** How to reach Keycloak: as for the TAP, an admin client or `{ baseUrl, getAccessToken }`. */
export type AppPasswordClient = KeywardResourceClient;

/** The user's app passwords, oldest first: names and dates, never a password. */
export async function listAppPasswords(
  client: AppPasswordClient,
  realm: string,
  userId: string,
): Promise<AppPassword[]> {
  const response = await send(client, realm, userId, 'GET');
  return ((await response.json()) as AppPassword[]).map(appPasswordView);
}

/**
 * Creates an app password named `displayName` for the user. Keycloak checks the realm's policy and the user (SPEC §5)
 * and refuses with an {@link AppPasswordError}. Show the returned `password` once and do not keep it.
 */
export async function createAppPassword(
  client: AppPasswordClient,
  realm: string,
  userId: string,
  request: { displayName: string },
): Promise<CreatedAppPassword> {
  const response = await send(client, realm, userId, 'POST', undefined, request);
  const created = (await response.json()) as CreatedAppPassword;
  return { ...appPasswordView(created), password: created.password };
}

/** Deletes one app password of the user; `false` when the user has none with that id. */
export async function deleteAppPassword(
  client: AppPasswordClient,
  realm: string,
  userId: string,
  id: string,
): Promise<boolean> {
  if (!id) throw new TypeError('id must be an app password id');
  const response = await send(client, realm, userId, 'DELETE', id);
  await response.body?.cancel();
  return response.status !== 404;
}

/** Only the listed members: nothing else Keycloak might send can slip into an answer. */
export function appPasswordView(appPassword: AppPassword): AppPassword {
  return {
    id: appPassword.id,
    displayName: appPassword.displayName,
    createdDateTime: appPassword.createdDateTime,
  };
}

/** The endpoint of one user's app passwords, or of one of them. */
export function appPasswordsUrl(baseUrl: string, realm: string, userId: string, id?: string): URL {
  return id === undefined
    ? keywardUserUrl(baseUrl, realm, userId, 'appPasswords')
    : keywardUserUrl(baseUrl, realm, userId, 'appPasswords', id);
}

/** Sends one request; the 404 of an unknown app password is answered, every other refusal is thrown. */
async function send(
  client: AppPasswordClient,
  realm: string,
  userId: string,
  method: 'GET' | 'POST' | 'DELETE',
  id?: string,
  body?: unknown,
): Promise<Response> {
  if (!userId) throw new TypeError('userId must be a Keycloak user id');
  return sendToKeywardResource(client, appPasswordsUrl(client.baseUrl, realm, userId, id), {
    method,
    body,
    realm,
    endpoint: 'app-password',
    refusal: (code, message, options) => new AppPasswordError(code, message, options),
  });
}
