/**
 * What the Security info page shows and offers, from Keycloak's credentials, the realm's required actions and
 * the applied policy. Pure.
 */
import { methodAllowed, type SignInUser } from '../evaluate/index.js';
import type { PolicyDocument } from '../policy/types.js';

/** A method as the portal names it (the everyday names an admin uses too). */
export type MethodKind =
  | 'password'
  | 'authenticatorApp'
  | 'securityKey'
  | 'passkey'
  | 'email'
  | 'recoveryCodes'
  | 'temporaryAccessPass'
  | 'appPassword'
  | 'other';

/** The part of Keycloak's credential representation the page reads. */
export interface PortalCredential {
  id?: string;
  type?: string;
  userLabel?: string;
  createdDate?: number;
}

/** One row of the method list. */
export interface MethodRow {
  id: string;
  kind: MethodKind;
  /** The user's own label for it, when there is one. */
  label?: string;
  createdDateTime?: Date;
  isDefault: boolean;
  canMakeDefault: boolean;
  canDelete: boolean;
}

const KIND_OF_TYPE: Record<string, MethodKind> = {
  password: 'password',
  otp: 'authenticatorApp',
  webauthn: 'securityKey',
  'webauthn-passwordless': 'passkey',
  'recovery-authn-codes': 'recoveryCodes',
  'keyward-temporary-access-pass': 'temporaryAccessPass',
  'keyward-app-password': 'appPassword',
  'keyward-email': 'email',
};

/** Kinds Keycloak can ask for first at the second step, so a user can make them the default. */
const DEFAULT_CAPABLE: readonly MethodKind[] = ['authenticatorApp', 'securityKey', 'passkey', 'email'];

/** The portal's name for a Keycloak credential type. */
export function kindOf(credentialType: string | undefined): MethodKind {
  return KIND_OF_TYPE[credentialType ?? ''] ?? 'other';
}

/**
 * The method list: the default (Keycloak's first default-capable credential in the user's order) first, then
 * the other methods in Keycloak's order, the password last. App passwords have their own page and are left out.
 */
export function methodRows(credentials: readonly PortalCredential[]): MethodRow[] {
  const rows = credentials
    .filter((credential) => credential.id && kindOf(credential.type) !== 'appPassword')
    .map((credential): MethodRow => {
      const kind = kindOf(credential.type);
      const label = credential.userLabel?.trim();
      return {
        id: String(credential.id),
        kind,
        ...(label ? { label } : {}),
        ...(credential.createdDate !== undefined
          ? { createdDateTime: new Date(credential.createdDate) }
          : {}),
        isDefault: false,
        canMakeDefault: DEFAULT_CAPABLE.includes(kind),
        canDelete: kind !== 'password',
      };
    });
  const defaultRow = rows.find((row) => row.canMakeDefault);
  if (defaultRow) {
    defaultRow.isDefault = true;
    defaultRow.canMakeDefault = false;
  }
  const others = rows.filter((row) => row !== defaultRow);
  return [
    ...(defaultRow ? [defaultRow] : []),
    ...others.filter((row) => row.kind !== 'password'),
    ...others.filter((row) => row.kind === 'password'),
  ];
}

/** A method the user can add through Keycloak's application-initiated actions (`kc_action`). */
export interface AddableMethod {
  kind: MethodKind;
  /** Keycloak's required action alias, sent as `kc_action`. */
  action: string;
}

/** The methods the portal can add, with their required action and the evaluator's method name. */
const ADDABLE: readonly (AddableMethod & { method: string })[] = [
  { kind: 'passkey', action: 'webauthn-register-passwordless', method: 'webauthn-passwordless' },
  { kind: 'securityKey', action: 'webauthn-register', method: 'webauthn-2fa' },
  { kind: 'authenticatorApp', action: 'CONFIGURE_TOTP', method: 'otp' },
  { kind: 'recoveryCodes', action: 'CONFIGURE_RECOVERY_AUTHN_CODES', method: 'recovery-codes' },
];

/**
 * What the user may add: the realm must have the required action enabled, and the applied policy must allow
 * the method for this user (SPEC §3.5); without an applied policy the realm's required actions decide alone.
 * One set of recovery codes per user: a user who has them does not get to add more.
 */
export function addableMethods(
  enabledActions: ReadonlySet<string>,
  document: PolicyDocument | undefined,
  user: SignInUser | undefined,
  credentials: readonly PortalCredential[],
): AddableMethod[] {
  const hasRecoveryCodes = credentials.some((credential) => kindOf(credential.type) === 'recoveryCodes');
  return ADDABLE.filter(
    (candidate) =>
      enabledActions.has(candidate.action) &&
      (document === undefined || (user !== undefined && methodAllowed(document, candidate.method, user))) &&
      !(candidate.kind === 'recoveryCodes' && hasRecoveryCodes),
  ).map(({ kind, action }) => ({ kind, action }));
}
