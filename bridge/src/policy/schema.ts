import type { SchemaObject } from 'ajv/dist/2020.js';
import {
  AUTHENTICATION_STRENGTHS,
  BUILT_IN_CONTROLS,
  CLIENT_APP_TYPES,
  DEVICE_PLATFORMS,
  GRANT_OPERATORS,
  METHOD_STATES,
  PERSISTENT_BROWSER_MODES,
  POLICY_API_VERSION,
  POLICY_STATES,
  REGISTRATION_TARGET_METHODS,
  SIGN_IN_FREQUENCY_INTERVALS,
  SIGN_IN_FREQUENCY_TYPES,
} from './types.js';

/**
 * Custom `format`s the validator registers. Editors that do not know them simply skip the check; the
 * validator explains each failure in its own words (see `schema-errors.ts`).
 */
export const POLICY_FORMATS = {
  cidr: 'cidr',
  keycloakRole: 'keycloak-role',
  groupPath: 'group-path',
  methodTarget: 'method-target',
} as const;

/** Bounds shared by the schema and the semantic checks, so the two never disagree. */
export const POLICY_LIMITS = {
  tapLifetimeMinutes: { minimum: 10, maximum: 43_200 },
  tapLength: { minimum: 8, maximum: 48 },
  emailCodeLength: { minimum: 6, maximum: 10 },
  emailCodeLifetimeMinutes: { minimum: 1, maximum: 60 },
  emailResendCooldownSeconds: { minimum: 10, maximum: 600 },
  emailMaximumAttempts: { minimum: 1, maximum: 10 },
  snoozeDays: { minimum: 0, maximum: 14 },
  allowedSnoozes: { minimum: 0, maximum: 30 },
  rememberMfaDays: { minimum: 1, maximum: 365 },
  signInFrequencyHours: { minimum: 1, maximum: 23 },
  signInFrequencyDays: { minimum: 1, maximum: 365 },
  displayNameLength: { minimum: 1, maximum: 200 },
} as const;

function object(
  description: string,
  properties: Record<string, SchemaObject>,
  extra: { required?: string[]; default?: unknown } = {},
): SchemaObject {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    ...(extra.required ? { required: extra.required } : {}),
    properties,
    ...(extra.default !== undefined ? { default: extra.default } : {}),
  };
}

function stringList(description: string, items: SchemaObject, defaultValue: string[]): SchemaObject {
  return { type: 'array', description, uniqueItems: true, items, default: defaultValue };
}

function enumList(description: string, values: readonly string[], defaultValue: string[]): SchemaObject {
  return stringList(description, { type: 'string', enum: [...values] }, defaultValue);
}

function integer(
  description: string,
  range: { minimum: number; maximum: number },
  defaultValue: number,
): SchemaObject {
  return {
    type: 'integer',
    description,
    minimum: range.minimum,
    maximum: range.maximum,
    default: defaultValue,
  };
}

function boolean(description: string, defaultValue: boolean): SchemaObject {
  return { type: 'boolean', description, default: defaultValue };
}

const name: SchemaObject = {
  type: 'string',
  minLength: POLICY_LIMITS.displayNameLength.minimum,
  // Leaves room for Keyward's prefix within Keycloak's 255-character flow alias.
  maxLength: POLICY_LIMITS.displayNameLength.maximum,
};

const methodTarget: SchemaObject = {
  type: 'string',
  format: POLICY_FORMATS.methodTarget,
  description: '`all`, or a Keycloak group by path: `group:/it/onboarding`.',
};

function targets(what: string): Record<string, SchemaObject> {
  return {
    includeTargets: stringList(
      `Who ${what} applies to: \`all\` or \`group:/path\`. Graph: includeTargets. Default [all].`,
      methodTarget,
      ['all'],
    ),
    excludeTargets: stringList(
      `Who ${what} never applies to; exclusion wins over inclusion. Graph: excludeTargets. Default [].`,
      methodTarget,
      [],
    ),
  };
}

function methodState(defaultState: 'enabled' | 'disabled'): SchemaObject {
  return {
    type: 'string',
    enum: [...METHOD_STATES],
    description: `Whether users may register and use this method. Default ${defaultState}.`,
    default: defaultState,
  };
}

function method(description: string, defaultState: 'enabled' | 'disabled'): SchemaObject {
  return object(
    `${description} Default: ${defaultState} for [all].`,
    { state: methodState(defaultState), ...targets('the method') },
    { default: {} },
  );
}

const nonEmptyString: SchemaObject = { type: 'string', minLength: 1 };
const groupPath: SchemaObject = {
  type: 'string',
  format: POLICY_FORMATS.groupPath,
  description: 'A Keycloak group path such as /it/onboarding.',
};
const roleReference: SchemaObject = {
  type: 'string',
  format: POLICY_FORMATS.keycloakRole,
  description: 'A realm role (`role`) or a client role (`client/role`).',
};

const conditionalAccessPolicy = object(
  'One Conditional Access policy (Graph: conditionalAccessPolicy). It applies when every condition matches; ' +
    'its grant controls then decide what the sign-in needs.',
  {
    displayName: {
      ...name,
      description: 'Unique name of the policy; Keycloak flow aliases carry it. Graph: displayName.',
    },
    state: {
      type: 'string',
      enum: [...POLICY_STATES],
      description:
        'enabled: enforced. disabled: ignored. enabledForReportingButNotEnforced: evaluated and logged only ' +
        '(report-only). Graph: state.',
    },
    conditions: object(
      'When the policy applies (Graph: conditionalAccessConditionSet). Every condition must match.',
      {
        users: object(
          'Who the policy applies to (Graph: conditionalAccessUsers). Exclusion always wins. Lists default to [].',
          {
            includeUsers: stringList('`All`, or usernames.', nonEmptyString, []),
            excludeUsers: stringList('Usernames, for example break-glass accounts.', nonEmptyString, []),
            includeGroups: stringList('Group paths; members of sub-groups match too.', groupPath, []),
            excludeGroups: stringList('Group paths; members of sub-groups are excluded too.', groupPath, []),
            includeRoles: stringList(
              'Realm roles or client/role; effective (composite) roles count.',
              roleReference,
              [],
            ),
            excludeRoles: stringList('Realm roles or client/role.', roleReference, []),
          },
        ),
        applications: object(
          'Which Keycloak clients the policy applies to (Graph: conditionalAccessApplications). Lists default to [].',
          {
            includeApplications: stringList('`All`, or client ids.', nonEmptyString, []),
            excludeApplications: stringList('Client ids.', nonEmptyString, []),
          },
        ),
        locations: object(
          'Where the sign-in comes from (Graph: conditionalAccessLocations). Default: any location.',
          {
            includeLocations: stringList(
              '`All`, `AllTrusted`, or displayNames of namedLocations. Default [All].',
              nonEmptyString,
              ['All'],
            ),
            excludeLocations: stringList(
              '`AllTrusted`, or displayNames of namedLocations. Default [].',
              nonEmptyString,
              [],
            ),
          },
          { default: {} },
        ),
        clientAppTypes: enumList(
          'Graph: clientAppTypes. `browser`: interactive browser flows; `other`: legacy authentication (the ' +
            'password grant). Default [all].',
          CLIENT_APP_TYPES,
          ['all'],
        ),
        platforms: object(
          'Device platforms, from the User-Agent (Graph: conditionalAccessPlatforms). Default: any platform.',
          {
            includePlatforms: enumList('Default [all].', DEVICE_PLATFORMS, ['all']),
            excludePlatforms: enumList('Default [].', DEVICE_PLATFORMS, []),
          },
          { default: {} },
        ),
      },
      { required: ['users', 'applications'] },
    ),
    grantControls: object(
      'What an applicable policy requires (Graph: conditionalAccessGrantControls). Default: nothing.',
      {
        operator: {
          type: 'string',
          enum: [...GRANT_OPERATORS],
          description: 'OR: any one control suffices; AND: all are needed. Default OR.',
          default: 'OR',
        },
        builtInControls: enumList(
          '`block` (alone), `mfa`, `passwordChange`. Graph: builtInControls. Default [].',
          BUILT_IN_CONTROLS,
          [],
        ),
        authenticationStrength: {
          enum: [...AUTHENTICATION_STRENGTHS, null],
          description:
            "Entra's built-in strength by name, instead of mfa in builtInControls (not together with it). " +
            'Graph: authenticationStrength. Default null.',
          default: null,
        },
      },
      { default: {} },
    ),
    sessionControls: object(
      'How long sessions last (Graph: conditionalAccessSessionControls). Default: both controls disabled.',
      {
        signInFrequency: object(
          'Force a full re-authentication when the SSO session is older than value/type, or at every sign-in ' +
            '(frequencyInterval: everyTime). Graph: signInFrequencySessionControl.',
          {
            isEnabled: boolean('Turns the control on. Default false.', false),
            frequencyInterval: {
              type: 'string',
              enum: [...SIGN_IN_FREQUENCY_INTERVALS],
              description:
                'timeBased (uses value and type) or everyTime (leave value and type out). Default timeBased.',
              default: 'timeBased',
            },
            value: {
              type: ['integer', 'null'],
              description: `Hours ${POLICY_LIMITS.signInFrequencyHours.minimum}..${POLICY_LIMITS.signInFrequencyHours.maximum} or days ${POLICY_LIMITS.signInFrequencyDays.minimum}..${POLICY_LIMITS.signInFrequencyDays.maximum}, as in Entra. Default null.`,
              minimum: POLICY_LIMITS.signInFrequencyDays.minimum,
              maximum: POLICY_LIMITS.signInFrequencyDays.maximum,
              default: null,
            },
            type: {
              enum: [...SIGN_IN_FREQUENCY_TYPES, null],
              description: 'hours or days. Default null.',
              default: null,
            },
          },
          { default: {} },
        ),
        persistentBrowser: object(
          'Whether the SSO cookie outlives the browser (Graph: persistentBrowserSessionControl).',
          {
            isEnabled: boolean('Turns the control on. Default false.', false),
            mode: {
              enum: [...PERSISTENT_BROWSER_MODES, null],
              description: 'always or never; required when isEnabled. Default null.',
              default: null,
            },
          },
          { default: {} },
        ),
      },
      { default: {} },
    ),
  },
  { required: ['displayName', 'state', 'conditions'] },
);

/**
 * The JSON Schema (draft 2020-12) of the policy document, published as `bridge/schema/keyward-policy.schema.json`.
 * Every `default` here is what the validator fills in, so this constant is also the list of defaults.
 */
export const policySchema: SchemaObject = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Keyward policy document',
  description:
    "MFA governance for one Keycloak realm. Keys follow Microsoft Graph's resources " +
    '(identitySecurityDefaultsEnforcementPolicy, authenticationMethodsPolicy, conditionalAccessPolicy, ' +
    'ipNamedLocation) so that an Entra admin recognises them. Unknown keys are errors.',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion'],
  properties: {
    apiVersion: {
      const: POLICY_API_VERSION,
      description: `Document version; must be ${POLICY_API_VERSION}.`,
    },
    securityDefaults: object(
      'Graph: identitySecurityDefaultsEnforcementPolicy. When enabled: MFA for everyone (always for ' +
        'administrators and the admin console), legacy authentication blocked, registration required. Cannot be ' +
        'enabled together with Conditional Access policies.',
      {
        isEnabled: boolean(
          'Turns security defaults on (Entra: "Security defaults: Enabled"). Default false.',
          false,
        ),
      },
      { default: {} },
    ),
    authenticationMethods: object(
      'Graph: authenticationMethodsPolicy (authenticationMethodConfigurations). Which methods users may register ' +
        'and use, and who may use them.',
      {
        softwareOath: method(
          'Authenticator apps with time-based one-time codes (TOTP). Graph: softwareOathAuthenticationMethodConfiguration.',
          'enabled',
        ),
        fido2: method(
          'WebAuthn security keys and passkeys. Graph: fido2AuthenticationMethodConfiguration.',
          'enabled',
        ),
        email: object(
          'One-time code sent by email to an address the user verified, as a second factor (strength mfa). ' +
            "Needs the realm's SMTP settings. Graph: emailAuthenticationMethodConfiguration. Default: disabled " +
            'for [all].',
          {
            state: methodState('disabled'),
            ...targets('the method'),
            codeLength: integer('Digits in a code. Default 8.', POLICY_LIMITS.emailCodeLength, 8),
            codeLifetimeInMinutes: integer(
              'How long a code can be used after it was sent. Default 10.',
              POLICY_LIMITS.emailCodeLifetimeMinutes,
              10,
            ),
            resendCooldownInSeconds: integer(
              'How long the user waits before another code can be sent. Default 30.',
              POLICY_LIMITS.emailResendCooldownSeconds,
              30,
            ),
            maximumAttemptsPerCode: integer(
              'Wrong codes after which the code is void and a new one must be requested. Every wrong code also ' +
                "counts toward Keycloak's brute-force lock-out. Default 5.",
              POLICY_LIMITS.emailMaximumAttempts,
              5,
            ),
          },
          { default: {} },
        ),
        recoveryCodes: method(
          "Keycloak's single-use recovery codes, a backup second factor (no Graph counterpart).",
          'enabled',
        ),
        temporaryAccessPass: object(
          'Temporary Access Pass: a time-limited passcode an admin issues, replacing password and second factor ' +
            'for onboarding and recovery. Graph: temporaryAccessPassAuthenticationMethodConfiguration. ' +
            'Default: disabled for [all].',
          {
            state: methodState('disabled'),
            ...targets('the Temporary Access Pass'),
            defaultLifetimeInMinutes: integer(
              'Lifetime when the admin gives none; between the minimum and the maximum. Default 60.',
              POLICY_LIMITS.tapLifetimeMinutes,
              60,
            ),
            minimumLifetimeInMinutes: integer(
              'Shortest lifetime an admin may give. Default 60.',
              POLICY_LIMITS.tapLifetimeMinutes,
              60,
            ),
            maximumLifetimeInMinutes: integer(
              'Longest lifetime an admin may give. Default 480.',
              POLICY_LIMITS.tapLifetimeMinutes,
              480,
            ),
            defaultLength: integer('Characters in a pass. Default 8.', POLICY_LIMITS.tapLength, 8),
            isUsableOnce: boolean('true: a pass is consumed by its first sign-in. Default false.', false),
          },
          { default: {} },
        ),
      },
      { default: {} },
    ),
    registrationCampaign: object(
      'Graph: registrationEnforcement.authenticationMethodsRegistrationCampaign. Registration grace ("Not now") ' +
        'during a rollout and a nudge towards targetMethod after a successful MFA. Default: disabled.',
      {
        state: methodState('disabled'),
        targetMethod: {
          type: 'string',
          enum: [...REGISTRATION_TARGET_METHODS],
          description:
            'Method users are nudged to register; must be enabled in authenticationMethods. Default any.',
          default: 'any',
        },
        snoozeDurationInDays: integer(
          'How long one "Not now" holds. Default 1.',
          POLICY_LIMITS.snoozeDays,
          1,
        ),
        allowedSnoozes: integer(
          'How many times a user may choose "Not now". Default 3.',
          POLICY_LIMITS.allowedSnoozes,
          3,
        ),
        enforceRegistrationAfterAllowedSnoozes: boolean(
          'true: registration is mandatory once the snoozes are used up. Default true.',
          true,
        ),
        ...targets('the campaign'),
      },
      { default: {} },
    ),
    mfaSettings: object(
      "Entra's per-user MFA service settings, and who counts as an administrator.",
      {
        rememberMfaOnTrustedDevice: object(
          '"Don\'t ask again for N days" after a successful MFA in a browser. Default: disabled, 14 days.',
          {
            isEnabled: boolean('Offer "Don\'t ask again" after a successful MFA. Default false.', false),
            days: integer('How long the mark holds, in days. Default 14.', POLICY_LIMITS.rememberMfaDays, 14),
          },
          { default: {} },
        ),
        appPasswords: object(
          'App passwords for legacy clients on the password grant, for users whose per-user MFA is enforced. ' +
            'Default: not allowed.',
          { isAllowed: boolean('Users may create app passwords. Default false.', false) },
          { default: {} },
        ),
        privilegedRoles: stringList(
          'Roles whose holders are administrators (like Entra directory roles): MFA at every sign-in under ' +
            'security defaults, never a snooze, never app passwords. Default [realm-management/realm-admin].',
          roleReference,
          ['realm-management/realm-admin'],
        ),
      },
      { default: {} },
    ),
    namedLocations: {
      type: 'array',
      description: 'Graph: ipNamedLocation. Networks that conditions can name. Default [].',
      default: [],
      items: object(
        'One named location (Graph: ipNamedLocation).',
        {
          displayName: {
            ...name,
            description:
              'Unique name that includeLocations/excludeLocations refer to. Not All or AllTrusted.',
          },
          ipRanges: {
            type: 'array',
            description: 'IPv4 or IPv6 CIDR ranges, such as 203.0.113.0/24 or 2001:db8::/48.',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', format: POLICY_FORMATS.cidr },
          },
          isTrusted: boolean('true: part of AllTrusted. Default false.', false),
        },
        { required: ['displayName', 'ipRanges'] },
      ),
    },
    conditionalAccessPolicies: {
      type: 'array',
      description:
        'Graph: conditionalAccessPolicy. Every applicable policy must be satisfied; any applicable block denies. ' +
        'Default [].',
      default: [],
      items: conditionalAccessPolicy,
    },
  },
};
