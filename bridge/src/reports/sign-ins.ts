/**
 * The sign-ins report (SPEC §6 `auditLogs/signIns`): Keycloak's stored `LOGIN` / `LOGIN_ERROR` events with the
 * Keyward details the extension writes (docs/architecture.md, "Notes and event details"), in Graph's `signIn`
 * shape. Pure: the adapter reads the events.
 */

/** The part of Keycloak's event representation the report reads. */
export interface StoredSignInEvent {
  time?: number;
  type?: string;
  userId?: string;
  clientId?: string;
  ipAddress?: string;
  error?: string;
  details?: Record<string, unknown>;
}

/** One report-only policy's would-be result. */
export interface ReportOnlyResult {
  displayName: string;
  result: string;
}

/** One sign-in, as the report lists it. */
export interface SignInRecord {
  createdDateTime: string;
  userId: string | null;
  userPrincipalName: string | null;
  appId: string | null;
  ipAddress: string | null;
  clientAppType: string | null;
  status: 'success' | 'failure';
  /** Keycloak's error (`invalid_user_credentials`, `access_denied`, …) on a failure. */
  errorCode: string | null;
  /** Enabled policies that applied. */
  appliedConditionalAccessPolicies: string[];
  /** Report-only policies that applied, with their would-be result. */
  reportOnlyConditionalAccessPolicies: ReportOnlyResult[];
  /** Sources that required MFA (`securityDefaults`, `perUser:<state>`, `policy:<name>`, `evaluationError`). */
  mfaRequiredBy: string[];
  authenticationStrength: string | null;
  /** What satisfied MFA (`otp`, `webauthn`, `tap`, `rememberMfa`, `sso`, `appPassword`, `registration:…`). */
  authenticationMethod: string | null;
  blockedBy: string | null;
  passwordChangeRequiredBy: string[];
}

/** Reads one of the extension's encoded lists: split at `,`, then decode each item (`%2C`, `%25`). */
export function decodeDetailList(value: unknown): string[] {
  if (typeof value !== 'string' || value === '' || value === 'none') return [];
  return value.split(',').map((item) => {
    try {
      return decodeURIComponent(item);
    } catch {
      return item;
    }
  });
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Shapes one stored event as a sign-in record. */
export function signInRecordOf(event: StoredSignInEvent): SignInRecord {
  const details = event.details ?? {};
  return {
    createdDateTime: new Date(event.time ?? 0).toISOString(),
    userId: text(event.userId),
    userPrincipalName: text(details.username),
    appId: text(event.clientId),
    ipAddress: text(event.ipAddress),
    clientAppType: text(details.keyward_client_app_type),
    status: event.type === 'LOGIN' ? 'success' : 'failure',
    errorCode: text(event.error),
    appliedConditionalAccessPolicies: decodeDetailList(details.keyward_policies_applied),
    reportOnlyConditionalAccessPolicies: decodeDetailList(details.keyward_report_only).map((item) => {
      const cut = item.lastIndexOf('=');
      return cut < 0
        ? { displayName: item, result: 'unknown' }
        : { displayName: item.slice(0, cut), result: item.slice(cut + 1) };
    }),
    mfaRequiredBy: decodeDetailList(details.keyward_mfa_required_by),
    authenticationStrength: text(details.keyward_strength),
    authenticationMethod: text(details.keyward_method),
    blockedBy: text(details.keyward_blocked_by),
    passwordChangeRequiredBy: decodeDetailList(details.keyward_password_change_required_by),
  };
}
