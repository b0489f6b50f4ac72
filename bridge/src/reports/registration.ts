/**
 * The registration report (SPEC §6 `userRegistrationDetails`): for every user, what is registered and which
 * sources require MFA — computed with the sign-in evaluator, so the report says what Keycloak enforces and never
 * the per-user attribute alone (seed 000: "Disabled" users who are prompted by security defaults or a policy).
 * Pure: the adapter in `keycloak/admin/registration-facts.ts` reads the facts.
 */
import { evaluateSignIn, isPrivileged, methodAllowed, type SignInUser } from '../evaluate/index.js';
import type { DevicePlatform } from '../evaluate/platform.js';
import { locationsContaining } from '../evaluate/sign-in.js';
import { ALL, DEVICE_PLATFORMS, type PolicyDocument } from '../policy/types.js';
import {
  evaluatorMethodOf,
  type RegisteredMethod,
  registeredMethodsOf,
  type StoredCredential,
} from './methods.js';

/** What the report needs to know of one user (read from Keycloak by the adapter). */
export interface RegistrationUserFacts {
  id: string;
  username: string;
  /** Direct group paths. */
  groups: string[];
  /** Effective realm roles (at least those the document names). */
  realmRoles: string[];
  /** Effective client roles as `client/role` (at least those the document names). */
  clientRoles: string[];
  /** The raw `keyward.perUserMfaState` attribute; absent = `disabled`. */
  perUserMfaState?: string | undefined;
  credentials: StoredCredential[];
}

/** One row of the registration report, in the shape of Graph's `userRegistrationDetails`. */
export interface UserRegistrationDetails {
  id: string;
  userPrincipalName: string;
  isAdmin: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  methodsRegistered: RegisteredMethod[];
  defaultMfaMethod: RegisteredMethod | 'none';
  perUserMfaState: string;
  /**
   * Sources that require MFA for a browser sign-in to some application from an untrusted network, in the
   * vocabulary of the sign-in events: `securityDefaults`, `perUser:enabled|enforced`, `policy:<displayName>`,
   * `evaluationError`. Empty: nothing asks this user for MFA there.
   */
  mfaRequiredBy: string[];
  /** Report-only policies that would require MFA there (`policy:<displayName>`); they are never enforced. */
  mfaRequiredByReportOnly: string[];
}

/** A sign-in the report probes: one application, address and platform. */
interface Probe {
  clientId: string;
  ip: string;
  platform: DevicePlatform | null;
}

/** Addresses tried for "an untrusted network": documentation ranges first, then a spread of public ones. */
const UNTRUSTED_CANDIDATES = [
  '198.51.100.77',
  '192.0.2.77',
  '203.0.113.77',
  '100.64.0.77',
  '45.33.32.156',
  '2001:db8:ffff::77',
];

/** A client id no policy names: stands for "any other application". */
const ANY_OTHER_APPLICATION = '\u0000any-other-application';

const firstAddressOf = (range: string): string => {
  const [address = ''] = range.split('/');
  return address;
};

/**
 * The sign-ins that together cover "a browser sign-in to any application from an untrusted network" under a
 * document: every application a policy names plus one no policy names, an address outside every named location
 * plus one in each untrusted location, and every platform a policy names plus the unknown one. Only the users
 * condition varies between users, so these probes are computed once per document.
 */
export function registrationProbes(document: PolicyDocument): Probe[] {
  const policies = document.conditionalAccessPolicies.filter((policy) => policy.state !== 'disabled');
  const clientIds = new Set<string>([ANY_OTHER_APPLICATION]);
  const platforms = new Set<DevicePlatform | null>([null]);
  for (const policy of policies) {
    const { includeApplications, excludeApplications } = policy.conditions.applications;
    for (const clientId of [...includeApplications, ...excludeApplications]) {
      if (clientId !== ALL) clientIds.add(clientId);
    }
    const { includePlatforms, excludePlatforms } = policy.conditions.platforms;
    for (const platform of [...includePlatforms, ...excludePlatforms]) {
      if (platform !== 'all' && (DEVICE_PLATFORMS as readonly string[]).includes(platform)) {
        platforms.add(platform as DevicePlatform);
      }
    }
  }
  const addresses: string[] = [];
  const outside = UNTRUSTED_CANDIDATES.find((ip) => locationsContaining(document, ip)?.length === 0);
  if (outside !== undefined) addresses.push(outside);
  for (const location of document.namedLocations) {
    if (location.isTrusted) continue;
    for (const range of location.ipRanges) {
      const ip = firstAddressOf(range);
      const containing = locationsContaining(document, ip) ?? [];
      if (!containing.some((found) => found.isTrusted)) {
        addresses.push(ip);
        break;
      }
    }
  }
  const probes: Probe[] = [];
  for (const clientId of clientIds) {
    for (const ip of addresses) {
      for (const platform of platforms) probes.push({ clientId, ip, platform });
    }
  }
  return probes;
}

function canonicalSources(found: Set<string>, document: PolicyDocument): string[] {
  const order = [
    'securityDefaults',
    'perUser:enabled',
    'perUser:enforced',
    ...document.conditionalAccessPolicies.map((policy) => `policy:${policy.displayName}`),
    'evaluationError',
  ];
  return order.filter((source) => found.has(source));
}

/**
 * The registration details of one user under a document: what is registered, whether it is usable under the
 * authentication methods policy, and which sources require MFA (every probe of {@link registrationProbes}).
 */
export function userRegistrationDetailsOf(
  document: PolicyDocument,
  user: RegistrationUserFacts,
  probes: readonly Probe[] = registrationProbes(document),
): UserRegistrationDetails {
  const methods = user.credentials
    .map(evaluatorMethodOf)
    .filter((method): method is NonNullable<typeof method> => method !== undefined);
  const signInUser: SignInUser = {
    username: user.username,
    groups: user.groups,
    realmRoles: user.realmRoles,
    clientRoles: user.clientRoles,
    perUserMfaState: user.perUserMfaState ?? 'disabled',
    methods,
  };
  const required = new Set<string>();
  const reportOnly = new Set<string>();
  for (const probe of probes) {
    const evaluation = evaluateSignIn(document, {
      user: signInUser,
      clientId: probe.clientId,
      ip: probe.ip,
      clientAppType: 'browser',
      platform: probe.platform,
      hasRememberMfaMark: false,
    });
    for (const source of evaluation.requiredBy) required.add(source);
    for (const policy of evaluation.policies) {
      if (
        policy.state === 'enabledForReportingButNotEnforced' &&
        policy.applied &&
        policy.strength !== null
      ) {
        reportOnly.add(`policy:${policy.name}`);
      }
    }
  }
  const methodsRegistered = registeredMethodsOf(user.credentials);
  const usable = methods.filter((method) => methodAllowed(document, method, signInUser));
  const state = user.perUserMfaState ?? 'disabled';
  return {
    id: user.id,
    userPrincipalName: user.username,
    isAdmin: isPrivileged(document, signInUser),
    isMfaRegistered: methods.length > 0,
    isMfaCapable: usable.length > 0,
    isPasswordlessCapable: usable.includes('webauthn-passwordless'),
    methodsRegistered,
    // A TAP and app passwords are no method to default to: neither is a second factor in the browser.
    defaultMfaMethod:
      methodsRegistered.find((method) => method !== 'temporaryAccessPass' && method !== 'appPassword') ??
      'none',
    perUserMfaState: state === 'enabled' && methods.length > 0 ? 'enforced' : state,
    mfaRequiredBy: canonicalSources(required, document),
    mfaRequiredByReportOnly: canonicalSources(reportOnly, document),
  };
}

/** The registration details of every user, probes computed once. */
export function userRegistrationDetails(
  document: PolicyDocument,
  users: readonly RegistrationUserFacts[],
): UserRegistrationDetails[] {
  const probes = registrationProbes(document);
  return users.map((user) => userRegistrationDetailsOf(document, user, probes));
}
