import { renewingClient } from '../../keycloak/admin/long-running.js';
import { registrationReport, signInsReport } from '../../keycloak/admin/reports.js';
import { ok, type RouteHandler } from './context.js';

/**
 * `GET /v1/reports/authenticationMethods/userRegistrationDetails`: the registration report of the realm. A large
 * realm takes longer than one admin token lives, so the requests renew it as they go.
 */
export const listUserRegistrationDetails: RouteHandler = async ({ principal, keycloak }) =>
  ok({ value: await registrationReport(await renewingClient(keycloak), principal.realm) });

/** `GET /v1/auditLogs/signIns`: sign-ins from the realm's stored events, and whether it stores them. */
export const listSignIns: RouteHandler = async ({ principal, query, keycloak }) =>
  ok(await signInsReport(await keycloak(), principal.realm, { top: Number(query.$top ?? 100) }));
