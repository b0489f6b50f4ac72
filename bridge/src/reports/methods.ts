/**
 * Registered methods named as an admin reads them in a registration report (SPEC §6): passkeys told apart into
 * synced and device-bound from the WebAuthn backup flags Keycloak keeps in the credential data, security keys,
 * authenticator apps, recovery codes, TAP, app passwords. Pure.
 */
import type { UserMethod } from '../evaluate/index.js';

/** A method as the registration report names it (Graph's `methodsRegistered` values, Keycloak's kinds). */
export type RegisteredMethod =
  | 'passkeySynced'
  | 'passkeyDeviceBound'
  | 'passkey'
  | 'securityKey'
  | 'authenticatorApp'
  | 'email'
  | 'recoveryCodes'
  | 'temporaryAccessPass'
  | 'appPassword';

/** The part of Keycloak's credential representation the report reads. */
export interface StoredCredential {
  type?: string;
  /** Keycloak's credential data (JSON text); for WebAuthn it may carry the authenticator data's flags. */
  credentialData?: string;
}

/** Order in which methods are listed and the default MFA method is chosen: strongest, most convenient first. */
const METHOD_ORDER: readonly RegisteredMethod[] = [
  'passkeyDeviceBound',
  'passkeySynced',
  'passkey',
  'securityKey',
  'authenticatorApp',
  'email',
  'recoveryCodes',
  'temporaryAccessPass',
  'appPassword',
];

interface WebAuthnFlags {
  backupEligible?: boolean;
  backupState?: boolean;
}

function webAuthnFlagsOf(credentialData: string | undefined): WebAuthnFlags {
  if (!credentialData) return {};
  try {
    const data = JSON.parse(credentialData) as Record<string, unknown>;
    const flag = (...names: string[]) => {
      for (const name of names) if (typeof data[name] === 'boolean') return data[name] as boolean;
      return undefined;
    };
    const flags: WebAuthnFlags = {};
    const eligible = flag('backupEligible', 'backupEligibility', 'be');
    const state = flag('backupState', 'backedUp', 'bs');
    if (eligible !== undefined) flags.backupEligible = eligible;
    if (state !== undefined) flags.backupState = state;
    return flags;
  } catch {
    return {};
  }
}

/**
 * Names one credential for the report; `undefined` for the password and types that are no MFA method. A passkey
 * whose backup flags say it may be (or is) backed up is synced; one whose flags say it cannot be is
 * device-bound; without flags it stays `passkey`. A WebAuthn credential registered as a second factor is a
 * security key — unless its flags say it is a synced credential, which makes it a passkey used as second factor.
 */
export function registeredMethodOf(credential: StoredCredential): RegisteredMethod | undefined {
  switch (credential.type) {
    case 'otp':
      return 'authenticatorApp';
    case 'recovery-authn-codes':
      return 'recoveryCodes';
    case 'keyward-temporary-access-pass':
      return 'temporaryAccessPass';
    case 'keyward-email-otp':
      return 'email';
    case 'keyward-app-password':
      return 'appPassword';
    case 'webauthn':
    case 'webauthn-passwordless': {
      const flags = webAuthnFlagsOf(credential.credentialData);
      if (flags.backupEligible === true || flags.backupState === true) return 'passkeySynced';
      if (credential.type === 'webauthn') return 'securityKey';
      return flags.backupEligible === false ? 'passkeyDeviceBound' : 'passkey';
    }
    default:
      return undefined;
  }
}

/** The methods of a user's credentials, each once, in report order. */
export function registeredMethodsOf(credentials: readonly StoredCredential[]): RegisteredMethod[] {
  const found = new Set<RegisteredMethod>();
  for (const credential of credentials) {
    const method = registeredMethodOf(credential);
    if (method !== undefined) found.add(method);
  }
  return METHOD_ORDER.filter((method) => found.has(method));
}

/** The evaluator's name for a credential (SPEC §3.5 table); `undefined` when it is no MFA method there. */
export function evaluatorMethodOf(credential: StoredCredential): UserMethod | undefined {
  switch (credential.type) {
    case 'otp':
      return 'otp';
    case 'webauthn':
      return 'webauthn-2fa';
    case 'webauthn-passwordless':
      return 'webauthn-passwordless';
    case 'recovery-authn-codes':
      return 'recovery-codes';
    case 'keyward-email-otp':
      return 'email';
    default:
      return undefined;
  }
}
