/**
 * Keyward's realm REST resource in Keycloak, `/realms/{realm}/keyward/...` (the TAP and app-password endpoints):
 * one request with the admin client's token, and Keycloak's refusals mapped to Keyward error codes. The feature
 * modules (`tap.ts`, `app-passwords.ts`) wrap it with their own URL and error class.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError, type KeywardErrorCode } from '../../errors.js';

/**
 * How to reach Keycloak: a `KcAdminClient` signed in as an admin who may manage the user, or any object with the
 * same two members, e.g. `{ baseUrl, getAccessToken: async () => token }` for a token of the realm's
 * `keyward-admin`.
 */
export type KeywardResourceClient = Pick<KcAdminClient, 'baseUrl' | 'getAccessToken'>;

/** One problem Keycloak found with a request, placed by a JSON pointer into the request body (or `user`). */
export interface KeywardResourceProblem {
  code: string;
  target: string;
  message: string;
}

/** Builds the feature's error from a refusal: `status` is Keycloak's, `reason` its own code (or `http<status>`). */
export type KeywardResourceRefusal = (
  code: KeywardErrorCode,
  message: string,
  options: { status: number; reason: string; details?: readonly KeywardResourceProblem[] },
) => KeywardError;

/** The URL of `path` (segments, each encoded) under one user of Keyward's realm resource. */
export function keywardUserUrl(baseUrl: string, realm: string, userId: string, ...path: string[]): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const segments = ['realms', realm, 'keyward', 'users', userId, ...path];
  return new URL(segments.map(encodeURIComponent).join('/'), base);
}

interface KeycloakErrorBody {
  error?: { code?: string; message?: string; details?: KeywardResourceProblem[] };
}

const CODE_OF_STATUS: Record<number, KeywardErrorCode> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  409: 'NOT_ALLOWED',
  422: 'INVALID_REQUEST',
};

/**
 * Sends one request to `url` with the client's token; answers with the response when it succeeded, or when it is
 * Keycloak's 404 `notFound` (the caller decides what that means). A Keycloak that does not answer is
 * `KEYCLOAK_UNAVAILABLE`; every other refusal becomes the error `refusal` builds (`endpoint` names the endpoint
 * when the realm or the extension is missing).
 */
export async function sendToKeywardResource(
  client: KeywardResourceClient,
  url: URL,
  request: {
    method: 'GET' | 'POST' | 'DELETE';
    body?: unknown;
    realm: string;
    endpoint: string;
    refusal: KeywardResourceRefusal;
  },
): Promise<Response> {
  const { method, body, realm, endpoint, refusal } = request;
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
    throw refusal(
      'KEYCLOAK_REQUEST_FAILED',
      `Keycloak at ${client.baseUrl} has no Keyward ${endpoint} endpoint for realm '${realm}' (is the Keyward extension installed, and does the realm exist?).`,
      { status: 404, reason },
    );
  }
  const code: KeywardErrorCode =
    response.status === 404
      ? 'USER_NOT_FOUND'
      : (CODE_OF_STATUS[response.status] ?? 'KEYCLOAK_REQUEST_FAILED');
  const message = error?.message ?? `Keycloak answered HTTP ${response.status} to ${method} ${url.pathname}.`;
  throw refusal(code, message, {
    status: response.status,
    reason,
    details: error?.details ?? [],
  });
}
