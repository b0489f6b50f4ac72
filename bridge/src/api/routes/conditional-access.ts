import type { DevicePlatform } from '../../evaluate/platform.js';
import { readAppliedPolicy } from '../../keycloak/admin/applied-policy.js';
import { whatIf } from '../../keycloak/admin/what-if.js';
import { conditionalAccessPolicies, namedLocations, whatIfView } from '../views.js';
import { ok, type RouteHandler } from './context.js';

/** `GET /v1/identity/conditionalAccess/policies`: from the applied document; empty before any. */
export const listConditionalAccessPolicies: RouteHandler = async ({ principal, keycloak }) =>
  ok(conditionalAccessPolicies(await readAppliedPolicy(await keycloak(), principal.realm)));

/** `GET /v1/identity/conditionalAccess/namedLocations`: from the applied document; empty before any. */
export const listNamedLocations: RouteHandler = async ({ principal, keycloak }) =>
  ok(namedLocations(await readAppliedPolicy(await keycloak(), principal.realm)));

/** The body of `POST …/evaluate`, as the OpenAPI schema `WhatIfSignIn` has validated it. */
interface WhatIfSignIn {
  user: string;
  clientId: string;
  ipAddress: string;
  clientAppType: 'browser' | 'other';
  devicePlatform?: DevicePlatform | null;
  userAgent?: string;
  hasRememberMfaMark: boolean;
}

/** `POST /v1/identity/conditionalAccess/evaluate`: what-if for one sign-in, as `keyward whatif`. */
export const evaluateSignIn: RouteHandler = async ({ principal, body, keycloak }) => {
  const signIn = body as WhatIfSignIn;
  const result = await whatIf(await keycloak(), principal.realm, {
    user: signIn.user,
    clientId: signIn.clientId,
    ip: signIn.ipAddress,
    clientAppType: signIn.clientAppType,
    ...(signIn.devicePlatform !== undefined ? { platform: signIn.devicePlatform } : {}),
    ...(signIn.userAgent !== undefined ? { userAgent: signIn.userAgent } : {}),
    hasRememberMfaMark: signIn.hasRememberMfaMark,
  });
  return ok(whatIfView(result));
};
