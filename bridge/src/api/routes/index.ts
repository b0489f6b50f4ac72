/**
 * Every operation's handler, by operationId. Adding a route: describe the operation in
 * `openapi/document.ts` (its id in OPERATION_IDS), write the handler here; `tsc` fails until both exist.
 */
import type { OperationId } from '../openapi/document.js';
import { createMyAppPassword, deleteMyAppPassword, listMyAppPasswords } from './app-passwords.js';
import { evaluateSignIn, listConditionalAccessPolicies, listNamedLocations } from './conditional-access.js';
import type { RouteHandler } from './context.js';
import { listMyAuthenticationMethods, revokeMySignInSessions } from './me.js';
import { getPolicy, setPolicy } from './policy.js';
import { listSignIns, listUserRegistrationDetails } from './reports.js';
import { createTemporaryAccessPass, deleteTemporaryAccessPass, listTemporaryAccessPasses } from './tap.js';
import {
  deleteAuthenticationMethod,
  getAuthenticationRequirements,
  listAuthenticationMethods,
  revokeMfaSessions,
  revokeSignInSessions,
  updateAuthenticationRequirements,
} from './users.js';

/** The handler of each operation the document lists. */
export const ROUTE_HANDLERS: Readonly<Record<OperationId, RouteHandler>> = {
  getPolicy,
  setPolicy,
  listConditionalAccessPolicies,
  listNamedLocations,
  evaluateSignIn,
  getAuthenticationRequirements,
  updateAuthenticationRequirements,
  listAuthenticationMethods,
  deleteAuthenticationMethod,
  revokeSignInSessions,
  createTemporaryAccessPass,
  listTemporaryAccessPasses,
  deleteTemporaryAccessPass,
  listMyAuthenticationMethods,
  revokeMySignInSessions,
  listMyAppPasswords,
  createMyAppPassword,
  deleteMyAppPassword,
  listUserRegistrationDetails,
  listSignIns,
  revokeMfaSessions,
};
