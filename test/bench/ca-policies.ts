/**
 * The 50-policy document both Conditional Access benchmarks use: what a large tenant's set looks like — policies
 * for groups, roles and applications, trusted and untrusted locations, platforms, legacy authentication,
 * strengths, session controls, some report-only. For the benchmarks' users (no groups, no roles, signing in to
 * `test-app` from 127.0.0.1 with a User-Agent naming no platform) exactly one policy applies and asks for MFA, so a
 * sign-in evaluates all fifty and then asks for the TOTP code, as the stock flow does.
 */
import { type PolicyDocument, parsePolicy } from '../../bridge/src/policy/index.js';

/** How many policies the document has. */
export const POLICY_COUNT = 50;

/** Groups, realm roles and clients the document names; the benchmarks create them so references resolve. */
export const REFERENCED = {
  groups: ['it', 'finance', 'contractors', 'break-glass'],
  realmRoles: ['ops', 'auditor'],
  clients: ['payroll', 'crm', 'intranet'],
};

function policy(index: number): string[] {
  const name = `Policy ${String(index + 1).padStart(2, '0')}`;
  const conditions: string[] = [];
  let grant = '{ builtInControls: [mfa] }';
  let state = 'enabled';
  const extra: string[] = [];
  const kind = index % 10;
  const app = REFERENCED.clients[index % REFERENCED.clients.length] as string;
  const group = REFERENCED.groups[index % 3] as string;
  switch (kind) {
    case 0:
      conditions.push(
        `users: { includeGroups: [/${group}], excludeGroups: [/break-glass] }`,
        'applications: { includeApplications: [All] }',
      );
      break;
    case 1:
      conditions.push(
        'users: { includeRoles: [ops, auditor] }',
        `applications: { includeApplications: [${app}] }`,
      );
      grant = '{ authenticationStrength: phishingResistantMfa }';
      break;
    case 2:
      conditions.push(
        'users: { includeUsers: [All], excludeGroups: [/break-glass] }',
        `applications: { includeApplications: [${app}] }`,
      );
      break;
    case 3:
      conditions.push(
        'users: { includeUsers: [All] }',
        'applications: { includeApplications: [All] }',
        'locations: { includeLocations: [Guest wifi] }',
      );
      grant = '{ builtInControls: [block] }';
      break;
    case 4:
      conditions.push(
        'users: { includeUsers: [All] }',
        'applications: { includeApplications: [All] }',
        'platforms: { includePlatforms: [android, iOS] }',
        'clientAppTypes: [other]',
      );
      grant = '{ builtInControls: [block] }';
      break;
    case 5:
      conditions.push(
        `users: { includeGroups: [/${group}] }`,
        'applications: { includeApplications: [All] }',
      );
      grant = '{ operator: AND, builtInControls: [mfa, passwordChange] }';
      break;
    case 6:
      conditions.push('users: { includeRoles: [auditor] }', 'applications: { includeApplications: [All] }');
      extra.push('sessionControls: { signInFrequency: { isEnabled: true, value: 4, type: hours } }');
      break;
    case 7:
      conditions.push(
        'users: { includeUsers: [All] }',
        'applications: { includeApplications: [All] }',
        'platforms: { includePlatforms: [linux] }',
      );
      grant = '{ builtInControls: [block] }';
      state = 'enabledForReportingButNotEnforced';
      break;
    case 8:
      conditions.push(
        `users: { includeGroups: [/contractors] }`,
        'applications: { includeApplications: [All] }',
      );
      extra.push('sessionControls: { persistentBrowser: { isEnabled: true, mode: never } }');
      break;
    default:
      conditions.push(
        'users: { includeRoles: [ops] }',
        'applications: { includeApplications: [All] }',
        'locations: { includeLocations: [All], excludeLocations: [AllTrusted] }',
      );
      grant = '{ authenticationStrength: passwordlessMfa }';
  }
  return [
    `  - displayName: ${name}`,
    `    state: ${state}`,
    '    conditions:',
    ...conditions.map((line) => `      ${line}`),
    `    grantControls: ${grant}`,
    ...extra.map((line) => `    ${line}`),
  ];
}

/** The document: 49 generated policies plus the one that applies to the benchmarks' users, last. */
export function fiftyPolicyDocument({ temporaryAccessPass = false } = {}): PolicyDocument {
  const lines = [
    'apiVersion: keyward/v1',
    // With the TAP, the first factor is identity first: the username on a page of its own.
    ...(temporaryAccessPass
      ? ['authenticationMethods:', '  temporaryAccessPass: { state: enabled, includeTargets: [all] }']
      : []),
    'namedLocations:',
    '  - { displayName: Head office, ipRanges: [203.0.113.0/24, 2001:db8::/48], isTrusted: true }',
    '  - { displayName: Branch, ipRanges: [192.0.2.0/25, 10.20.0.0/16], isTrusted: true }',
    '  - { displayName: Guest wifi, ipRanges: [198.18.0.0/15], isTrusted: false }',
    'conditionalAccessPolicies:',
    ...Array.from({ length: POLICY_COUNT - 1 }, (_, index) => policy(index)).flat(),
    '  - displayName: MFA outside trusted locations',
    '    state: enabled',
    '    conditions:',
    '      users: { includeUsers: [All], excludeGroups: [/break-glass] }',
    '      applications: { includeApplications: [All] }',
    '      locations: { includeLocations: [All], excludeLocations: [AllTrusted] }',
    '    grantControls: { builtInControls: [mfa] }',
  ];
  const parsed = parsePolicy(lines.join('\n'), 'fifty-policies.yaml');
  if (!parsed.ok) throw new Error(`The benchmark's document is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.document;
}
