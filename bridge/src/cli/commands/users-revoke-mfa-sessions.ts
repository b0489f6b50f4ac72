import { adminConnectionFromEnv, connectAdmin } from '../../keycloak/admin/connection.js';
import { revokeMfaSessions } from '../../keycloak/admin/mfa-sessions.js';
import { type OutputFormat, printRows } from '../output.js';

/** Options of `keyward users revoke-mfa-sessions`. */
export interface UsersRevokeMfaSessionsOptions {
  realm: string;
  keycloakUrl: string;
  output: OutputFormat;
}

/**
 * `keyward users revoke-mfa-sessions USER`: every remember-MFA mark of the user stops counting; prints the new MFA
 * session version. Fails (exit 1) when Keycloak did not keep it (the realm's user profile lacks the attribute).
 */
export async function usersRevokeMfaSessionsCommand(
  user: string,
  options: UsersRevokeMfaSessionsOptions,
): Promise<void> {
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const revoked = await revokeMfaSessions(client, options.realm, user);
  printRows(
    options.output,
    [{ user: revoked.username, mfaSessionVersion: revoked.mfaSessionVersion }],
    ['user', 'mfaSessionVersion'],
  );
}
