/**
 * The bridge's HTTP API (SPEC §6): an express app built from an OpenAPI 3.1 document, bearer tokens from
 * trusted Keycloak realms, and route handlers over the Keycloak adapters.
 */
export { type AppDependencies, createApp } from './app.js';
export { hasRealmRoles, type Principal, principalFromClaims } from './auth/principal.js';
export {
  bearerToken,
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './auth/token-verifier.js';
export {
  type ApiConfig,
  type ApiSettings,
  apiConfigFromEnv,
  createApiConfig,
  listSetting,
  type TrustedIssuer,
  trustedIssuerOf,
} from './config.js';
export { type ErrorBody, type ErrorDetail, errorResponse, RequestError } from './errors.js';
export { createLogger, REDACTED_PATHS } from './logging.js';
export { type ApiMetrics, createMetrics } from './metrics.js';
export {
  API_OPERATIONS,
  type ApiOperation,
  OPERATION_IDS,
  type OperationId,
  openApiDocument,
} from './openapi/document.js';
export type { OpenApiDocument } from './openapi/types.js';
export { listen, type RunningServer } from './server.js';
