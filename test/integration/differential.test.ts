/**
 * The differential test of SPEC §9: generated sign-ins (users × applications × client IPs × client app types ×
 * platforms) against a realm with a dozen Conditional Access policies, per-user MFA states and named locations. For
 * every one, what-if's prediction must equal what real Keycloak did: the page the user met (or the password grant's
 * answer), and the Keyward details of the event Keycloak recorded.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setPerUserMfaState } from '../../bridge/src/keycloak/admin/users.js';
import { type WhatIfResult, whatIf } from '../../bridge/src/keycloak/admin/what-if.js';
import {
  applyTestDocument,
  type CaRealm,
  createCaRealm,
  everyone,
  PAYROLL_CLIENT_ID,
  policyLines,
  TEST_LOCATIONS,
  testDocument,
} from '../support/ca-realm.js';
import { adminClient, deleteRealm } from '../support/realm-fixture.js';
import {
  browserSignIn,
  detailList,
  grantSignIn,
  type Observed,
  type ProbeUser,
  type SignInEvent,
  signInEvents,
} from '../support/sign-in-probe.js';

const server = inject('keycloak');

const RO = 'enabledForReportingButNotEnforced';
const DOCUMENT = [
  ...TEST_LOCATIONS,
  'conditionalAccessPolicies:',
  ...policyLines(
    'Block legacy authentication on mobile',
    [
      'users: { includeUsers: [All], excludeUsers: [break-glass-1] }',
      'applications: { includeApplications: [All] }',
      'clientAppTypes: [other]',
      'platforms: { includePlatforms: [android, iOS] }',
    ],
    '{ builtInControls: [block] }',
  ),
  ...policyLines(
    'MFA outside trusted locations',
    [
      'users: { includeUsers: [All], excludeGroups: [/break-glass] }',
      'applications: { includeApplications: [All] }',
      'locations: { includeLocations: [All], excludeLocations: [AllTrusted] }',
      'clientAppTypes: [browser]',
    ],
    '{ builtInControls: [mfa] }',
  ),
  ...policyLines(
    'Phishing-resistant MFA for administrators',
    [
      'users: { includeRoles: [realm-management/realm-admin], excludeUsers: [break-glass-1] }',
      'applications: { includeApplications: [All] }',
    ],
    '{ authenticationStrength: phishingResistantMfa }',
  ),
  ...policyLines(
    'Payroll requires MFA',
    ['users: { includeUsers: [All] }', `applications: { includeApplications: [${PAYROLL_CLIENT_ID}] }`],
    '{ builtInControls: [mfa] }',
  ),
  ...policyLines(
    'Block guest wifi',
    everyone('locations: { includeLocations: [Guest wifi] }'),
    '{ builtInControls: [block] }',
  ),
  ...policyLines(
    'Ops on mobile',
    [
      'users: { includeRoles: [ops] }',
      'applications: { includeApplications: [All] }',
      'platforms: { includePlatforms: [android, iOS] }',
    ],
    '{ builtInControls: [mfa] }',
  ),
  ...policyLines(
    'IT passwordless (report)',
    ['users: { includeGroups: [/it] }', 'applications: { includeApplications: [All] }'],
    '{ authenticationStrength: passwordlessMfa }',
    [],
    RO,
  ),
  ...policyLines(
    'Block Linux (report)',
    everyone('platforms: { includePlatforms: [linux] }'),
    '{ builtInControls: [block] }',
    [],
    RO,
  ),
  ...policyLines(
    'Kim legacy on Windows',
    [
      'users: { includeUsers: [kim] }',
      'applications: { includeApplications: [All] }',
      'clientAppTypes: [other]',
      'platforms: { includePlatforms: [windows] }',
    ],
    '{ builtInControls: [block] }',
  ),
  ...policyLines('Block everything (disabled)', everyone(), '{ builtInControls: [block] }', [], 'disabled'),
  ...policyLines(
    'Onboarding: MFA or a new password',
    ['users: { includeGroups: [/it/onboarding] }', 'applications: { includeApplications: [All] }'],
    '{ operator: OR, builtInControls: [mfa, passwordChange] }',
  ),
  ...policyLines(
    'Payroll sessions',
    ['users: { includeUsers: [All] }', `applications: { includeApplications: [${PAYROLL_CLIENT_ID}] }`],
    '{ builtInControls: [] }',
    ['sessionControls: { signInFrequency: { isEnabled: true, value: 8, type: hours } }'],
  ),
  ...policyLines(
    'macOS at the office',
    [
      'users: { includeUsers: [All] }',
      'applications: { includeApplications: [All], excludeApplications: [payroll] }',
      'locations: { includeLocations: [Head office] }',
      'platforms: { includePlatforms: [macOS] }',
    ],
    '{ builtInControls: [mfa] }',
  ),
];

const USER_AGENTS: Record<string, string> = {
  windows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  macOS:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  linux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  iOS: 'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  unknown: 'curl/8.5.0',
};

/** Client IP classes; every generated sign-in gets its own address in its class, to find its event by. */
const ADDRESSES: Record<string, (n: number) => string> = {
  office: (n) => `203.0.113.${n}`,
  officeV6: (n) => `2001:db8::${n.toString(16)}`,
  guest: (n) => `198.18.${n >> 8}.${n & 255}`,
  home: (n) => `198.51.100.${n}`,
  homeV6: (n) => `2001:db8:1::${n.toString(16)}`,
};

interface GeneratedSignIn {
  n: number;
  user: keyof CaRealm['cast'];
  clientId: string;
  addressClass: string;
  ip: string;
  clientAppType: 'browser' | 'other';
  platform: string;
}

/**
 * Every combination, then every third one: 6 × 2 × 5 × 2 × 6 = 720 combinations, 240 sign-ins. The offset turns with
 * each block of platforms, so that every platform is met with every user, application, address and app type.
 */
function generate(clients: string[]): GeneratedSignIn[] {
  const all: Omit<GeneratedSignIn, 'n' | 'ip'>[] = [];
  for (const user of ['kim', 'ada', 'breakGlass', 'ivy', 'ron', 'lee'] as const) {
    for (const clientId of clients) {
      for (const addressClass of Object.keys(ADDRESSES)) {
        for (const clientAppType of ['browser', 'other'] as const) {
          for (const platform of Object.keys(USER_AGENTS)) {
            all.push({ user, clientId, addressClass, clientAppType, platform });
          }
        }
      }
    }
  }
  return all
    .filter((_, index) => index % 3 === Math.floor(index / 6) % 3)
    .map((signIn, index) => ({
      ...signIn,
      n: index + 1,
      ip: (ADDRESSES[signIn.addressClass] as (n: number) => string)(index + 1),
    }));
}

interface Outcome {
  signIn: GeneratedSignIn;
  prediction: WhatIfResult;
  observed: Observed | 'refused';
  description?: string;
}

let ca: CaRealm;
const outcomes: Outcome[] = [];
let events: SignInEvent[] = [];

beforeAll(async () => {
  ca = await createCaRealm(server, 'differential');
  await applyTestDocument(server, ca.realm, testDocument(...DOCUMENT));
  const admin = await adminClient(server);
  await setPerUserMfaState(admin, ca.realm.name, 'ivy', 'enforced');
  await setPerUserMfaState(admin, ca.realm.name, 'lee', 'enabled');

  for (const signIn of generate([ca.realm.clientId, PAYROLL_CLIENT_ID])) {
    const user = ca.cast[signIn.user] as ProbeUser;
    const userAgent = USER_AGENTS[signIn.platform] as string;
    const probe = { clientId: signIn.clientId, ip: signIn.ip, userAgent };
    const prediction = await whatIf(await adminClient(server), ca.realm.name, {
      user: user.username,
      clientId: signIn.clientId,
      ip: signIn.ip,
      clientAppType: signIn.clientAppType,
      userAgent,
    });
    if (signIn.clientAppType === 'browser') {
      // Completed where the user can (TOTP), so that Keycloak records the whole sign-in; registration is left.
      const { observed } = await browserSignIn(ca.realm, user, probe, { complete: true, reuseCodes: true });
      outcomes.push({ signIn, prediction, observed });
    } else {
      const { observed, description } = await grantSignIn(ca.realm, user, probe);
      outcomes.push({ signIn, prediction, observed, ...(description ? { description } : {}) });
    }
  }
  events = await signInEvents(await adminClient(server), ca.realm);
}, 900_000);

afterAll(async () => {
  await deleteRealm(ca.realm);
});

const eventOf = (outcome: Outcome) => events.find((event) => event.ipAddress === outcome.signIn.ip);

const appliedNames = ({ prediction }: Outcome) =>
  prediction.evaluation.policies
    .filter((policy) => policy.applied && policy.state === 'enabled')
    .map((policy) => policy.name);

const reportOnlyItems = ({ prediction }: Outcome) =>
  prediction.evaluation.policies
    .filter((policy) => policy.applied && policy.state === RO)
    .map((policy) => `${policy.name}=${policy.result}`);

/** Whether what-if agrees that `reason` (a blocking or requiring source) holds for this sign-in. */
function justified({ prediction }: Outcome, reason: string): boolean {
  const { evaluation, signIn } = prediction;
  if (reason.startsWith('policy:')) {
    const policy = evaluation.policies.find((candidate) => candidate.name === reason.slice('policy:'.length));
    return policy?.applied === true && policy.state === 'enabled' && policy.result !== 'none';
  }
  const { perUserMfaState, methods } = signIn.user;
  if (reason === 'perUser:enforced') {
    return perUserMfaState === 'enforced' || (perUserMfaState === 'enabled' && methods.length > 0);
  }
  if (reason === 'perUser:enabled') return perUserMfaState === 'enabled' && methods.length === 0;
  return evaluation.requiredBy.includes(reason);
}

const describeSignIn = ({ signIn }: Outcome) =>
  `#${signIn.n} ${signIn.user} → ${signIn.clientId} from ${signIn.ip} (${signIn.addressClass}), ${signIn.clientAppType}, ${signIn.platform}`;

describe('what-if against real Keycloak', () => {
  it('ran at least 200 sign-ins against a realm with at least 10 policies, covering every outcome', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
    expect(testDocument(...DOCUMENT).conditionalAccessPolicies.length).toBeGreaterThanOrEqual(10);
    const seen = new Set(outcomes.map((outcome) => outcome.prediction.enforcement));
    for (const enforcement of [
      'signed-in',
      'second-factor',
      'registration',
      'blocked',
      'refused-strength',
      'refused-legacy',
    ]) {
      expect(seen).toContain(enforcement);
    }
  });

  it('predicts what Keycloak did for every sign-in', () => {
    const disagreements = outcomes
      .map((outcome) => {
        const predicted = outcome.prediction.enforcement;
        const expected =
          outcome.signIn.clientAppType === 'other' && predicted !== 'signed-in' ? 'refused' : predicted;
        return expected === outcome.observed
          ? undefined
          : `${describeSignIn(outcome)}: what-if ${expected}, Keycloak ${outcome.observed} ${outcome.description ?? ''}`;
      })
      .filter((line) => line !== undefined);
    expect(disagreements).toEqual([]);
  });

  it('predicts the Keyward details of every completed sign-in exactly', () => {
    const disagreements: string[] = [];
    let compared = 0;
    for (const outcome of outcomes) {
      if (outcome.observed !== 'signed-in' && outcome.observed !== 'second-factor') continue;
      const event = eventOf(outcome);
      const { evaluation } = outcome.prediction;
      compared++;
      const actual = {
        type: event?.type,
        requiredBy: detailList(event, 'keyward_mfa_required_by'),
        strength: event?.details?.keyward_strength ?? null,
        policiesApplied: detailList(event, 'keyward_policies_applied'),
        reportOnly: detailList(event, 'keyward_report_only'),
      };
      const wanted = {
        type: 'LOGIN',
        requiredBy: evaluation.requiredBy,
        strength: evaluation.strength,
        policiesApplied: appliedNames(outcome),
        reportOnly: reportOnlyItems(outcome),
      };
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
        disagreements.push(
          `${describeSignIn(outcome)}:\n  Keycloak ${JSON.stringify(actual)}\n  what-if  ${JSON.stringify(wanted)}`,
        );
      }
    }
    expect(compared).toBeGreaterThanOrEqual(60);
    expect(disagreements).toEqual([]);
  });

  it('gives, for every refused sign-in, only reasons what-if also found, and the same block in the browser', () => {
    // A refusal ends the flow at the refusing step, so Keycloak records the policies evaluated up to it. The
    // password grant decides the policies that do not depend on the user first, before the password (so that no
    // answer is a username or password oracle), then per-user MFA and the others: its first refusal may name a
    // different, equally valid reason than what-if's combined decision ("block wins").
    const disagreements: string[] = [];
    let compared = 0;
    for (const outcome of outcomes) {
      const refused = outcome.observed !== 'signed-in' && outcome.observed !== 'second-factor';
      if (!refused || outcome.observed === 'registration') continue;
      const event = eventOf(outcome);
      const { evaluation } = outcome.prediction;
      compared++;
      const problems: string[] = [];
      if (event?.type !== 'LOGIN_ERROR') problems.push(`event ${event?.type ?? 'missing'}`);
      const applied = appliedNames(outcome);
      const recorded = detailList(event, 'keyward_policies_applied');
      if (recorded.some((name) => !applied.includes(name)))
        problems.push(`applied ${recorded} not in ${applied}`);
      const reportOnly = reportOnlyItems(outcome);
      const recordedReportOnly = detailList(event, 'keyward_report_only');
      if (recordedReportOnly.some((item) => !reportOnly.includes(item))) {
        problems.push(`report-only ${recordedReportOnly}`);
      }
      const blockedBy = event?.details?.keyward_blocked_by ?? null;
      const reasons = blockedBy ? [blockedBy] : detailList(event, 'keyward_mfa_required_by');
      if (reasons.length === 0) problems.push('no reason recorded');
      for (const reason of reasons)
        if (!justified(outcome, reason)) problems.push(`reason ${reason} not justified`);
      if (outcome.signIn.clientAppType === 'browser' && blockedBy !== evaluation.blockedBy) {
        problems.push(`blocked by ${blockedBy}, what-if ${evaluation.blockedBy}`);
      }
      if (problems.length > 0) disagreements.push(`${describeSignIn(outcome)}: ${problems.join('; ')}`);
    }
    expect(compared).toBeGreaterThanOrEqual(60);
    expect(disagreements).toEqual([]);
  });
});
