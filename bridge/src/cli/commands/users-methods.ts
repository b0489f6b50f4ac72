import { KeywardError } from '../../errors.js';
import { adminConnectionFromEnv, connectAdmin } from '../../keycloak/admin/connection.js';
import {
  deleteAuthenticationMethod,
  listAuthenticationMethods,
  requireReregistration,
} from '../../keycloak/admin/methods.js';
import { findUser } from '../../keycloak/admin/users.js';
import { CliExit, EXIT, type OutputFormat, printRows } from '../output.js';

/** Options of `keyward users methods list|delete|reset`. */
export interface UsersMethodsOptions {
  realm: string;
  keycloakUrl: string;
  output: OutputFormat;
}

const METHOD_COLUMNS = ['id', 'methodType', 'displayName', 'createdDateTime', 'keycloakCredentialType'];

async function connectAndFind(user: string, options: UsersMethodsOptions) {
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const found = await findUser(client, options.realm, user);
  return { client, userId: String(found.id), username: String(found.username) };
}

/** `keyward users methods list USER`: the user's registered methods, the default first, password included. */
export async function usersMethodsListCommand(user: string, options: UsersMethodsOptions): Promise<void> {
  const { client, userId } = await connectAndFind(user, options);
  const methods = await listAuthenticationMethods(client, options.realm, userId);
  printRows(options.output, methods as unknown as Record<string, unknown>[], METHOD_COLUMNS);
}

/**
 * `keyward users methods delete USER ID`: removes one method (never the password). An id the user does not have,
 * or the password's, exits with 2 and says why.
 */
export async function usersMethodsDeleteCommand(
  user: string,
  id: string,
  options: UsersMethodsOptions,
): Promise<void> {
  const { client, userId, username } = await connectAndFind(user, options);
  const removed = await deleteAuthenticationMethod(client, options.realm, userId, id).catch(
    (error: unknown) => {
      if (error instanceof KeywardError && (error.code === 'NOT_FOUND' || error.code === 'NOT_ALLOWED')) {
        throw new CliExit(EXIT.invalid, `error: ${error.message}`);
      }
      throw error;
    },
  );
  printRows(options.output, [{ user: username, removed: true, ...removed }], ['user', ...METHOD_COLUMNS]);
}

/**
 * `keyward users methods reset USER`: "require re-register MFA" — every MFA method removed, remember-MFA marks
 * void; the user registers again at the next sign-in that requires MFA.
 */
export async function usersMethodsResetCommand(user: string, options: UsersMethodsOptions): Promise<void> {
  const { client, userId, username } = await connectAndFind(user, options);
  const result = await requireReregistration(client, options.realm, userId);
  const row = {
    user: username,
    removed: result.removed.map((method) => `${method.methodType}:${method.id}`),
    mfaSessionVersion: result.mfaSessionVersion,
  };
  if (options.output === 'json') {
    process.stdout.write(`${JSON.stringify({ user: username, ...result }, null, 2)}\n`);
    return;
  }
  printRows(options.output, [row], ['user', 'removed', 'mfaSessionVersion']);
}
