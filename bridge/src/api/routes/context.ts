import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';

/** What a route handler gets: the verified caller, the validated request, and the way to Keycloak. */
export interface RouteContext {
  /** The caller; `principal.realm` is the realm every handler acts on. */
  principal: Principal;
  /** Path parameters, validated and coerced by the OpenAPI document. */
  params: Record<string, unknown>;
  /** Query parameters, validated and coerced, with defaults filled. */
  query: Record<string, unknown>;
  /** The parsed and validated JSON body, or the raw text for operations that read `text`. */
  body: unknown;
  /** The bridge's service account, signed in. */
  keycloak: () => Promise<KcAdminClient>;
  log: Logger;
}

/** What a handler answers: a status and a JSON body (none for 204). */
export interface RouteResult {
  status: number;
  body?: unknown;
}

/** A route handler: does the IO through adapters and shapes the answer with pure functions. */
export type RouteHandler = (context: RouteContext) => Promise<RouteResult>;

/** A 200 with a body. */
export const ok = (body: unknown): RouteResult => ({ status: 200, body });
