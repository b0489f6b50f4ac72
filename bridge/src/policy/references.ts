import { issueAt, type PolicyIssue, type PolicyLocator } from './issues.js';
import type { PathSegment } from './paths.js';
import { didYouMean } from './suggest.js';
import { ALL, type MethodTarget, type PolicyDocument } from './types.js';

/** What exists in the target realm, as read by an IO adapter before `plan`. */
export interface RealmDirectory {
  users: string[];
  /** Full group paths such as `/it/onboarding`. */
  groups: string[];
  realmRoles: string[];
  /** `client/role`. */
  clientRoles: string[];
  /** Client ids. */
  clients: string[];
}

const GROUP_TARGET = 'group:';
// `all` is the method-target keyword; validation already refuses it in users and applications, so here
// it can only be a keyword.
const isKeyword = (name: string) => name === ALL || name === 'all';

/**
 * Every username, group path, role and client id the document names but the realm lacks, as errors placed
 * on the reference (`unknown-user`, `unknown-group`, `unknown-role`, `unknown-client`). `All` and `all` are
 * keywords, never names. Disabled policies are checked too: enabling one later must not be what breaks.
 */
export function findDanglingReferences(
  document: PolicyDocument,
  directory: RealmDirectory,
  locate?: PolicyLocator,
  source = 'policy',
): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const users = new Set(directory.users);
  const groups = new Set(directory.groups);
  const realmRoles = new Set(directory.realmRoles);
  const clientRoles = new Set(directory.clientRoles);
  const clients = new Set(directory.clients);
  const missing = (rule: string, at: PathSegment[], message: string): void => {
    issues.push(issueAt('error', rule, at, message, source, locate));
  };

  const user = (name: string, at: PathSegment[]): void => {
    if (isKeyword(name) || users.has(name)) return;
    const lowerCaseHint =
      name !== name.toLowerCase() && users.has(name.toLowerCase())
        ? `; Keycloak stores usernames in lower case: '${name.toLowerCase()}'`
        : didYouMean(name, users);
    missing('unknown-user', at, `no user '${name}' in the realm${lowerCaseHint}`);
  };
  const group = (path: string, at: PathSegment[]): void => {
    if (groups.has(path)) return;
    missing('unknown-group', at, `no group '${path}' in the realm${didYouMean(path, groups)}`);
  };
  const groupTarget = (target: MethodTarget, at: PathSegment[]): void => {
    if (target.startsWith(GROUP_TARGET)) group(target.slice(GROUP_TARGET.length), at);
  };
  const role = (reference: string, at: PathSegment[]): void => {
    const slash = reference.indexOf('/');
    if (slash < 0) {
      if (realmRoles.has(reference)) return;
      missing('unknown-role', at, `no realm role '${reference}'${didYouMean(reference, realmRoles)}`);
      return;
    }
    const client = reference.slice(0, slash);
    const roleName = reference.slice(slash + 1);
    if (!clients.has(client)) {
      const hint = didYouMean(client, clients);
      missing('unknown-role', at, `no client '${client}' in the realm, so no role '${reference}'${hint}`);
    } else if (!clientRoles.has(reference)) {
      const siblings = [...clientRoles]
        .filter((candidate) => candidate.startsWith(`${client}/`))
        .map((candidate) => candidate.slice(client.length + 1));
      const hint = didYouMean(roleName, siblings);
      missing('unknown-role', at, `client '${client}' has no role '${roleName}'${hint}`);
    }
  };
  const client = (clientId: string, at: PathSegment[]): void => {
    if (isKeyword(clientId) || clients.has(clientId)) return;
    missing('unknown-client', at, `no client '${clientId}' in the realm${didYouMean(clientId, clients)}`);
  };
  const each = <T>(values: T[], at: PathSegment[], check: (value: T, at: PathSegment[]) => void): void => {
    for (const [index, value] of values.entries()) check(value, [...at, index]);
  };

  for (const [name, method] of Object.entries(document.authenticationMethods)) {
    each(method.includeTargets, ['authenticationMethods', name, 'includeTargets'], groupTarget);
    each(method.excludeTargets, ['authenticationMethods', name, 'excludeTargets'], groupTarget);
  }
  const campaign = document.registrationCampaign;
  each(campaign.includeTargets, ['registrationCampaign', 'includeTargets'], groupTarget);
  each(campaign.excludeTargets, ['registrationCampaign', 'excludeTargets'], groupTarget);
  each(document.mfaSettings.privilegedRoles, ['mfaSettings', 'privilegedRoles'], role);

  for (const [index, policy] of document.conditionalAccessPolicies.entries()) {
    const conditions: PathSegment[] = ['conditionalAccessPolicies', index, 'conditions'];
    const { users: people, applications } = policy.conditions;
    for (const list of ['includeUsers', 'excludeUsers'] as const) {
      each(people[list], [...conditions, 'users', list], user);
    }
    for (const list of ['includeGroups', 'excludeGroups'] as const) {
      each(people[list], [...conditions, 'users', list], group);
    }
    for (const list of ['includeRoles', 'excludeRoles'] as const) {
      each(people[list], [...conditions, 'users', list], role);
    }
    for (const list of ['includeApplications', 'excludeApplications'] as const) {
      each(applications[list], [...conditions, 'applications', list], client);
    }
  }
  return issues;
}
