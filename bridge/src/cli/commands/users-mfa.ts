import { adminConnectionFromEnv, connectAdmin } from '../../keycloak/admin/connection.js';
import {
  findUser,
  PER_USER_MFA_ATTRIBUTE,
  type PerUserMfaState,
  perUserMfaStateOf,
  setPerUserMfaState,
} from '../../keycloak/admin/users.js';
import { CliExit, EXIT, type OutputFormat, printRows } from '../output.js';

/** Per-user MFA states as `keyward users mfa set` accepts them (SPEC §3.2). */
export const PER_USER_MFA_STATES: readonly PerUserMfaState[] = ['disabled', 'enabled', 'enforced'];

/** Options of `keyward users mfa get|set`. */
export interface UsersMfaOptions {
  realm: string;
  keycloakUrl: string;
  output: OutputFormat;
}

/** `keyward users mfa get USER`: the user's per-user MFA state. */
export async function usersMfaGetCommand(user: string, options: UsersMfaOptions): Promise<void> {
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const found = await findUser(client, options.realm, user);
  const full = (await client.users.findOne({ realm: options.realm, id: String(found.id) })) ?? found;
  printRows(
    options.output,
    [{ user: full.username, perUserMfaState: perUserMfaStateOf(full) }],
    ['user', 'perUserMfaState'],
  );
}

/**
 * `keyward users mfa set USER STATE`: changes the per-user MFA state and reads it back, failing (exit 1) when
 * Keycloak did not keep it — which happens when the realm's user profile does not declare the attribute yet.
 */
export async function usersMfaSetCommand(
  user: string,
  state: string,
  options: UsersMfaOptions,
): Promise<void> {
  if (!PER_USER_MFA_STATES.includes(state as PerUserMfaState)) {
    throw new CliExit(
      EXIT.invalid,
      `error: '${state}' is not a per-user MFA state; use one of ${PER_USER_MFA_STATES.join(', ')}.`,
    );
  }
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const { previous } = await setPerUserMfaState(client, options.realm, user, state as PerUserMfaState);
  const found = await findUser(client, options.realm, user);
  const stored = await client.users.findOne({ realm: options.realm, id: String(found.id) });
  const current = stored ? perUserMfaStateOf(stored) : previous;
  if (current !== state) {
    throw new CliExit(
      EXIT.failure,
      `error: Keycloak did not keep the state of '${user}' (it is still ${current}): realm '${options.realm}' ` +
        `does not declare the user attribute '${PER_USER_MFA_ATTRIBUTE}'; run keyward apply on the realm first.`,
    );
  }
  printRows(
    options.output,
    [{ user: found.username, previous, perUserMfaState: current }],
    ['user', 'previous', 'perUserMfaState'],
  );
}
