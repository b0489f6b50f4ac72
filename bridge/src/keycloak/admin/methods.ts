import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type CredentialRepresentation from '@keycloak/keycloak-admin-client/lib/defs/credentialRepresentation.js';
import { KeywardError } from '../../errors.js';
import { revokeMfaSessions } from './mfa-sessions.js';

/**
 * What an admin calls a registered method (Graph's authenticationMethod kinds). `fido2` covers passkeys and
 * security keys alike, as in Graph; `displayName` tells them apart.
 */
export type AuthenticationMethodType =
  | 'password'
  | 'softwareOath'
  | 'fido2'
  | 'email'
  | 'recoveryCodes'
  | 'temporaryAccessPass'
  | 'appPassword'
  | 'other';

/** One registered method of a user, named as an admin would name it. */
export interface AuthenticationMethod {
  /** Keycloak's credential id; `DELETE …/methods/{id}` takes it. */
  id: string;
  methodType: AuthenticationMethodType;
  /** The user's own label when there is one, else the method's everyday name. */
  displayName: string;
  /** ISO 8601; absent when Keycloak did not record it. */
  createdDateTime?: string;
  /** Keycloak's credential type, for admins who look the credential up in Keycloak's console. */
  keycloakCredentialType: string;
}

interface KnownCredential {
  methodType: AuthenticationMethodType;
  name: string;
}

/**
 * Keycloak's credential types by the name an admin knows them under. Keyward's own credential types (TAP,
 * app passwords, email codes) join this table, under the method types above, as the extension adds them.
 */
const CREDENTIAL_TYPES: Record<string, KnownCredential> = {
  password: { methodType: 'password', name: 'Password' },
  otp: { methodType: 'softwareOath', name: 'Authenticator app' },
  webauthn: { methodType: 'fido2', name: 'Security key' },
  'webauthn-passwordless': { methodType: 'fido2', name: 'Passkey' },
  'recovery-authn-codes': { methodType: 'recoveryCodes', name: 'Recovery codes' },
  'keyward-app-password': { methodType: 'appPassword', name: 'App password' },
  'keyward-email-otp': { methodType: 'email', name: 'Email code' },
};

/** Names one Keycloak credential as an admin would. Pure: reads only the representation. */
export function authenticationMethodOf(credential: CredentialRepresentation): AuthenticationMethod {
  const type = credential.type ?? '';
  const known = CREDENTIAL_TYPES[type];
  const label = credential.userLabel?.trim();
  return {
    id: credential.id ?? '',
    methodType: known?.methodType ?? 'other',
    displayName: label ? label : (known?.name ?? type),
    ...(credential.createdDate !== undefined
      ? { createdDateTime: new Date(credential.createdDate).toISOString() }
      : {}),
    keycloakCredentialType: type,
  };
}

/** Every method a user has registered, password included, in Keycloak's order (the default first). */
export async function listAuthenticationMethods(
  client: KcAdminClient,
  realm: string,
  userId: string,
): Promise<AuthenticationMethod[]> {
  const credentials = await client.users.getCredentials({ realm, id: userId });
  return credentials.map(authenticationMethodOf);
}

/**
 * Removes one registered method. The password is not an MFA method and stays: a user without it could not
 * sign in, so removing it fails with NOT_ALLOWED; an id the user does not have fails with NOT_FOUND.
 */
export async function deleteAuthenticationMethod(
  client: KcAdminClient,
  realm: string,
  userId: string,
  methodId: string,
): Promise<AuthenticationMethod> {
  const methods = await listAuthenticationMethods(client, realm, userId);
  const method = methods.find((candidate) => candidate.id === methodId);
  if (!method) {
    throw new KeywardError('NOT_FOUND', `The user has no authentication method '${methodId}'.`);
  }
  if (method.methodType === 'password') {
    throw new KeywardError(
      'NOT_ALLOWED',
      'The password is not an MFA method and cannot be deleted here; reset it in Keycloak instead.',
    );
  }
  await client.users.deleteCredential({ realm, id: userId, credentialId: methodId });
  return method;
}

/** Ends every session of a user (browser SSO and offline tokens); the next sign-in starts from scratch. */
export async function revokeSignInSessions(client: KcAdminClient, realm: string, userId: string) {
  await client.users.logout({ realm, id: userId });
}

/**
 * Keycloak credential types that are MFA methods: what "require re-register MFA" removes. The password, a
 * Temporary Access Pass (the admin's way to let the user back in) and app passwords stay.
 */
export const MFA_CREDENTIAL_TYPES: readonly string[] = [
  'otp',
  'webauthn',
  'webauthn-passwordless',
  'recovery-authn-codes',
  'keyward-email-otp',
];

/** What {@link requireReregistration} did. */
export interface ReregistrationResult {
  /** The MFA methods removed, as {@link listAuthenticationMethods} named them. */
  removed: AuthenticationMethod[];
  /** The user's MFA session version now: every remember-MFA mark issued before is void. */
  mfaSessionVersion: number;
}

/**
 * "Require re-register MFA" (Entra's action of that name): invalidates the user's remember-MFA marks (the same
 * increment of `keyward.mfaSessionVersion` as "revoke MFA sessions"), then removes every MFA method, so the next
 * sign-in that requires MFA turns into registration. The version goes first: should a removal fail, the marks are
 * void already, and a rerun removes what is left. Keycloak records each step as an admin event (the user update, and
 * one action per removed credential with its `credential_type`) when the realm keeps admin events.
 */
export async function requireReregistration(
  client: KcAdminClient,
  realm: string,
  userId: string,
): Promise<ReregistrationResult> {
  const user = await client.users.findOne({ realm, id: userId, userProfileMetadata: false });
  if (!user?.id)
    throw new KeywardError('USER_NOT_FOUND', `User '${userId}' does not exist in realm '${realm}'.`);
  // revokeMfaSessions fails (and nothing is removed) when Keycloak did not keep the new version.
  const { mfaSessionVersion } = await revokeMfaSessions(client, realm, String(user.username));
  const methods = await listAuthenticationMethods(client, realm, userId);
  const removed = methods.filter((method) => MFA_CREDENTIAL_TYPES.includes(method.keycloakCredentialType));
  for (const method of removed) {
    await client.users.deleteCredential({ realm, id: userId, credentialId: method.id });
  }
  return { removed, mfaSessionVersion };
}

/** Method types a user may choose as their default: the ones Keycloak offers first at the second step. */
export const DEFAULT_CAPABLE_METHOD_TYPES: readonly AuthenticationMethodType[] = [
  'softwareOath',
  'fido2',
  'email',
];

/**
 * Makes one method the user's default: Keycloak asks for the first credential in the user's credential order
 * first, so the method moves to the top (admin REST `…/credentials/{id}/moveToFirst`). Fails with NOT_FOUND
 * for an id the user does not have and NOT_ALLOWED for a method that cannot be a default (password, TAP,
 * recovery codes).
 */
export async function makeDefaultAuthenticationMethod(
  client: KcAdminClient,
  realm: string,
  userId: string,
  methodId: string,
): Promise<AuthenticationMethod> {
  const methods = await listAuthenticationMethods(client, realm, userId);
  const method = methods.find((candidate) => candidate.id === methodId);
  if (!method) {
    throw new KeywardError('NOT_FOUND', `The user has no authentication method '${methodId}'.`);
  }
  if (!DEFAULT_CAPABLE_METHOD_TYPES.includes(method.methodType)) {
    throw new KeywardError('NOT_ALLOWED', `A ${method.displayName} cannot be the default method.`);
  }
  await client.users.moveCredentialPositionUp({ realm, id: userId, credentialId: methodId });
  return method;
}

/** Whether Keycloak still holds the user session `sessionId` of this user (a browser sign-in). */
export async function hasSignInSession(
  client: KcAdminClient,
  realm: string,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  const sessions = await client.users.listSessions({ realm, id: userId });
  return sessions.some((session) => session.id === sessionId);
}

/** Ends one Keycloak user session (signing out on one device). */
export async function endSignInSession(client: KcAdminClient, realm: string, sessionId: string) {
  await client.realms.deleteSession({ realm, session: sessionId, isOffline: false });
}
