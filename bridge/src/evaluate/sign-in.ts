/**
 * The whole sign-in rule set of SPEC §3 for one sign-in: security defaults, per-user MFA and every Conditional
 * Access policy, combined. The TypeScript twin of the Java enforcement; both pass `test/vectors/sign-in.json`,
 * whose rules docs/architecture.md spells out ("The rules the vectors pin"). Pure: what-if, plan checks and the
 * API call it with data their adapters read from Keycloak.
 */
import ipaddr from 'ipaddr.js';
import {
  ALL,
  ALL_TRUSTED,
  AUTHENTICATION_STRENGTHS,
  type AuthenticationMethodConfiguration,
  type AuthenticationStrength,
  type ConditionalAccessPolicy,
  type ConditionalAccessPolicyState,
  type MethodTarget,
  type PolicyDocument,
} from '../policy/types.js';
import { type DevicePlatform, platformOf } from './platform.js';
import { DEFAULT_ADMIN_CLIENT_IDS, type SignInClientAppType } from './security-defaults.js';

/** Registered MFA methods as the vectors name them (Keycloak credential types, WebAuthn told apart). */
export const USER_METHODS = [
  'otp',
  'webauthn-passwordless',
  'webauthn-2fa',
  'recovery-codes',
  'email',
] as const;
/** A registered MFA method as the vectors name it. */
export type UserMethod = (typeof USER_METHODS)[number];

/** What Keycloak knows of the user at the moment of the sign-in. */
export interface SignInUser {
  username: string;
  /** Direct group paths; ancestors count for group conditions. */
  groups: string[];
  /** Effective realm roles (composites and group roles expanded). */
  realmRoles: string[];
  /** Effective client roles as `client/role`. */
  clientRoles: string[];
  /**
   * The `keyward.perUserMfaState` attribute: `disabled` (also for an absent attribute), `enabled`, `enforced`.
   * Any other value fails closed.
   */
  perUserMfaState: string;
  /** Registered methods ({@link UserMethod}); unknown names satisfy nothing. */
  methods: string[];
  /**
   * Whether the account has an email address: the combined registration offers email codes only then. Absent: not
   * known (the shared vectors), and email codes are not counted as registrable.
   */
  hasEmailAddress?: boolean;
  /**
   * The registration campaign's snooze of a user without a method (the admin-only `keyward.registrationSnooze`
   * attribute): how many "Not now" the user chose, and until when the last one holds (ISO-8601). Absent: none, or a
   * value that cannot be read (Keycloak then counts every snooze as used).
   */
  registrationSnooze?: { snoozes: number; snoozedUntil: string };
  /** How many app passwords (SPEC §5) the user holds. Absent: none. */
  appPasswords?: number;
}

/** One sign-in, as Keycloak sees it. */
export interface SignIn {
  user: SignInUser;
  clientId: string;
  /** The client address as Keycloak resolved it behind its configured proxy. */
  ip: string;
  clientAppType: SignInClientAppType;
  /** Read for the platform unless `platform` is given. */
  userAgent?: string | null;
  /** The platform, when known without a User-Agent (what-if's `--platform`); `null` = unknown. */
  platform?: DevicePlatform | null;
  hasRememberMfaMark: boolean;
}

/** The conditions of a policy, in the order SPEC §3.3 checks them. */
export const POLICY_CONDITIONS = [
  'users',
  'applications',
  'locations',
  'clientAppTypes',
  'platforms',
] as const;
/** A condition of a policy, in the order SPEC §3.3 checks them. */
export type PolicyCondition = (typeof POLICY_CONDITIONS)[number];

/** What an applicable policy asks of the sign-in. */
export type PolicyResult = 'none' | 'mfa' | 'block' | 'passwordChange' | 'mfaAndPasswordChange';

/** One enabled or report-only policy's part in a sign-in. */
export interface PolicyEvaluation {
  name: string;
  state: Exclude<ConditionalAccessPolicyState, 'disabled'>;
  applied: boolean;
  /** The first condition that did not match; null when the policy applied. */
  failedCondition: PolicyCondition | null;
  result: PolicyResult;
  /** The strength the policy asks; null when it asks no MFA or did not apply. */
  strength: AuthenticationStrength | null;
}

/** The session controls the enforced, applicable policies put on the sign-in. */
export interface SessionControlsDecision {
  /** Re-authenticate when the SSO session is older than this; 0 = every time; null = no limit. */
  signInFrequencySeconds: number | null;
  persistentBrowser: 'always' | 'never' | null;
}

/** The decision for one sign-in, in the shape of the vectors' `expected`. */
export interface SignInEvaluation {
  outcome: 'none' | 'mfa' | 'block';
  strength: AuthenticationStrength | null;
  /** `securityDefaults`, `perUser:<state>`, `policy:<name>` in document order, `evaluationError`. */
  requiredBy: string[];
  blockedBy: string | null;
  passwordChangeRequiredBy: string[];
  policies: PolicyEvaluation[];
  /** Per registered method (and `rememberMfa` when a mark is present): whether it meets `strength`. */
  satisfiedBy: Record<string, boolean>;
  sessionControls: SessionControlsDecision;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

interface PreparedLocation {
  name: string;
  isTrusted: boolean;
  ranges: Range[];
}

/**
 * A document made ready for many sign-ins: CIDR ranges parsed once. Cached per document object, so callers must not
 * mutate a document after evaluating under it (validated documents are treated as immutable throughout).
 */
interface PreparedDocument {
  locations: PreparedLocation[];
  policies: ConditionalAccessPolicy[];
}

const prepared = new WeakMap<PolicyDocument, PreparedDocument>();

function prepare(document: PolicyDocument): PreparedDocument {
  let ready = prepared.get(document);
  if (ready === undefined) {
    ready = {
      locations: document.namedLocations.map((location) => ({
        name: location.displayName,
        isTrusted: location.isTrusted,
        ranges: location.ipRanges.map((range) => ipaddr.parseCIDR(range) as Range),
      })),
      policies: document.conditionalAccessPolicies.filter((policy) => policy.state !== 'disabled'),
    };
    prepared.set(document, ready);
  }
  return ready;
}

/**
 * Reads a literal IPv4 (dotted quad) or IPv6 address, never a host name; an IPv4-mapped IPv6 address is its
 * IPv4 address. `undefined` when it is not one.
 */
export function parseSignInAddress(ip: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return ipaddr.IPv4.parse(ip);
  if (ip.includes('%') || !ipaddr.IPv6.isValid(ip)) return undefined;
  const address = ipaddr.IPv6.parse(ip);
  return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

const inRange = (address: Address, [network, prefix]: Range): boolean =>
  address.kind() === network.kind() && address.match(network, prefix);

/**
 * The named locations an address lies in, in document order; `undefined` when the address cannot be read (the
 * evaluator then fails closed where a location condition needs it).
 */
export function locationsContaining(
  document: PolicyDocument,
  ip: string,
): { displayName: string; isTrusted: boolean }[] | undefined {
  const address = parseSignInAddress(ip);
  if (address === undefined) return undefined;
  return prepare(document)
    .locations.filter((location) => location.ranges.some((range) => inRange(address, range)))
    .map((location) => ({ displayName: location.name, isTrusted: location.isTrusted }));
}

/** A group path condition matches members of the group and of every group below it. */
const inGroup = (userGroups: readonly string[], path: string): boolean =>
  userGroups.some((group) => group === path || group.startsWith(`${path}/`));

const hasRole = (user: SignInUser, reference: string): boolean =>
  reference.includes('/') ? user.clientRoles.includes(reference) : user.realmRoles.includes(reference);

const namedIn = (list: string[], user: SignInUser): boolean => {
  const username = user.username.toLowerCase();
  return list.some((name) => name.toLowerCase() === username);
};

/**
 * Whether a policy's users condition excludes the user by name, group or role. Break-glass accounts are the users
 * every enabled policy excludes this way (SPEC §3.11).
 */
export function policyExcludesUser(policy: ConditionalAccessPolicy, user: SignInUser): boolean {
  const users = policy.conditions.users;
  return (
    namedIn(users.excludeUsers, user) ||
    users.excludeGroups.some((path) => inGroup(user.groups, path)) ||
    users.excludeRoles.some((role) => hasRole(user, role))
  );
}

function usersMatch(policy: ConditionalAccessPolicy, user: SignInUser): boolean {
  if (policyExcludesUser(policy, user)) return false;
  const users = policy.conditions.users;
  return (
    users.includeUsers.includes(ALL) ||
    namedIn(users.includeUsers, user) ||
    users.includeGroups.some((path) => inGroup(user.groups, path)) ||
    users.includeRoles.some((role) => hasRole(user, role))
  );
}

function applicationsMatch(policy: ConditionalAccessPolicy, clientId: string): boolean {
  const { includeApplications, excludeApplications } = policy.conditions.applications;
  if (excludeApplications.includes(clientId)) return false;
  return includeApplications.includes(ALL) || includeApplications.includes(clientId);
}

/**
 * Where a sign-in comes from, worked out once per sign-in: which named locations contain its address. `undefined`
 * when the address cannot be read.
 */
type Whereabouts = { locations: PreparedLocation[]; inside: boolean[] } | undefined;

function whereabouts(ready: PreparedDocument, address: Address | undefined): Whereabouts {
  if (address === undefined) return undefined;
  return {
    locations: ready.locations,
    inside: ready.locations.map((location) => location.ranges.some((range) => inRange(address, range))),
  };
}

/** Whether the sign-in comes from a named location in `names` (or a trusted one, for `AllTrusted`). */
function fromAnyOf(names: string[], where: NonNullable<Whereabouts>): boolean {
  const trusted = names.includes(ALL_TRUSTED);
  for (let index = 0; index < where.locations.length; index++) {
    const location = where.locations[index] as PreparedLocation;
    if (where.inside[index] && ((trusted && location.isTrusted) || names.includes(location.name)))
      return true;
  }
  return false;
}

/** Whether the locations condition matches; `undefined` when it needs an address the sign-in lacks. */
function locationsMatch(policy: ConditionalAccessPolicy, where: Whereabouts): boolean | undefined {
  const { includeLocations, excludeLocations } = policy.conditions.locations;
  if (includeLocations.includes(ALL) && excludeLocations.length === 0) return true;
  if (where === undefined) return undefined;
  if (fromAnyOf(excludeLocations, where)) return false;
  return includeLocations.includes(ALL) || fromAnyOf(includeLocations, where);
}

const listsPlatform = (list: string[], platform: DevicePlatform | null): boolean =>
  list.includes('all') || (platform !== null && list.includes(platform));

function platformsMatch(policy: ConditionalAccessPolicy, platform: DevicePlatform | null): boolean {
  const { includePlatforms, excludePlatforms } = policy.conditions.platforms;
  return !listsPlatform(excludePlatforms, platform) && listsPlatform(includePlatforms, platform);
}

const strengthRank = (strength: AuthenticationStrength): number => AUTHENTICATION_STRENGTHS.indexOf(strength);

const stronger = (
  current: AuthenticationStrength | null,
  next: AuthenticationStrength,
): AuthenticationStrength =>
  current === null || strengthRank(next) > strengthRank(current) ? next : current;

/** What an applicable policy asks: its result and strength (SPEC §3.4, operator inside the policy). */
function requirementOf(policy: ConditionalAccessPolicy): Pick<PolicyEvaluation, 'result' | 'strength'> {
  const grant = policy.grantControls;
  if (grant.builtInControls.includes('block')) return { result: 'block', strength: null };
  const strength = grant.authenticationStrength ?? (grant.builtInControls.includes('mfa') ? 'mfa' : null);
  const passwordChange = grant.builtInControls.includes('passwordChange');
  if (strength === null) return { result: passwordChange ? 'passwordChange' : 'none', strength: null };
  // With OR, MFA alone satisfies the policy; with AND, the password change is needed as well.
  const both = passwordChange && grant.operator === 'AND';
  return { result: both ? 'mfaAndPasswordChange' : 'mfa', strength };
}

/** The first condition of the policy that the sign-in fails (SPEC §3.3 order); `error` when it cannot tell. */
function failedCondition(
  policy: ConditionalAccessPolicy,
  signIn: SignIn,
  where: Whereabouts,
  platform: DevicePlatform | null,
): PolicyCondition | 'error' | null {
  if (!usersMatch(policy, signIn.user)) return 'users';
  if (!applicationsMatch(policy, signIn.clientId)) return 'applications';
  const located = locationsMatch(policy, where);
  if (located === undefined) return 'error';
  if (!located) return 'locations';
  const appTypes = policy.conditions.clientAppTypes;
  if (!appTypes.includes('all') && !appTypes.includes(signIn.clientAppType)) return 'clientAppTypes';
  if (!platformsMatch(policy, platform)) return 'platforms';
  return null;
}

function evaluatePolicy(
  policy: ConditionalAccessPolicy,
  signIn: SignIn,
  where: Whereabouts,
  platform: DevicePlatform | null,
): { evaluation: PolicyEvaluation; evaluationError: boolean } {
  const state = policy.state as PolicyEvaluation['state'];
  const failed = failedCondition(policy, signIn, where, platform);
  if (failed === null) {
    return {
      evaluation: {
        name: policy.displayName,
        state,
        applied: true,
        failedCondition: null,
        ...requirementOf(policy),
      },
      evaluationError: false,
    };
  }
  // An address the locations condition needs but cannot read fails closed; it is reported under locations.
  return {
    evaluation: {
      name: policy.displayName,
      state,
      applied: false,
      failedCondition: failed === 'error' ? 'locations' : failed,
      result: 'none',
      strength: null,
    },
    evaluationError: failed === 'error',
  };
}

/** Which strengths each registered method meets (SPEC §3.5). */
const METHOD_STRENGTHS: Record<UserMethod, readonly AuthenticationStrength[]> = {
  otp: ['mfa'],
  email: ['mfa'],
  'recovery-codes': ['mfa'],
  'webauthn-2fa': ['mfa', 'phishingResistantMfa'],
  'webauthn-passwordless': ['mfa', 'passwordlessMfa', 'phishingResistantMfa'],
};

const METHOD_POLICY: Record<UserMethod, keyof PolicyDocument['authenticationMethods']> = {
  otp: 'softwareOath',
  email: 'email',
  'recovery-codes': 'recoveryCodes',
  'webauthn-2fa': 'fido2',
  'webauthn-passwordless': 'fido2',
};

const isUserMethod = (method: string): method is UserMethod => Object.hasOwn(METHOD_STRENGTHS, method);

function targeted(targets: MethodTarget[], groups: readonly string[]): boolean {
  return targets.some(
    (target) => target === 'all' || (target.startsWith('group:') && inGroup(groups, target.slice(6))),
  );
}

/** Whether the authentication methods policy lets this user use the method (SPEC §3.5, last paragraph). */
export function methodAllowed(document: PolicyDocument, method: string, user: SignInUser): boolean {
  if (!isUserMethod(method)) return false;
  const configuration: AuthenticationMethodConfiguration =
    document.authenticationMethods[METHOD_POLICY[method]];
  return (
    configuration.state === 'enabled' &&
    targeted(configuration.includeTargets, user.groups) &&
    !targeted(configuration.excludeTargets, user.groups)
  );
}

/** Whether the registration campaign reaches the user (SPEC §3.6): enabled, among its targets, not excluded. */
export function campaignTargets(document: PolicyDocument, user: SignInUser): boolean {
  const { state, includeTargets, excludeTargets } = document.registrationCampaign;
  return (
    state === 'enabled' && targeted(includeTargets, user.groups) && !targeted(excludeTargets, user.groups)
  );
}

/** Whether a registered method meets a strength, as a method on its own (the methods policy aside). */
export function methodMeetsStrength(method: string, strength: AuthenticationStrength): boolean {
  return isUserMethod(method) && METHOD_STRENGTHS[method].includes(strength);
}

/** Whether the user holds one of `mfaSettings.privilegedRoles` (effective roles). */
export function isPrivileged(document: PolicyDocument, user: SignInUser): boolean {
  return document.mfaSettings.privilegedRoles.some((role) => hasRole(user, role));
}

function sessionControlsOf(
  policies: readonly ConditionalAccessPolicy[],
  evaluations: readonly PolicyEvaluation[],
): SessionControlsDecision {
  let signInFrequencySeconds: number | null = null;
  let persistentBrowser: SessionControlsDecision['persistentBrowser'] = null;
  policies.forEach((policy, index) => {
    const evaluation = evaluations[index];
    if (policy.state !== 'enabled' || !evaluation?.applied) return;
    const { signInFrequency, persistentBrowser: persistent } = policy.sessionControls;
    if (signInFrequency.isEnabled) {
      const seconds =
        signInFrequency.frequencyInterval === 'everyTime'
          ? 0
          : (signInFrequency.value ?? 0) * (signInFrequency.type === 'days' ? 86_400 : 3_600);
      signInFrequencySeconds =
        signInFrequencySeconds === null ? seconds : Math.min(signInFrequencySeconds, seconds);
    }
    if (persistent.isEnabled && persistent.mode !== null && persistentBrowser !== 'never') {
      persistentBrowser = persistent.mode;
    }
  });
  return { signInFrequencySeconds, persistentBrowser };
}

const blocked = (blockedBy: string, policies: PolicyEvaluation[]): SignInEvaluation => ({
  outcome: 'block',
  strength: null,
  requiredBy: [],
  blockedBy,
  passwordChangeRequiredBy: [],
  policies,
  satisfiedBy: {},
  sessionControls: { signInFrequencySeconds: null, persistentBrowser: null },
});

/**
 * Decides one sign-in under a validated policy document (SPEC §3): which policies apply and why not, what is
 * blocked or required and at which strength, which registered methods would satisfy it, and the session
 * controls. Never throws for odd sign-in data: an unreadable address or per-user state fails closed
 * (`evaluationError`, MFA required), as Keycloak does.
 */
export function evaluateSignIn(document: PolicyDocument, signIn: SignIn): SignInEvaluation {
  if (typeof document !== 'object' || document === null) {
    throw new TypeError('evaluateSignIn: document must be a validated policy document');
  }
  if (typeof signIn !== 'object' || signIn === null || typeof signIn.user !== 'object') {
    throw new TypeError('evaluateSignIn: signIn must describe a user and a sign-in');
  }
  const ready = prepare(document);
  const { user, clientAppType } = signIn;
  const address = parseSignInAddress(signIn.ip);
  const platform = signIn.platform !== undefined ? signIn.platform : platformOf(signIn.userAgent);

  const where = whereabouts(ready, address);
  const outcomes = ready.policies.map((policy) => evaluatePolicy(policy, signIn, where, platform));
  const policies = outcomes.map((outcome) => outcome.evaluation);

  const securityDefaults = document.securityDefaults.isEnabled;
  if (securityDefaults && clientAppType === 'other') return blocked('securityDefaults', policies);
  const enforced = outcomes.filter((_, index) => ready.policies[index]?.state === 'enabled');
  const blocking = enforced.find((outcome) => outcome.evaluation.result === 'block');
  if (blocking) return blocked(`policy:${blocking.evaluation.name}`, policies);

  const requiredBy: string[] = [];
  let strength: AuthenticationStrength | null = null;
  const require = (source: string, asked: AuthenticationStrength) => {
    requiredBy.push(source);
    strength = stronger(strength, asked);
  };
  if (securityDefaults) require('securityDefaults', 'mfa');

  let evaluationError = false;
  const state = user.perUserMfaState;
  if (state === 'enforced' || (state === 'enabled' && user.methods.length > 0)) {
    require('perUser:enforced', 'mfa');
  } else if (state === 'enabled') {
    if (clientAppType === 'browser') require('perUser:enabled', 'mfa');
  } else if (state !== 'disabled') {
    evaluationError = true;
  }

  const passwordChangeRequiredBy: string[] = [];
  for (const { evaluation, evaluationError: failed } of enforced) {
    evaluationError ||= failed;
    if (evaluation.strength !== null) require(`policy:${evaluation.name}`, evaluation.strength);
    if (evaluation.result === 'passwordChange' || evaluation.result === 'mfaAndPasswordChange') {
      passwordChangeRequiredBy.push(`policy:${evaluation.name}`);
    }
  }
  if (evaluationError) require('evaluationError', 'mfa');

  const required = strength as AuthenticationStrength | null;
  const satisfiedBy: Record<string, boolean> = {};
  if (required !== null) {
    for (const method of user.methods) {
      satisfiedBy[method] = methodAllowed(document, method, user) && methodMeetsStrength(method, required);
    }
    if (signIn.hasRememberMfaMark) {
      // SPEC §3.1: security defaults never let a mark skip MFA for administrators or on the admin clients.
      const defaultsAcceptMark =
        !securityDefaults ||
        (!isPrivileged(document, user) && !DEFAULT_ADMIN_CLIENT_IDS.includes(signIn.clientId));
      satisfiedBy.rememberMfa = required === 'mfa' && !evaluationError && defaultsAcceptMark;
    }
  }

  return {
    outcome: required === null ? 'none' : 'mfa',
    strength: required,
    requiredBy,
    blockedBy: null,
    passwordChangeRequiredBy,
    policies,
    satisfiedBy,
    sessionControls: sessionControlsOf(ready.policies, policies),
  };
}
