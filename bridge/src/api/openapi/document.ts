/**
 * The bridge's HTTP API (SPEC §6) as one typed object: every route the app serves is an operation here, the
 * app mounts routes from this list, and requests are validated against these very schemas. `/openapi.json`
 * serves {@link openApiDocument}.
 */
import { KEYWARD_ADMIN_ROLE } from '../../compile/shared.js';
import { DEVICE_PLATFORMS, policySchema } from '../../policy/index.js';
import type {
  HttpMethod,
  JsonSchema,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
} from './types.js';

/** The bearer scheme's name in the document. */
export const BEARER_SCHEME = 'keycloakBearer';

/** Who may call an operation: anyone, any signed-in user of a trusted realm, or its `keyward-admin`s. */
export type Access = 'public' | 'signedIn' | 'admin';

/** The operations that route handlers serve (infrastructure routes are served by the app itself). */
export const OPERATION_IDS = [
  'getPolicy',
  'setPolicy',
  'listConditionalAccessPolicies',
  'listNamedLocations',
  'evaluateSignIn',
  'getAuthenticationRequirements',
  'updateAuthenticationRequirements',
  'listAuthenticationMethods',
  'deleteAuthenticationMethod',
  'revokeSignInSessions',
  'requireReregistration',
  'createTemporaryAccessPass',
  'listTemporaryAccessPasses',
  'deleteTemporaryAccessPass',
  'listMyAuthenticationMethods',
  'revokeMySignInSessions',
  'listMyAppPasswords',
  'createMyAppPassword',
  'deleteMyAppPassword',
  'listUserRegistrationDetails',
  'listSignIns',
  'revokeMfaSessions',
] as const;

/** One of {@link OPERATION_IDS}. */
export type OperationId = (typeof OPERATION_IDS)[number];

/** An operation with where it lives and who may call it; the document's `security` is derived from `access`. */
export interface ApiOperation<Id extends string = OperationId> extends Omit<OperationObject, 'security'> {
  operationId: Id;
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/v1/users/{user}/authentication/methods/{id}`. */
  path: string;
  access: Access;
  /**
   * How the body reaches the handler: `json` is parsed and validated against the request schema before the
   * handler runs; `text` is handed over raw, for a handler that validates it itself (the policy document,
   * whose validator also reads YAML and reports lines).
   */
  body?: 'json' | 'text';
}

const ref = (kind: 'schemas' | 'parameters' | 'responses', name: string): ReferenceObject => ({
  $ref: `#/components/${kind}/${name}`,
});
const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

const PER_USER_MFA_STATES = ['disabled', 'enabled', 'enforced'];

/** The policy schema as a component: OpenAPI 3.1 names the dialect once, for the whole document. */
function policyDocumentSchema(): JsonSchema {
  const { $schema: _dialect, ...schema } = policySchema;
  return schema;
}

const stringList = (description: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string' },
  description,
});

const REGISTERED_METHODS = [
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

const schemas: Record<string, JsonSchema> = {
  UserRegistrationDetails: {
    type: 'object',
    description: "One user's registration and who requires MFA (Graph's userRegistrationDetails).",
    required: [
      'id',
      'userPrincipalName',
      'isAdmin',
      'isMfaRegistered',
      'isMfaCapable',
      'isPasswordlessCapable',
      'methodsRegistered',
      'defaultMfaMethod',
      'perUserMfaState',
      'mfaRequiredBy',
      'mfaRequiredByReportOnly',
    ],
    properties: {
      id: { type: 'string', description: "Keycloak's user id." },
      userPrincipalName: { type: 'string', description: 'The username.' },
      isAdmin: {
        type: 'boolean',
        description: 'Holds one of mfaSettings.privilegedRoles (effective roles).',
      },
      isMfaRegistered: { type: 'boolean', description: 'Has any MFA method registered.' },
      isMfaCapable: {
        type: 'boolean',
        description: 'Has an MFA method the authentication methods policy lets this user use.',
      },
      isPasswordlessCapable: { type: 'boolean', description: 'Has a usable passkey.' },
      methodsRegistered: {
        type: 'array',
        items: { type: 'string', enum: REGISTERED_METHODS },
        description:
          'Passkeys told apart by the WebAuthn backup flags where Keycloak stores them (synced, device-bound; ' +
          'passkey when unknown); a WebAuthn second factor is a securityKey.',
      },
      defaultMfaMethod: { type: 'string', enum: [...REGISTERED_METHODS, 'none'] },
      perUserMfaState: {
        type: 'string',
        description:
          'disabled, enabled or enforced (enabled with a method reads enforced: the automatic move).',
      },
      mfaRequiredBy: stringList(
        'Sources that require MFA for a browser sign-in to some application from an untrusted network: ' +
          'securityDefaults, perUser:enabled, perUser:enforced, policy:<displayName>, evaluationError.',
      ),
      mfaRequiredByReportOnly: stringList(
        'Report-only policies that would require MFA there (policy:<name>).',
      ),
    },
  },
  UserRegistrationDetailsCollection: {
    type: 'object',
    required: ['value'],
    properties: { value: { type: 'array', items: schemaRef('UserRegistrationDetails') } },
  },
  SignIn: {
    type: 'object',
    description: "One sign-in from Keycloak's stored LOGIN / LOGIN_ERROR events, with Keyward's details.",
    required: ['createdDateTime', 'status', 'mfaRequiredBy', 'appliedConditionalAccessPolicies'],
    properties: {
      createdDateTime: { type: 'string', format: 'date-time' },
      userId: { type: ['string', 'null'] },
      userPrincipalName: { type: ['string', 'null'] },
      appId: { type: ['string', 'null'], description: 'The client id.' },
      ipAddress: { type: ['string', 'null'] },
      clientAppType: { type: ['string', 'null'], description: 'browser or other (absent without Keyward).' },
      status: { type: 'string', enum: ['success', 'failure'] },
      errorCode: { type: ['string', 'null'], description: "Keycloak's event error on a failure." },
      appliedConditionalAccessPolicies: stringList('Enabled policies that applied.'),
      reportOnlyConditionalAccessPolicies: {
        type: 'array',
        items: {
          type: 'object',
          required: ['displayName', 'result'],
          properties: { displayName: { type: 'string' }, result: { type: 'string' } },
        },
      },
      mfaRequiredBy: stringList('Sources that required MFA.'),
      authenticationStrength: { type: ['string', 'null'] },
      authenticationMethod: { type: ['string', 'null'], description: 'What satisfied MFA.' },
      blockedBy: { type: ['string', 'null'] },
      passwordChangeRequiredBy: stringList('Sources that required a password change.'),
    },
  },
  SignInCollection: {
    type: 'object',
    required: ['eventsEnabled', 'value'],
    properties: {
      eventsEnabled: {
        type: 'boolean',
        description: 'false: the realm does not save events, so Keycloak keeps no sign-ins to list.',
      },
      value: { type: 'array', items: schemaRef('SignIn') },
    },
  },
  Error: {
    type: 'object',
    description: 'Every error answer (SPEC §6), shaped as Microsoft Graph shapes its errors.',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            description:
              'Stable code: badRequest, invalidRequest, invalidDocument, unauthenticated, ' +
              'invalidAuthenticationToken, accessDenied, itemNotFound, notAllowed, planRefused, conflict, ' +
              'tooManyRequests, keycloakRequestFailed, serviceNotAvailable, generalException.',
          },
          message: { type: 'string' },
          details: { type: 'array', items: schemaRef('ErrorDetail') },
          innerError: {
            type: 'object',
            properties: { 'request-id': { type: 'string' }, date: { type: 'string', format: 'date-time' } },
          },
        },
      },
    },
  },
  ErrorDetail: {
    type: 'object',
    required: ['code', 'target', 'message'],
    properties: {
      code: { type: 'string', description: 'The rule broken, e.g. enum, required, unknown-key.' },
      target: {
        type: 'string',
        description:
          "RFC 6901 JSON pointer into the request body ('' is the body itself); for a path or query " +
          'parameter, its name.',
      },
      message: { type: 'string' },
    },
  },
  PolicyDocument: policyDocumentSchema(),
  PolicyChange: {
    type: 'object',
    required: ['kind', 'summary'],
    properties: {
      kind: {
        type: 'string',
        description: 'What the reconciler does, e.g. replace-flow, create-realm-role, set-attribute.',
      },
      summary: { type: 'string', description: 'One line, as `keyward plan` prints it.' },
      diff: {
        type: 'array',
        items: { type: 'string' },
        description: 'For flows: the tree as Keycloak shows it, lines prefixed "- ", "+ " or "  ".',
      },
    },
  },
  PolicyChangeResult: {
    type: 'object',
    required: ['realm', 'dryRun', 'changes', 'warnings'],
    properties: {
      realm: { type: 'string' },
      dryRun: { type: 'boolean', description: 'true: nothing was changed, `changes` is the plan.' },
      changes: { type: 'array', items: schemaRef('PolicyChange') },
      warnings: { type: 'array', items: schemaRef('ErrorDetail') },
    },
  },
  ConditionalAccessPolicyCollection: {
    type: 'object',
    required: ['value'],
    properties: {
      value: {
        type: 'array',
        items: schemaRef('PolicyDocument/properties/conditionalAccessPolicies/items'),
      },
    },
  },
  NamedLocationCollection: {
    type: 'object',
    required: ['value'],
    properties: {
      value: { type: 'array', items: schemaRef('PolicyDocument/properties/namedLocations/items') },
    },
  },
  WhatIfSignIn: {
    type: 'object',
    description: 'One hypothetical sign-in, as `keyward whatif` takes it.',
    additionalProperties: false,
    required: ['user', 'clientId', 'ipAddress', 'clientAppType'],
    properties: {
      user: { type: 'string', minLength: 1, description: "Username, or Keycloak's user id." },
      clientId: { type: 'string', minLength: 1, description: 'The application (client id).' },
      ipAddress: {
        type: 'string',
        anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }],
        description: 'The client address as Keycloak would resolve it.',
      },
      clientAppType: { type: 'string', enum: ['browser', 'other'] },
      devicePlatform: {
        type: ['string', 'null'],
        enum: [...DEVICE_PLATFORMS.filter((platform) => platform !== 'all'), null],
        description: 'The platform; null for unknown. When absent it is read from userAgent.',
      },
      userAgent: { type: 'string', maxLength: 2000 },
      hasRememberMfaMark: { type: 'boolean', default: false },
    },
  },
  WhatIfResult: {
    type: 'object',
    description: 'The sign-in as evaluated, the decision (SPEC §3) and what Keycloak would do with it.',
    required: ['realm', 'signIn', 'enforcement', 'evaluation'],
    properties: {
      realm: { type: 'string' },
      signIn: {
        type: 'object',
        description:
          'The user as Keycloak knows them (groups, effective roles, per-user state, methods), the ' +
          'application, address, client app type, platform and the named locations the address lies in.',
      },
      enforcement: {
        type: 'string',
        enum: [
          'signed-in',
          'remembered',
          'second-factor',
          'registration',
          'registration-snoozed',
          'password-change',
          'blocked',
          'refused-strength',
          'refused-legacy',
          'app-password',
        ],
      },
      evaluation: {
        type: 'object',
        description:
          'outcome (none | mfa | block), strength, requiredBy, blockedBy, passwordChangeRequiredBy, policies ' +
          '(each with applied, failedCondition, result), satisfiedBy, sessionControls.',
        required: ['outcome', 'requiredBy', 'policies'],
        properties: {
          outcome: { type: 'string', enum: ['none', 'mfa', 'block'] },
          strength: { type: ['string', 'null'] },
          requiredBy: { type: 'array', items: { type: 'string' } },
          blockedBy: { type: ['string', 'null'] },
          policies: { type: 'array', items: { type: 'object' } },
        },
      },
    },
  },
  AuthenticationRequirements: {
    type: 'object',
    description: "A user's per-user MFA state (SPEC §3.2), as Entra's per-user MFA page shows it.",
    additionalProperties: false,
    required: ['perUserMfaState'],
    properties: {
      perUserMfaState: {
        type: 'string',
        enum: PER_USER_MFA_STATES,
        description:
          'disabled: adds nothing. enabled: MFA on browser sign-ins and registration at the next one. ' +
          'enforced: as enabled, and the password grant needs an app password.',
      },
    },
  },
  AuthenticationMethod: {
    type: 'object',
    required: ['id', 'methodType', 'displayName', 'keycloakCredentialType'],
    properties: {
      id: { type: 'string', description: "Keycloak's credential id." },
      methodType: {
        type: 'string',
        enum: [
          'password',
          'softwareOath',
          'fido2',
          'email',
          'recoveryCodes',
          'temporaryAccessPass',
          'appPassword',
          'other',
        ],
      },
      displayName: {
        type: 'string',
        description: "The user's label, else the everyday name (Authenticator app, Passkey, Security key…).",
      },
      createdDateTime: { type: 'string', format: 'date-time' },
      keycloakCredentialType: { type: 'string', description: "Keycloak's credential type, e.g. otp." },
    },
  },
  AuthenticationMethodCollection: {
    type: 'object',
    required: ['value'],
    properties: { value: { type: 'array', items: schemaRef('AuthenticationMethod') } },
  },
  ReregistrationResult: {
    type: 'object',
    description: 'What "require re-register MFA" did.',
    required: ['removed', 'mfaSessionVersion'],
    properties: {
      removed: {
        type: 'array',
        items: schemaRef('AuthenticationMethod'),
        description: 'The MFA methods removed (the password and a Temporary Access Pass stay).',
      },
      mfaSessionVersion: {
        type: 'integer',
        minimum: 1,
        description:
          'The user’s MFA session version now; remember-MFA marks of earlier versions no longer count.',
      },
    },
  },
  TemporaryAccessPassRequest: {
    type: 'object',
    description:
      "Graph's temporaryAccessPassAuthenticationMethod request, plus length; what is omitted takes the TAP " +
      "policy's default. Keycloak checks it against the realm's TAP policy (SPEC §4).",
    additionalProperties: false,
    properties: {
      lifetimeInMinutes: {
        type: 'integer',
        minimum: 10,
        maximum: 43_200,
        description: "Within the policy's minimum and maximum (422 with details otherwise).",
      },
      startDateTime: {
        type: 'string',
        format: 'date-time',
        description: 'When the pass starts to work, with a zone; not in the past. Default: now.',
      },
      isUsableOnce: { type: 'boolean', description: "Default: the policy's isUsableOnce." },
      length: {
        type: 'integer',
        minimum: 8,
        maximum: 48,
        description: "Characters in the pass. Default: the policy's defaultLength.",
      },
    },
  },
  TemporaryAccessPass: {
    type: 'object',
    description:
      "A user's Temporary Access Pass (Graph's temporaryAccessPassAuthenticationMethod) without the pass " +
      'itself, plus who created it, when it ends, its length and its last use. Times in UTC.',
    required: [
      'id',
      'createdDateTime',
      'startDateTime',
      'lifetimeInMinutes',
      'isUsableOnce',
      'isUsable',
      'methodUsabilityReason',
    ],
    properties: {
      id: { type: 'string', description: "Keycloak's credential id." },
      createdDateTime: { type: 'string', format: 'date-time' },
      createdBy: {
        type: 'string',
        description: 'Who issued it in Keycloak (through the bridge: its service account, name@master).',
      },
      startDateTime: { type: 'string', format: 'date-time' },
      endDateTime: { type: 'string', format: 'date-time' },
      lifetimeInMinutes: { type: 'integer' },
      isUsableOnce: { type: 'boolean' },
      length: { type: 'integer' },
      isUsable: { type: 'boolean' },
      methodUsabilityReason: {
        type: 'string',
        enum: ['EnabledByPolicy', 'DisabledByPolicy', 'NotYetValid', 'Expired', 'OneTimeUsed'],
      },
      lastUsedDateTime: { type: ['string', 'null'], description: 'ISO 8601; null until first used.' },
    },
  },
  IssuedTemporaryAccessPass: {
    description: 'A pass just issued: the only answer that ever contains the pass.',
    allOf: [
      schemaRef('TemporaryAccessPass'),
      {
        type: 'object',
        required: ['temporaryAccessPass'],
        properties: {
          temporaryAccessPass: {
            type: 'string',
            description:
              'The pass, from 23456789ABCDEFGHJKMNPQRSTUVWXYZ. Shown once; only a slow hash is stored.',
          },
        },
      },
    ],
  },
  TemporaryAccessPassCollection: {
    type: 'object',
    required: ['value'],
    properties: {
      value: {
        type: 'array',
        maxItems: 1,
        items: schemaRef('TemporaryAccessPass'),
        description: 'The user’s pass, or nothing: a user has at most one.',
      },
    },
  },
  AppPasswordRequest: {
    type: 'object',
    description: 'A new app password (SPEC §5): only its name; Keycloak makes the password.',
    additionalProperties: false,
    required: ['displayName'],
    properties: {
      displayName: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
        pattern: '\\S',
        description:
          'The name the user chooses, e.g. the mail client it is for; unique per user, ignoring case.',
      },
    },
  },
  AppPassword: {
    type: 'object',
    description: 'An app password as listed: its name and creation date, never the password.',
    required: ['id', 'displayName', 'createdDateTime'],
    properties: {
      id: { type: 'string', description: "Keycloak's credential id." },
      displayName: { type: 'string' },
      createdDateTime: { type: 'string', format: 'date-time' },
    },
  },
  CreatedAppPassword: {
    description: 'An app password just created: the only answer that ever contains the password.',
    allOf: [
      schemaRef('AppPassword'),
      {
        type: 'object',
        required: ['password'],
        properties: {
          password: {
            type: 'string',
            description:
              'Five groups of four characters from 23456789ABCDEFGHJKMNPQRSTUVWXYZ. Shown once; only a slow ' +
              'hash is stored. Legacy clients send it as the password of the password grant.',
          },
        },
      },
    ],
  },
  AppPasswordCollection: {
    type: 'object',
    required: ['value'],
    properties: {
      value: { type: 'array', maxItems: 40, items: schemaRef('AppPassword'), description: 'Oldest first.' },
    },
  },
  BooleanResult: {
    type: 'object',
    description: 'As Graph answers actions such as revokeSignInSessions.',
    required: ['value'],
    properties: { value: { type: 'boolean' } },
  },
  Health: {
    type: 'object',
    required: ['status'],
    properties: { status: { const: 'ok' } },
  },
};

const parameters: Record<string, ParameterObject> = {
  user: {
    name: 'user',
    in: 'path',
    required: true,
    description: "Username, or Keycloak's user id, in the realm that issued the token.",
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
  methodId: {
    name: 'id',
    in: 'path',
    required: true,
    description: "The method's id as listed by GET …/authentication/methods (Keycloak's credential id).",
    schema: { type: 'string', minLength: 1, maxLength: 64 },
  },
  appPasswordId: {
    name: 'id',
    in: 'path',
    required: true,
    description: "The app password's id as listed by GET /v1/me/appPasswords.",
    schema: { type: 'string', minLength: 1, maxLength: 64 },
  },
  top: {
    name: '$top',
    in: 'query',
    required: false,
    description: 'At most this many sign-ins, newest first.',
    schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
  dryRun: {
    name: 'dryRun',
    in: 'query',
    required: false,
    description: 'true: validate and plan only; nothing changes.',
    schema: { type: 'boolean', default: false },
  },
  allowLockout: {
    name: 'allowLockout',
    in: 'query',
    required: false,
    description:
      'true: go ahead although no privileged user could sign in afterwards (`--i-understand-lockout`); ' +
      'without it such a document is refused with 409 planRefused.',
    schema: { type: 'boolean', default: false },
  },
};

const errorResponse = (description: string): ResponseObject => ({
  description,
  content: json(schemaRef('Error')),
});

const responses: Record<string, ResponseObject> = {
  BadRequest: errorResponse('A parameter or the body cannot be read (badRequest).'),
  Unauthorized: {
    ...errorResponse(
      'No bearer token (unauthenticated), or one that is expired, badly signed, for another audience or from ' +
        'an issuer the bridge does not trust (invalidAuthenticationToken).',
    ),
    headers: {
      'WWW-Authenticate': { description: 'RFC 6750 challenge.', schema: { type: 'string' } },
    },
  },
  Forbidden: errorResponse('The token lacks the realm role keyward-admin (accessDenied).'),
  NotFound: errorResponse(
    'No such user, method or document in the realm that issued the token (itemNotFound).',
  ),
  UnprocessableContent: errorResponse(
    'The body breaks its schema (invalidRequest) or the policy rules (invalidDocument); `details` point at ' +
      'each problem.',
  ),
  Unavailable: errorResponse('Keycloak does not answer (serviceNotAvailable).'),
  TooManyRequests: {
    ...errorResponse(
      'This client address used up its request budget for the window (tooManyRequests); the budget is ' +
        'per bridge instance (KEYWARD_RATE_LIMIT_API per KEYWARD_RATE_LIMIT_WINDOW_SECONDS).',
    ),
    headers: {
      'Retry-After': {
        description: 'Seconds until the budget is refilled.',
        schema: { type: 'integer', minimum: 0 },
      },
      RateLimit: {
        description: 'IETF draft-7 fields: `limit`, `remaining` and `reset` (seconds).',
        schema: { type: 'string' },
      },
    },
  },
};

const standardErrors = (access: Access, ...extra: string[]): Record<string, ReferenceObject> => {
  const list: Record<string, ReferenceObject> = {};
  if (access !== 'public') list['401'] = ref('responses', 'Unauthorized');
  if (access === 'admin') list['403'] = ref('responses', 'Forbidden');
  for (const status of extra) {
    const name = { '400': 'BadRequest', '404': 'NotFound', '422': 'UnprocessableContent' }[status];
    if (name) list[status] = ref('responses', name);
  }
  if (access !== 'public') {
    list['429'] = ref('responses', 'TooManyRequests');
    list['503'] = ref('responses', 'Unavailable');
  }
  return list;
};

const policyBody: RequestBodyObject = {
  description:
    'The whole policy document (SPEC §2), as JSON or YAML. Validated like `keyward validate`: unknown keys ' +
    'are errors, every default is filled in, and references to users, groups, roles and clients must exist.',
  required: true,
  content: {
    'application/json': { schema: schemaRef('PolicyDocument') },
    'application/yaml': { schema: schemaRef('PolicyDocument') },
  },
};

/** The operations served by route handlers, in the order the document lists them. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: 'getPolicy',
    method: 'get',
    path: '/v1/policy',
    access: 'admin',
    tags: ['policy'],
    summary: "The realm's applied policy document",
    description: 'As last applied (by PUT /v1/policy or `keyward apply`), with every default filled in.',
    responses: {
      '200': { description: 'The document.', content: json(schemaRef('PolicyDocument')) },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'setPolicy',
    method: 'put',
    path: '/v1/policy',
    access: 'admin',
    body: 'text',
    tags: ['policy'],
    summary: "Validate, plan and apply the realm's policy document",
    description:
      'Validates the document, checks its references against the realm and the lock-out guard, plans the ' +
      'changes and applies them under the realm’s apply lock, as `keyward apply` does. With dryRun=true it ' +
      'stops after the plan.',
    parameters: [ref('parameters', 'dryRun'), ref('parameters', 'allowLockout')],
    requestBody: policyBody,
    responses: {
      '200': {
        description: 'The changes planned (dryRun) or made; empty when the realm already matches.',
        content: json(schemaRef('PolicyChangeResult')),
      },
      '409': errorResponse(
        'The document would lock every privileged user out (planRefused), or another apply holds the realm ' +
          '(conflict).',
      ),
      ...standardErrors('admin', '400', '422'),
    },
  },
  {
    operationId: 'listConditionalAccessPolicies',
    method: 'get',
    path: '/v1/identity/conditionalAccess/policies',
    access: 'admin',
    tags: ['conditionalAccess'],
    summary: 'Conditional Access policies of the applied document',
    responses: {
      '200': {
        description: 'Every policy, disabled ones too.',
        content: json(schemaRef('ConditionalAccessPolicyCollection')),
      },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'listNamedLocations',
    method: 'get',
    path: '/v1/identity/conditionalAccess/namedLocations',
    access: 'admin',
    tags: ['conditionalAccess'],
    summary: 'Named locations of the applied document',
    responses: {
      '200': { description: 'Every named location.', content: json(schemaRef('NamedLocationCollection')) },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'evaluateSignIn',
    method: 'post',
    path: '/v1/identity/conditionalAccess/evaluate',
    access: 'admin',
    body: 'json',
    tags: ['conditionalAccess'],
    summary: 'What-if for one sign-in',
    description:
      'Evaluates security defaults, per-user MFA and every Conditional Access policy of the applied document ' +
      'for one hypothetical sign-in of a real user, with the rule set Keycloak enforces (SPEC §3).',
    requestBody: { description: 'The sign-in.', required: true, content: json(schemaRef('WhatIfSignIn')) },
    responses: {
      '200': { description: 'The decision.', content: json(schemaRef('WhatIfResult')) },
      ...standardErrors('admin', '400', '404', '422'),
    },
  },
  {
    operationId: 'getAuthenticationRequirements',
    method: 'get',
    path: '/v1/users/{user}/authentication/requirements',
    access: 'admin',
    tags: ['users'],
    summary: "A user's per-user MFA state",
    parameters: [ref('parameters', 'user')],
    responses: {
      '200': { description: 'The state.', content: json(schemaRef('AuthenticationRequirements')) },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'updateAuthenticationRequirements',
    method: 'patch',
    path: '/v1/users/{user}/authentication/requirements',
    access: 'admin',
    body: 'json',
    tags: ['users'],
    summary: "Change a user's per-user MFA state",
    parameters: [ref('parameters', 'user')],
    requestBody: {
      description: 'The new state.',
      required: true,
      content: json(schemaRef('AuthenticationRequirements')),
    },
    responses: {
      '200': { description: 'The state now.', content: json(schemaRef('AuthenticationRequirements')) },
      ...standardErrors('admin', '400', '404', '422'),
    },
  },
  {
    operationId: 'listAuthenticationMethods',
    method: 'get',
    path: '/v1/users/{user}/authentication/methods',
    access: 'admin',
    tags: ['users'],
    summary: "A user's registered methods, password included",
    parameters: [ref('parameters', 'user')],
    responses: {
      '200': { description: 'The methods.', content: json(schemaRef('AuthenticationMethodCollection')) },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'deleteAuthenticationMethod',
    method: 'delete',
    path: '/v1/users/{user}/authentication/methods/{id}',
    access: 'admin',
    tags: ['users'],
    summary: 'Remove one registered method',
    description: 'The password cannot be removed here (409 notAllowed).',
    parameters: [ref('parameters', 'user'), ref('parameters', 'methodId')],
    responses: {
      '204': { description: 'Removed.' },
      '409': errorResponse('The method is the password (notAllowed).'),
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'revokeSignInSessions',
    method: 'post',
    path: '/v1/users/{user}/revokeSignInSessions',
    access: 'admin',
    tags: ['users'],
    summary: "End all of a user's sessions",
    description:
      'Browser SSO sessions and offline tokens; access tokens already issued live until they expire.',
    parameters: [ref('parameters', 'user')],
    responses: {
      '200': { description: 'Done.', content: json(schemaRef('BooleanResult')) },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'revokeMfaSessions',
    method: 'post',
    path: '/v1/users/{user}/revokeMfaSessions',
    access: 'admin',
    tags: ['users'],
    summary: "Revoke a user's remember-MFA marks",
    description:
      'Increments the MFA session version every mark is bound to: on every browser the next sign-in asks for MFA ' +
      'again. SSO sessions stay (revokeSignInSessions ends them).',
    parameters: [ref('parameters', 'user')],
    responses: {
      '200': { description: 'Revoked.', content: json(schemaRef('BooleanResult')) },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'requireReregistration',
    method: 'post',
    path: '/v1/users/{user}/authentication/requireReregistration',
    access: 'admin',
    tags: ['users'],
    summary: 'Require re-register MFA',
    description:
      'Removes every MFA method of the user (authenticator apps, passkeys and security keys, recovery codes, ' +
      'email codes) and voids their remember-MFA marks; the next sign-in that requires MFA registers a method ' +
      'again. The password and a Temporary Access Pass stay. Sessions are not ended (revokeSignInSessions does).',
    parameters: [ref('parameters', 'user')],
    responses: {
      '200': { description: 'Done.', content: json(schemaRef('ReregistrationResult')) },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'createTemporaryAccessPass',
    method: 'post',
    path: '/v1/users/{user}/authentication/temporaryAccessPassMethods',
    access: 'admin',
    body: 'json',
    tags: ['users'],
    summary: 'Issue a Temporary Access Pass, replacing the user’s previous one',
    description:
      'The answer is the only place the pass ever appears: it is stored as a slow hash, never logged, and ' +
      'no other answer contains it (Cache-Control: no-store). Keycloak checks the request against the ' +
      "realm's TAP policy: out of its bounds, or a user outside its targets, is 422 with details; a policy " +
      'that does not enable the TAP is 409 notAllowed.',
    parameters: [ref('parameters', 'user')],
    requestBody: {
      description: 'What to issue; `{}` takes every default of the policy.',
      required: true,
      content: json(schemaRef('TemporaryAccessPassRequest')),
    },
    responses: {
      '201': {
        description: 'Issued. Show the pass to the user once; it cannot be read again.',
        content: json(schemaRef('IssuedTemporaryAccessPass')),
      },
      '409': errorResponse('The TAP policy does not enable the Temporary Access Pass (notAllowed).'),
      ...standardErrors('admin', '400', '404', '422'),
    },
  },
  {
    operationId: 'listTemporaryAccessPasses',
    method: 'get',
    path: '/v1/users/{user}/authentication/temporaryAccessPassMethods',
    access: 'admin',
    tags: ['users'],
    summary: 'The metadata of the user’s Temporary Access Pass, never the pass',
    parameters: [ref('parameters', 'user')],
    responses: {
      '200': {
        description: 'The pass’s metadata, or an empty list.',
        content: json(schemaRef('TemporaryAccessPassCollection')),
      },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'deleteTemporaryAccessPass',
    method: 'delete',
    path: '/v1/users/{user}/authentication/temporaryAccessPassMethods',
    access: 'admin',
    tags: ['users'],
    summary: 'Delete the user’s Temporary Access Pass',
    description: 'It stops working at once, also on a sign-in page already open. 404 when the user has none.',
    parameters: [ref('parameters', 'user')],
    responses: {
      '204': { description: 'Deleted.' },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'listMyAuthenticationMethods',
    method: 'get',
    path: '/v1/me/authentication/methods',
    access: 'signedIn',
    tags: ['me'],
    summary: 'The signed-in user’s registered methods',
    responses: {
      '200': { description: 'The methods.', content: json(schemaRef('AuthenticationMethodCollection')) },
      ...standardErrors('signedIn', '404'),
    },
  },
  {
    operationId: 'revokeMySignInSessions',
    method: 'post',
    path: '/v1/me/revokeSignInSessions',
    access: 'signedIn',
    tags: ['me'],
    summary: 'Sign the signed-in user out everywhere',
    responses: {
      '200': { description: 'Done.', content: json(schemaRef('BooleanResult')) },
      ...standardErrors('signedIn', '404'),
    },
  },
  {
    operationId: 'listMyAppPasswords',
    method: 'get',
    path: '/v1/me/appPasswords',
    access: 'signedIn',
    tags: ['me'],
    summary: 'The signed-in user’s app passwords: names and dates only',
    responses: {
      '200': { description: 'The app passwords.', content: json(schemaRef('AppPasswordCollection')) },
      ...standardErrors('signedIn', '404'),
    },
  },
  {
    operationId: 'createMyAppPassword',
    method: 'post',
    path: '/v1/me/appPasswords',
    access: 'signedIn',
    body: 'json',
    tags: ['me'],
    summary: 'Create an app password for a legacy client',
    description:
      'Only where the policy allows app passwords (mfaSettings.appPasswords.isAllowed), for users whose ' +
      'per-user MFA state is enforced and who hold no privileged role, at most 40 per user. The answer is the ' +
      'only place the password ever appears (Cache-Control: no-store). It works only on the password grant, ' +
      'where it stands for password and MFA, and a password reset revokes every app password.',
    requestBody: { description: 'Its name.', required: true, content: json(schemaRef('AppPasswordRequest')) },
    responses: {
      '201': {
        description: 'Created. Show the password once; it cannot be read again.',
        content: json(schemaRef('CreatedAppPassword')),
      },
      '409': errorResponse(
        'App passwords are not allowed in the realm, the user has 40 already, or the name is in use ' +
          '(notAllowed; the detail’s code says which: appPasswordsNotAllowed, tooManyAppPasswords, ' +
          'displayNameInUse).',
      ),
      '422': errorResponse(
        'The body breaks its schema, or the user may not have app passwords (invalidRequest; the detail’s code ' +
          'says why: userNotEnforced, userPrivileged, invalidDisplayName).',
      ),
      ...standardErrors('signedIn', '400', '404'),
    },
  },
  {
    operationId: 'deleteMyAppPassword',
    method: 'delete',
    path: '/v1/me/appPasswords/{id}',
    access: 'signedIn',
    tags: ['me'],
    summary: 'Delete one of the signed-in user’s app passwords',
    description: 'It stops working at once. 404 when the user has no app password with that id.',
    parameters: [ref('parameters', 'appPasswordId')],
    responses: {
      '204': { description: 'Deleted.' },
      ...standardErrors('signedIn', '404'),
    },
  },
  {
    operationId: 'listUserRegistrationDetails',
    method: 'get',
    path: '/v1/reports/authenticationMethods/userRegistrationDetails',
    access: 'admin',
    tags: ['reports'],
    summary: 'Every user’s registered methods and which sources require MFA',
    description:
      'Computed with the rule set Keycloak enforces under the applied document, so a user whose per-user ' +
      'state is disabled but whom security defaults or a policy prompt is listed with those sources.',
    responses: {
      '200': {
        description: 'One entry per user.',
        content: json(schemaRef('UserRegistrationDetailsCollection')),
      },
      ...standardErrors('admin', '404'),
    },
  },
  {
    operationId: 'listSignIns',
    method: 'get',
    path: '/v1/auditLogs/signIns',
    access: 'admin',
    tags: ['reports'],
    summary: "Sign-ins from Keycloak's stored events",
    parameters: [ref('parameters', 'top')],
    responses: {
      '200': { description: 'Newest first.', content: json(schemaRef('SignInCollection')) },
      ...standardErrors('admin', '400'),
    },
  },
];

/** Routes the app serves itself, outside `/v1`, without authentication. */
export const INFRASTRUCTURE_OPERATIONS: readonly ApiOperation<string>[] = [
  {
    operationId: 'getOpenApiDocument',
    method: 'get',
    path: '/openapi.json',
    access: 'public',
    tags: ['operations'],
    summary: 'This document',
    responses: { '200': { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) } },
  },
  {
    operationId: 'getHealth',
    method: 'get',
    path: '/healthz',
    access: 'public',
    tags: ['operations'],
    summary: 'Liveness: the process answers',
    description: 'Does not call Keycloak, so a Keycloak outage does not restart every bridge instance.',
    responses: { '200': { description: 'Alive.', content: json(schemaRef('Health')) } },
  },
  {
    operationId: 'getMetrics',
    method: 'get',
    path: '/metrics',
    access: 'public',
    tags: ['operations'],
    summary: 'Prometheus metrics',
    responses: {
      '200': {
        description: 'Prometheus text exposition format.',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
    },
  },
];

function securityOf(access: Access) {
  if (access === 'public') return [];
  return [{ [BEARER_SCHEME]: access === 'admin' ? [KEYWARD_ADMIN_ROLE] : [] }];
}

/** The OpenAPI 3.1 document of the bridge, built from the operation lists. */
export function openApiDocument(
  operations: readonly ApiOperation<string>[] = [...API_OPERATIONS, ...INFRASTRUCTURE_OPERATIONS],
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const { method, path, access, body: _body, ...operation } of operations) {
    paths[path] ??= {};
    (paths[path] as Partial<Record<HttpMethod, OperationObject>>)[method] = {
      ...operation,
      security: securityOf(access),
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Keyward bridge',
      version: '1.0.0',
      summary: 'MFA governance for self-hosted Keycloak: policy, Conditional Access, per-user MFA, methods.',
      description:
        'Every /v1 route needs a bearer access token from a realm the bridge trusts, with the audience the ' +
        'bridge is configured for (default keyward-bridge: request the client scope keyward-bridge). The ' +
        'realm that issued the token is the realm acted on. Admin routes need the realm role keyward-admin; ' +
        '/v1/me routes act on the token’s own user.',
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    },
    tags: [
      { name: 'policy', description: "The realm's policy document (SPEC §2)." },
      { name: 'conditionalAccess', description: 'Read views of Conditional Access.' },
      {
        name: 'users',
        description: 'Per-user MFA, registered methods, Temporary Access Passes and sessions (admins).',
      },
      { name: 'me', description: 'Self-service for the signed-in user.' },
      { name: 'reports', description: 'Registration and sign-ins reports (admins).' },
      { name: 'operations', description: 'Health, metrics and this document; no authentication.' },
    ],
    paths,
    components: {
      schemas,
      parameters,
      responses,
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An access token from the realm's Keycloak. The listed roles are realm roles the token must carry.",
        },
      },
    },
  };
}
