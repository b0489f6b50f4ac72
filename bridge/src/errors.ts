/** Stable codes that callers `switch` on; the CLI maps them to exit codes. */
export type KeywardErrorCode =
  | 'INVALID_DOCUMENT'
  | 'INVALID_ARGUMENT'
  | 'KEYCLOAK_UNAVAILABLE'
  | 'KEYCLOAK_REQUEST_FAILED'
  | 'JDK_NOT_FOUND'
  | 'KEYCLOAK_FETCH_FAILED'
  | 'KEYCLOAK_START_FAILED'
  | 'REALM_NOT_FOUND'
  | 'PLAN_REFUSED'
  | 'APPLY_LOCKED'
  | 'USER_NOT_FOUND'
  | 'NOT_FOUND'
  | 'NOT_ALLOWED'
  | 'INVALID_REQUEST'
  | 'UNAUTHENTICATED'
  | 'INVALID_TOKEN'
  | 'ACCESS_DENIED'
  | 'RATE_LIMITED';

/** Base class of every error Keyward raises on purpose. */
export class KeywardError extends Error {
  override name = 'KeywardError';
  readonly code: KeywardErrorCode;

  constructor(code: KeywardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
