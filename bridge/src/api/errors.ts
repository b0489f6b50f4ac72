import { NetworkError } from '@keycloak/keycloak-admin-client';
import { KeywardError, type KeywardErrorCode } from '../errors.js';

/** One problem with a request, placed by a JSON pointer into the request body (Graph's error details). */
export interface ErrorDetail {
  /** Stable id of the rule broken, e.g. `enum`, `required`, `unknown-key`, `mutual-exclusion`. */
  code: string;
  /**
   * RFC 6901 pointer into the request body (`''` for the body itself); for a path or query parameter, its
   * name.
   */
  target: string;
  message: string;
}

/** The error body of SPEC §6. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: ErrorDetail[];
    innerError?: { 'request-id': string; date: string };
  };
}

/** A KeywardError with details, for requests the API refuses with a list of problems. */
export class RequestError extends KeywardError {
  override name = 'RequestError';
  readonly details: readonly ErrorDetail[];

  constructor(
    code: KeywardErrorCode,
    message: string,
    options: { details?: readonly ErrorDetail[]; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.details = options.details ?? [];
  }
}

/** The HTTP status and Graph-style error code each Keyward error code answers with. */
const HTTP_ERRORS: Record<KeywardErrorCode, { status: number; code: string }> = {
  INVALID_ARGUMENT: { status: 400, code: 'badRequest' },
  INVALID_REQUEST: { status: 422, code: 'invalidRequest' },
  INVALID_DOCUMENT: { status: 422, code: 'invalidDocument' },
  UNAUTHENTICATED: { status: 401, code: 'unauthenticated' },
  INVALID_TOKEN: { status: 401, code: 'invalidAuthenticationToken' },
  ACCESS_DENIED: { status: 403, code: 'accessDenied' },
  NOT_FOUND: { status: 404, code: 'itemNotFound' },
  USER_NOT_FOUND: { status: 404, code: 'itemNotFound' },
  REALM_NOT_FOUND: { status: 404, code: 'itemNotFound' },
  NOT_ALLOWED: { status: 409, code: 'notAllowed' },
  PLAN_REFUSED: { status: 409, code: 'planRefused' },
  APPLY_LOCKED: { status: 409, code: 'conflict' },
  RATE_LIMITED: { status: 429, code: 'tooManyRequests' },
  KEYCLOAK_UNAVAILABLE: { status: 503, code: 'serviceNotAvailable' },
  KEYCLOAK_REQUEST_FAILED: { status: 502, code: 'keycloakRequestFailed' },
  JDK_NOT_FOUND: { status: 500, code: 'generalException' },
  KEYCLOAK_FETCH_FAILED: { status: 500, code: 'generalException' },
  KEYCLOAK_START_FAILED: { status: 500, code: 'generalException' },
};

/** What the client is told about an error, and whether the server should log it as its own fault. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** 5xx: the bridge's or Keycloak's fault, logged with its stack; 4xx are the caller's and logged briefly. */
  serverFault: boolean;
}

/**
 * Maps anything thrown by a route to the response of SPEC §6. KeywardErrors keep their message; a failed
 * Keycloak admin request becomes a 502 (or the 404 Keycloak answered); anything else is a 500 whose message
 * says nothing about the bug, so internals never reach a client.
 */
export function errorResponse(error: unknown, requestId: string, now: Date = new Date()): ErrorResponse {
  const innerError = { 'request-id': requestId, date: now.toISOString() };
  if (error instanceof KeywardError) {
    const { status, code } = HTTP_ERRORS[error.code];
    const details =
      error instanceof RequestError && error.details.length > 0 ? [...error.details] : undefined;
    return {
      status,
      body: { error: { code, message: error.message, ...(details ? { details } : {}), innerError } },
      serverFault: status >= 500,
    };
  }
  if (error instanceof NetworkError) {
    const notFound = error.response.status === 404;
    return {
      status: notFound ? 404 : 502,
      body: {
        error: {
          code: notFound ? 'itemNotFound' : 'keycloakRequestFailed',
          message: notFound
            ? 'Keycloak has no such item.'
            : `Keycloak refused the request (HTTP ${error.response.status}).`,
          innerError,
        },
      },
      serverFault: !notFound,
    };
  }
  const httpStatus = (error as { status?: unknown; type?: unknown }).status;
  if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
    // body-parser's errors (malformed JSON, too large, unsupported charset) carry a status and a safe message.
    return {
      status: httpStatus,
      body: {
        error: {
          code: 'badRequest',
          message: `The request body cannot be read: ${(error as Error).message}`,
          innerError,
        },
      },
      serverFault: false,
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'generalException',
        message: 'The bridge failed to handle the request; its log has the details under this request id.',
        innerError,
      },
    },
    serverFault: true,
  };
}
