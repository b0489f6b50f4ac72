/**
 * The lock-out guard of SPEC §3.11, pure: given the document and the users that matter (read by the Keycloak
 * adapter), decide whether any privileged user could still sign in, and what to warn about.
 */
import type { DevicePlatform } from '../evaluate/platform.js';
import {
  evaluateSignIn,
  locationsContaining,
  methodAllowed,
  policyExcludesUser,
  type SignIn,
  type SignInEvaluation,
  type SignInUser,
} from '../evaluate/sign-in.js';
import type { AuthenticationStrength, PolicyDocument } from '../policy/types.js';

/** The users the guard looks at, as the evaluator sees them. */
export interface LockoutSubjects {
  /** Every user holding a role of `mfaSettings.privilegedRoles` (effective roles). */
  privilegedUsers: SignInUser[];
  /** The account running the command, when it signs in to the realm being changed. */
  runningAdmin?: SignInUser;
  /** Users that some enabled policy excludes; the guard keeps those that every enabled policy excludes. */
  breakGlassCandidates: SignInUser[];
}

/** The guard's findings. `lockedOut` means plan and apply refuse unless the admin says they understand. */
export interface LockoutReport {
  lockedOut: boolean;
  /** When locked out: the whole explanation, with what to change. */
  refusal?: string;
  warnings: string[];
  /** Usernames of the break-glass accounts found. */
  breakGlassAccounts: string[];
}

/** The application an administrator signs in to: the realm's admin console. */
export const ADMIN_CONSOLE_CLIENT = 'security-admin-console';
/** The client the CLI signs in with (password grant). */
export const ADMIN_CLI_CLIENT = 'admin-cli';

const PLATFORMS: (DevicePlatform | null)[] = ['windows', 'macOS', 'linux', 'android', 'iOS', null];
// Documentation ranges first: they are the least likely to be a real named location.
const OUTSIDE_CANDIDATES = [
  '198.51.100.1',
  '192.0.2.1',
  '203.0.113.1',
  '100.64.0.1',
  '10.255.255.1',
  '2001:db8:ffff::1',
];

/**
 * Addresses that reach every location outcome the document can tell apart: one address inside each named location
 * (the start of each range) and one outside all of them.
 */
export function representativeAddresses(document: PolicyDocument): string[] {
  const inside = document.namedLocations.flatMap((location) =>
    location.ipRanges.map((range) => range.slice(0, range.indexOf('/'))),
  );
  const outside =
    OUTSIDE_CANDIDATES.find((ip) => locationsContaining(document, ip)?.length === 0) ?? OUTSIDE_CANDIDATES[0];
  return [...new Set([outside as string, ...inside])];
}

/** Every sign-in the guard tries for one user and one application. */
function representativeSignIns(
  document: PolicyDocument,
  user: SignInUser,
  clientId: string,
  clientAppType: SignIn['clientAppType'],
): SignIn[] {
  return representativeAddresses(document).flatMap((ip) =>
    PLATFORMS.map((platform) => ({ user, clientId, ip, clientAppType, platform, hasRememberMfaMark: false })),
  );
}

/** Whether a user can complete a sign-in that ended in this evaluation; otherwise why not. */
function completable(
  document: PolicyDocument,
  user: SignInUser,
  evaluation: SignInEvaluation,
): string | undefined {
  if (evaluation.outcome === 'block') return `blocked by ${describeSource(evaluation.blockedBy ?? '')}`;
  if (evaluation.outcome === 'none') return undefined;
  const strength = evaluation.strength as AuthenticationStrength;
  const methods = Object.entries(evaluation.satisfiedBy).filter(([method]) => method !== 'rememberMfa');
  if (methods.some(([, satisfies]) => satisfies)) return undefined;
  const sources = evaluation.requiredBy.map(describeSource).join(', ');
  if (user.methods.length === 0) {
    // The combined registration lets a user without methods register one that meets the strength.
    const registrable =
      strength === 'mfa'
        ? methodAllowed(document, 'otp', user) || methodAllowed(document, 'webauthn-2fa', user)
        : methodAllowed(document, 'webauthn-passwordless', user);
    return registrable
      ? undefined
      : `${sources} require${evaluation.requiredBy.length === 1 ? 's' : ''} ${strength}, and no method that meets it is allowed for them`;
  }
  return `${sources} require${evaluation.requiredBy.length === 1 ? 's' : ''} ${strength}, which none of their methods (${user.methods.join(', ')}) meets`;
}

function describeSource(source: string): string {
  if (source.startsWith('policy:')) return `policy '${source.slice('policy:'.length)}'`;
  if (source === 'securityDefaults') return 'security defaults';
  if (source.startsWith('perUser:')) return `per-user MFA (${source.slice('perUser:'.length)})`;
  return 'an evaluation error';
}

/**
 * Decides SPEC §3.11 for a document: refuses (lockedOut) when no privileged user could complete a browser sign-in to
 * the admin console from any location and platform the document tells apart; warns when a policy applies to the
 * account running the command and when no break-glass account (excluded from every enabled policy) exists.
 */
export function checkLockout(document: PolicyDocument, subjects: LockoutSubjects): LockoutReport {
  const warnings: string[] = [];
  const enabled = document.conditionalAccessPolicies.filter((policy) => policy.state === 'enabled');
  const roles = document.mfaSettings.privilegedRoles.join(', ');

  let refusal: string | undefined;
  if (subjects.privilegedUsers.length === 0) {
    if (enabled.length > 0) {
      warnings.push(
        `no user in the realm holds a privileged role (${roles || 'mfaSettings.privilegedRoles is empty'}), so the ` +
          'lock-out guard cannot tell whether an administrator could still sign in',
      );
    }
  } else {
    const reasons: string[] = [];
    const someoneCanSignIn = subjects.privilegedUsers.some((user) => {
      const tries = representativeSignIns(document, user, ADMIN_CONSOLE_CLIENT, 'browser');
      const outcomes = tries.map((signIn) => completable(document, user, evaluateSignIn(document, signIn)));
      if (outcomes.some((reason) => reason === undefined)) return true;
      reasons.push(`${user.username}: ${outcomes[0]}`);
      return false;
    });
    if (!someoneCanSignIn) {
      refusal =
        `no privileged user (roles: ${roles}) could sign in to the admin console under this document, from any ` +
        `location or platform:\n${reasons.map((reason) => `  - ${reason}`).join('\n')}\n` +
        'Exclude a break-glass account from the policies named above (conditions.users.excludeUsers), or pass ' +
        '--i-understand-lockout if this is really intended.';
    }
  }

  if (subjects.runningAdmin) warnings.push(...runningAdminWarnings(document, subjects.runningAdmin));

  const breakGlassAccounts =
    enabled.length === 0
      ? []
      : subjects.breakGlassCandidates
          .filter((user) => enabled.every((policy) => policyExcludesUser(policy, user)))
          .map((user) => user.username);
  if (enabled.length > 0 && breakGlassAccounts.length === 0) {
    warnings.push(
      'no break-glass account: no user is excluded from every enabled Conditional Access policy. Keep one or two ' +
        'emergency accounts and exclude them from every policy (conditions.users.excludeUsers), so that a mistake ' +
        'in a policy cannot lock every administrator out',
    );
  }
  return { lockedOut: refusal !== undefined, ...(refusal ? { refusal } : {}), warnings, breakGlassAccounts };
}

function runningAdminWarnings(document: PolicyDocument, admin: SignInUser): string[] {
  const warnings: string[] = [];
  const applied = new Set<string>();
  const consequences = new Set<string>();
  for (const [clientId, clientAppType] of [
    [ADMIN_CLI_CLIENT, 'other'],
    [ADMIN_CONSOLE_CLIENT, 'browser'],
  ] as const) {
    for (const signIn of representativeSignIns(document, admin, clientId, clientAppType)) {
      const evaluation = evaluateSignIn(document, signIn);
      for (const policy of evaluation.policies) if (policy.applied) applied.add(policy.name);
      if (clientAppType === 'other' && evaluation.outcome !== 'none') {
        consequences.add(
          evaluation.outcome === 'block'
            ? `blocked by ${describeSource(evaluation.blockedBy ?? '')}`
            : `refused because ${evaluation.requiredBy.map(describeSource).join(', ')} require MFA`,
        );
      }
    }
  }
  for (const name of applied) {
    warnings.push(`policy '${name}' applies to '${admin.username}', the account running this command`);
  }
  if (consequences.size > 0) {
    warnings.push(
      `'${admin.username}' signs in to ${ADMIN_CLI_CLIENT} with the password grant; after this apply that sign-in can ` +
        `be ${[...consequences].join(' or ')}, and this command would then fail`,
    );
  }
  return warnings;
}
