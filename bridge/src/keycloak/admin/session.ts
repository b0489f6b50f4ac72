import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { decodeJwt } from 'jose';
import { type AdminConnection, connectAdmin } from './connection.js';

/** Sign in again this long before the admin token expires (master's tokens live 60 s by default). */
const RENEW_BEFORE_EXPIRY_MS = 15_000;

/**
 * A long-lived admin connection for a server: hands out a signed-in admin client and signs in again shortly
 * before its token expires. Concurrent callers share one sign-in. Holds no state but the token, so any
 * number of bridge instances can each keep their own.
 */
export class AdminSession {
  readonly #connection: AdminConnection;
  readonly #connect: (connection: AdminConnection) => Promise<KcAdminClient>;
  #current: { client: KcAdminClient; renewAt: number } | undefined;
  #pending: Promise<KcAdminClient> | undefined;

  constructor(
    connection: AdminConnection,
    connect: (connection: AdminConnection) => Promise<KcAdminClient> = connectAdmin,
  ) {
    this.#connection = connection;
    this.#connect = connect;
  }

  /** A signed-in admin client; fails with KEYCLOAK_UNAVAILABLE or KEYCLOAK_REQUEST_FAILED. */
  async client(): Promise<KcAdminClient> {
    if (this.#current && Date.now() < this.#current.renewAt) return this.#current.client;
    this.#pending ??= this.#signIn().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #signIn(): Promise<KcAdminClient> {
    const client = await this.#connect(this.#connection);
    const expiresAt = expiryOf(client.accessToken);
    this.#current = { client, renewAt: expiresAt - RENEW_BEFORE_EXPIRY_MS };
    return client;
  }
}

function expiryOf(token: string | undefined): number {
  if (!token) return 0;
  try {
    const { exp } = decodeJwt(token);
    return exp === undefined ? 0 : exp * 1000;
  } catch {
    // An opaque token: sign in again on every call rather than risk using an expired one.
    return 0;
  }
}
