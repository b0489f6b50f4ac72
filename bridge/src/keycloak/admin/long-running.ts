import KcAdminClient from '@keycloak/keycloak-admin-client';
import type { AdminConnection } from './connection.js';
import { AdminSession } from './session.js';

/**
 * An admin client for commands that run longer than an admin token lives (master's: 60 s) — bulk imports,
 * reports over large realms: every request takes its token from an {@link AdminSession}, which signs in again
 * shortly before the token expires.
 */
export async function connectAdminForLongRun(connection: AdminConnection): Promise<KcAdminClient> {
  const session = new AdminSession(connection);
  const client = await session.client();
  client.registerTokenProvider({
    getAccessToken: async () => (await session.client()).accessToken,
  });
  return client;
}

/**
 * An admin client whose every request takes the token of whatever client `signedIn` hands out now — for a route
 * handler whose work (a report over a large realm) outlasts one admin token of the bridge's session.
 */
export async function renewingClient(signedIn: () => Promise<KcAdminClient>): Promise<KcAdminClient> {
  const current = await signedIn();
  const client = new KcAdminClient({ baseUrl: current.baseUrl, realmName: current.realmName });
  client.registerTokenProvider({ getAccessToken: async () => (await signedIn()).accessToken });
  return client;
}
