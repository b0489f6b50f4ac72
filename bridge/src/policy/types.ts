/**
 * The policy document (SPEC §2) as the rest of the bridge sees it: validated, with every optional section
 * and list filled with its default, so consumers never test for `undefined`.
 *
 * Field names follow Microsoft Graph (identitySecurityDefaultsEnforcementPolicy, authenticationMethodsPolicy,
 * conditionalAccessPolicy, ipNamedLocation) so that an Entra admin recognises every key. The value lists
 * below are the single source for both these types and the JSON Schema in `schema.ts`.
 */

/** The only document version this bridge reads. */
export const POLICY_API_VERSION = 'keyward/v1';

/** `state` of an authentication method or of the registration campaign. */
export const METHOD_STATES = ['enabled', 'disabled'] as const;
/** `state` of an authentication method or of the registration campaign. */
export type MethodState = (typeof METHOD_STATES)[number];

/** Authentication methods that can be a second factor on their own (TAP and recovery codes cannot). */
export const MFA_METHODS = ['softwareOath', 'fido2', 'email'] as const;
/** Authentication methods that can be a second factor on their own. */
export type MfaMethod = (typeof MFA_METHODS)[number];

/** What the registration campaign nudges users to register. */
export const REGISTRATION_TARGET_METHODS = ['fido2', 'softwareOath', 'any'] as const;
/** What the registration campaign nudges users to register. */
export type RegistrationTargetMethod = (typeof REGISTRATION_TARGET_METHODS)[number];

/** `state` of a Conditional Access policy, as in Graph's conditionalAccessPolicyState. */
export const POLICY_STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'] as const;
/** `state` of a Conditional Access policy, as in Graph's conditionalAccessPolicyState. */
export type ConditionalAccessPolicyState = (typeof POLICY_STATES)[number];

/** Client app types a policy can match; `other` is legacy authentication (the password grant). */
export const CLIENT_APP_TYPES = ['all', 'browser', 'other'] as const;
/** Client app types a policy can match; `other` is legacy authentication (the password grant). */
export type ConditionalAccessClientApp = (typeof CLIENT_APP_TYPES)[number];

/** Device platforms a policy can match, parsed from the User-Agent; `all` is the keyword for any. */
export const DEVICE_PLATFORMS = ['all', 'android', 'iOS', 'windows', 'macOS', 'linux'] as const;
/** Device platforms a policy can match, parsed from the User-Agent; `all` is the keyword for any. */
export type ConditionalAccessDevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/** How a policy combines its own controls. */
export const GRANT_OPERATORS = ['OR', 'AND'] as const;
/** How a policy combines its own controls. */
export type GrantOperator = (typeof GRANT_OPERATORS)[number];

/** Graph's conditionalAccessGrantControl values that Keyward enforces. */
export const BUILT_IN_CONTROLS = ['block', 'mfa', 'passwordChange'] as const;
/** Graph's conditionalAccessGrantControl values that Keyward enforces. */
export type ConditionalAccessGrantControl = (typeof BUILT_IN_CONTROLS)[number];

/** Entra's built-in authentication strengths, weakest first. */
export const AUTHENTICATION_STRENGTHS = ['mfa', 'passwordlessMfa', 'phishingResistantMfa'] as const;
/** Entra's built-in authentication strengths, weakest first. */
export type AuthenticationStrength = (typeof AUTHENTICATION_STRENGTHS)[number];

/** Units of a time-based sign-in frequency. */
export const SIGN_IN_FREQUENCY_TYPES = ['hours', 'days'] as const;
/** Units of a time-based sign-in frequency. */
export type SignInFrequencyType = (typeof SIGN_IN_FREQUENCY_TYPES)[number];

/** Graph's signInFrequencyInterval: a period, or re-authentication at every sign-in. */
export const SIGN_IN_FREQUENCY_INTERVALS = ['timeBased', 'everyTime'] as const;
/** Graph's signInFrequencyInterval: a period, or re-authentication at every sign-in. */
export type SignInFrequencyInterval = (typeof SIGN_IN_FREQUENCY_INTERVALS)[number];

/** Graph's persistentBrowserSessionMode. */
export const PERSISTENT_BROWSER_MODES = ['always', 'never'] as const;
/** Graph's persistentBrowserSessionMode. */
export type PersistentBrowserSessionMode = (typeof PERSISTENT_BROWSER_MODES)[number];

/** Keyword in `includeUsers` / `includeApplications` / `includeLocations` meaning "every one". */
export const ALL = 'All';
/** Keyword in `includeLocations` / `excludeLocations` meaning "every trusted named location". */
export const ALL_TRUSTED = 'AllTrusted';

/**
 * Who a method or the registration campaign applies to: `all`, or a Keycloak group by path
 * (`group:/it/onboarding`). Graph's targets are object ids; Keyward names the group instead.
 */
export type MethodTarget = 'all' | `group:${string}`;

/** Graph's identitySecurityDefaultsEnforcementPolicy. */
export interface SecurityDefaults {
  isEnabled: boolean;
}

/** Graph's authenticationMethodConfiguration, with targets named instead of object ids. */
export interface AuthenticationMethodConfiguration {
  state: MethodState;
  includeTargets: MethodTarget[];
  excludeTargets: MethodTarget[];
}

/** Graph's temporaryAccessPassAuthenticationMethodConfiguration. */
export interface TemporaryAccessPassConfiguration extends AuthenticationMethodConfiguration {
  defaultLifetimeInMinutes: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  defaultLength: number;
  isUsableOnce: boolean;
}

/**
 * Graph's emailAuthenticationMethodConfiguration, plus the code settings Entra fixes and Keycloak leaves to the
 * authenticator (bounds in `POLICY_LIMITS`).
 */
export interface EmailConfiguration extends AuthenticationMethodConfiguration {
  /** Digits in a code. */
  codeLength: number;
  /** How long a code can be used after it was sent. */
  codeLifetimeInMinutes: number;
  /** How long the user waits before another code can be sent. */
  resendCooldownInSeconds: number;
  /** Wrong codes after which the code is void and a new one must be requested. */
  maximumAttemptsPerCode: number;
}

/** Graph's authenticationMethodsPolicy, limited to the methods Keycloak can offer. */
export interface AuthenticationMethods {
  /** TOTP apps (Graph: softwareOathAuthenticationMethodConfiguration). */
  softwareOath: AuthenticationMethodConfiguration;
  /** WebAuthn security keys and passkeys (Graph: fido2AuthenticationMethodConfiguration). */
  fido2: AuthenticationMethodConfiguration;
  /** One-time code by email (Graph: emailAuthenticationMethodConfiguration). */
  email: EmailConfiguration;
  /** Keycloak's recovery codes; no Graph counterpart. */
  recoveryCodes: AuthenticationMethodConfiguration;
  /** Graph: temporaryAccessPassAuthenticationMethodConfiguration. */
  temporaryAccessPass: TemporaryAccessPassConfiguration;
}

/** Graph's authenticationMethodsRegistrationCampaign, plus the snooze limit Entra shows in its portal. */
export interface RegistrationCampaign {
  state: MethodState;
  targetMethod: RegistrationTargetMethod;
  snoozeDurationInDays: number;
  allowedSnoozes: number;
  enforceRegistrationAfterAllowedSnoozes: boolean;
  includeTargets: MethodTarget[];
  excludeTargets: MethodTarget[];
}

/** The per-user MFA service settings of Entra ("remember MFA", app passwords) and who counts as an admin. */
export interface MfaSettings {
  rememberMfaOnTrustedDevice: { isEnabled: boolean; days: number };
  appPasswords: { isAllowed: boolean };
  /** Realm roles (`role`) or client roles (`client/role`) whose holders are administrators. */
  privilegedRoles: string[];
}

/** Graph's ipNamedLocation, with `ipRanges` as plain CIDR strings. */
export interface NamedLocation {
  displayName: string;
  ipRanges: string[];
  isTrusted: boolean;
}

/** Graph's conditionalAccessUsers: usernames, group paths and roles (`role` or `client/role`). */
export interface ConditionalAccessUsers {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
}

/** Graph's conditionalAccessApplications: Keycloak client ids, or `All`. */
export interface ConditionalAccessApplications {
  includeApplications: string[];
  excludeApplications: string[];
}

/** Graph's conditionalAccessLocations: `All`, `AllTrusted` or named location display names. */
export interface ConditionalAccessLocations {
  includeLocations: string[];
  excludeLocations: string[];
}

/** Graph's conditionalAccessPlatforms. */
export interface ConditionalAccessPlatforms {
  includePlatforms: ConditionalAccessDevicePlatform[];
  excludePlatforms: ConditionalAccessDevicePlatform[];
}

/** Graph's conditionalAccessConditionSet, limited to the conditions Keycloak can see. */
export interface ConditionalAccessConditions {
  users: ConditionalAccessUsers;
  applications: ConditionalAccessApplications;
  locations: ConditionalAccessLocations;
  clientAppTypes: ConditionalAccessClientApp[];
  platforms: ConditionalAccessPlatforms;
}

/** Graph's conditionalAccessGrantControls, with the authentication strength named instead of an id. */
export interface ConditionalAccessGrantControls {
  operator: GrantOperator;
  builtInControls: ConditionalAccessGrantControl[];
  authenticationStrength: AuthenticationStrength | null;
}

/** Graph's signInFrequencySessionControl; `value` and `type` are null when `frequencyInterval` is everyTime. */
export interface SignInFrequencySessionControl {
  isEnabled: boolean;
  frequencyInterval: SignInFrequencyInterval;
  value: number | null;
  type: SignInFrequencyType | null;
}

/** Graph's persistentBrowserSessionControl; `mode` is null only while the control is disabled. */
export interface PersistentBrowserSessionControl {
  isEnabled: boolean;
  mode: PersistentBrowserSessionMode | null;
}

/** Graph's conditionalAccessSessionControls. */
export interface ConditionalAccessSessionControls {
  signInFrequency: SignInFrequencySessionControl;
  persistentBrowser: PersistentBrowserSessionControl;
}

/** Graph's conditionalAccessPolicy; `displayName` is unique in a document and names the Keycloak sub-flow. */
export interface ConditionalAccessPolicy {
  displayName: string;
  state: ConditionalAccessPolicyState;
  conditions: ConditionalAccessConditions;
  grantControls: ConditionalAccessGrantControls;
  sessionControls: ConditionalAccessSessionControls;
}

/** A validated policy document for one realm (SPEC §2), every default filled in. */
export interface PolicyDocument {
  apiVersion: typeof POLICY_API_VERSION;
  securityDefaults: SecurityDefaults;
  authenticationMethods: AuthenticationMethods;
  registrationCampaign: RegistrationCampaign;
  mfaSettings: MfaSettings;
  namedLocations: NamedLocation[];
  conditionalAccessPolicies: ConditionalAccessPolicy[];
}
