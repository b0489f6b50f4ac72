/**
 * Conditional Access (SPEC §3.3–3.5, §3.8) enforced by a real Keycloak through its real login pages and the password
 * grant, each sign-in checked against what-if's prediction for the same sign-in. Client IPs reach Keycloak through a
 * trusted proxy (test/support/proxy.ts); one test proves an untrusted sender's X-Forwarded-For is not believed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SignIn } from '../../bridge/src/evaluate/sign-in.js';
import { whatIf } from '../../bridge/src/keycloak/admin/what-if.js';
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
import { LoginBrowser } from '../support/login-driver.js';
import { UNTRUSTED_ADDRESS } from '../support/proxy.js';
import { adminClient, deleteRealm } from '../support/realm-fixture.js';
import {
  browserSignIn,
  detailList,
  grantSignIn,
  type ProbeSignIn,
  type ProbeUser,
  signInEvents,
} from '../support/sign-in-probe.js';

const server = inject('keycloak');

const UA = {
  windows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  iPhone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  macOS:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  curl: 'curl/8.5.0',
};

const OFFICE = '203.0.113.10';
const OFFICE_V6 = '2001:db8:0:1::10';
const HOME = '198.51.100.10';
const HOME_V6 = '2001:db8:1::10';
const GUEST = '198.18.1.10';

let ca: CaRealm;

beforeAll(async () => {
  ca = await createCaRealm(server, 'ca');
});

afterAll(async () => {
  await deleteRealm(ca.realm);
});

async function apply(...lines: string[]): Promise<void> {
  await applyTestDocument(server, ca.realm, testDocument(...TEST_LOCATIONS, ...lines));
}

/** What-if for the sign-in a probe makes. */
async function predicted(user: ProbeUser, probe: ProbeSignIn, clientAppType: SignIn['clientAppType']) {
  return whatIf(await adminClient(server), ca.realm.name, {
    user: user.username,
    clientId: probe.clientId,
    ip: probe.ip ?? UNTRUSTED_ADDRESS,
    clientAppType,
    ...(probe.userAgent ? { userAgent: probe.userAgent } : {}),
  });
}

/** Signs in through the browser and asserts that Keycloak did `expected`, exactly as what-if predicts. */
async function expectBrowser(user: ProbeUser, probe: ProbeSignIn, expected: string) {
  const prediction = await predicted(user, probe, 'browser');
  const { observed, flow } = await browserSignIn(ca.realm, user, probe);
  expect({ user: user.username, observed }).toEqual({ user: user.username, observed: expected });
  expect({ user: user.username, predicted: prediction.enforcement }).toEqual({
    user: user.username,
    predicted: expected,
  });
  return { prediction, flow };
}

/** The password grant, asserting Keycloak's answer and what-if's prediction (`signed-in` or a refusal). */
async function expectGrant(user: ProbeUser, probe: ProbeSignIn, expected: 'signed-in' | 'refused') {
  const prediction = await predicted(user, probe, 'other');
  const result = await grantSignIn(ca.realm, user, probe);
  expect({ user: user.username, observed: result.observed }).toEqual({
    user: user.username,
    observed: expected,
  });
  expect(prediction.enforcement === 'signed-in' ? 'signed-in' : 'refused').toBe(expected);
  return { prediction, description: result.description };
}

const app = (more: Partial<ProbeSignIn> = {}): ProbeSignIn => ({
  clientId: ca.realm.clientId,
  ip: HOME,
  ...more,
});

describe('the users condition', () => {
  it('matches by group (sub-groups too), realm role and client role; exclusion always wins', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'IT',
        ['users: { includeGroups: [/it] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [mfa] }',
      ),
      ...policyLines(
        'Ops',
        ['users: { includeRoles: [ops] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [mfa] }',
      ),
      ...policyLines(
        'Administrators',
        [
          'users: { includeRoles: [realm-management/realm-admin], excludeGroups: [/break-glass] }',
          'applications: { includeApplications: [All] }',
        ],
        '{ builtInControls: [mfa] }',
      ),
    );
    const { cast } = ca;
    await expectBrowser(cast.ivy, app(), 'second-factor');
    await expectBrowser(cast.ron, app(), 'second-factor');
    await expectBrowser(cast.ada, app(), 'second-factor');
    await expectBrowser(cast.breakGlass, app(), 'signed-in');
    const kim = await expectBrowser(cast.kim, app(), 'signed-in');
    expect(kim.prediction.evaluation.policies.map((policy) => policy.failedCondition)).toEqual([
      'users',
      'users',
      'users',
    ]);
  });
});

describe('the applications condition', () => {
  it('matches the named client and leaves the others alone; an excluded client never matches', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'Payroll',
        ['users: { includeUsers: [All] }', `applications: { includeApplications: [${PAYROLL_CLIENT_ID}] }`],
        '{ builtInControls: [mfa] }',
      ),
      ...policyLines(
        'Everything but payroll',
        [
          'users: { includeUsers: [lee] }',
          `applications: { includeApplications: [All], excludeApplications: [${PAYROLL_CLIENT_ID}] }`,
        ],
        '{ builtInControls: [block] }',
      ),
    );
    await expectBrowser(ca.cast.kim, app({ clientId: PAYROLL_CLIENT_ID }), 'second-factor');
    await expectBrowser(ca.cast.kim, app(), 'signed-in');
    await expectBrowser(ca.cast.lee, app(), 'blocked');
    // lee has no method: payroll asks for MFA, so the sign-in turns into registration.
    await expectBrowser(ca.cast.lee, app({ clientId: PAYROLL_CLIENT_ID }), 'registration');
  });
});

describe('the locations condition', () => {
  beforeAll(async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'MFA outside trusted locations',
        everyone('locations: { includeLocations: [All], excludeLocations: [AllTrusted] }'),
        '{ builtInControls: [mfa] }',
      ),
      ...policyLines(
        'Block guest wifi',
        everyone('locations: { includeLocations: [Guest wifi] }'),
        '{ builtInControls: [block] }',
      ),
    );
  });

  it('trusts the head office by IPv4 and IPv6, and asks for MFA from anywhere else', async () => {
    await expectBrowser(ca.cast.kim, app({ ip: OFFICE }), 'signed-in');
    await expectBrowser(ca.cast.kim, app({ ip: OFFICE_V6 }), 'signed-in');
    await expectBrowser(ca.cast.kim, app({ ip: HOME }), 'second-factor');
    await expectBrowser(ca.cast.kim, app({ ip: HOME_V6 }), 'second-factor');
  });

  it('blocks a named untrusted location', async () => {
    const { flow } = await expectBrowser(ca.cast.kim, app({ ip: GUEST }), 'blocked');
    expect(flow.page.errorMessage).toContain('“Block guest wifi” blocks this sign-in');
  });

  it('does not believe X-Forwarded-For from a sender that is not a trusted proxy', async () => {
    const spoofed: ProbeSignIn = { clientId: ca.realm.clientId, headers: { 'x-forwarded-for': OFFICE } };
    // Keycloak sees 127.0.0.1 (outside every location), as what-if does for that address.
    await expectBrowser(ca.cast.kim, spoofed, 'second-factor');
    await browserSignIn(ca.realm, ca.cast.kim, spoofed, { complete: true });
    const admin = await adminClient(server);
    const [last] = (await signInEvents(admin, ca.realm)).filter((event) => event.userId === ca.userIds.kim);
    expect(last).toMatchObject({ type: 'LOGIN', ipAddress: UNTRUSTED_ADDRESS });
    expect(last?.details?.keyward_mfa_required_by).toBe('policy:MFA outside trusted locations');
  });

  it('records the address Keycloak resolved, IPv6 included', async () => {
    const kim = ca.cast.kim;
    await browserSignIn(ca.realm, kim, app({ ip: '2001:db8:0:2::77' }), { complete: true });
    const admin = await adminClient(server);
    const event = (await signInEvents(admin, ca.realm)).find(
      (candidate) => candidate.ipAddress === '2001:db8:0:2::77',
    );
    expect(event?.type).toBe('LOGIN');
    expect(detailList(event, 'keyward_policies_applied')).toEqual([]);
  });
});

describe('the client app types condition', () => {
  it('blocks legacy authentication before the username is looked at, and leaves browsers alone', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'Block legacy authentication',
        everyone('clientAppTypes: [other]'),
        '{ builtInControls: [block] }',
      ),
      ...policyLines(
        'MFA in browsers for payroll',
        [
          'users: { includeUsers: [All] }',
          `applications: { includeApplications: [${PAYROLL_CLIENT_ID}] }`,
          'clientAppTypes: [browser]',
        ],
        '{ builtInControls: [mfa] }',
      ),
    );
    const blocked = await expectGrant(ca.cast.kim, app(), 'refused');
    expect(blocked.description).toBe(
      "Sign-in blocked by Conditional Access policy 'Block legacy authentication'.",
    );
    // Decided from the request alone: an unknown user gets the same answer.
    const nobody = await grantSignIn(ca.realm, { username: 'nobody', password: 'x' }, app());
    expect(nobody.description).toBe(blocked.description);
    await expectBrowser(ca.cast.kim, app(), 'signed-in');
    await expectBrowser(ca.cast.kim, app({ clientId: PAYROLL_CLIENT_ID }), 'second-factor');
  });

  it('lets the password grant through where only browser policies apply', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines('MFA in browsers', everyone('clientAppTypes: [browser]'), '{ builtInControls: [mfa] }'),
    );
    await expectGrant(ca.cast.kim, app(), 'signed-in');
    await expectBrowser(ca.cast.kim, app(), 'second-factor');
  });
});

describe('the platforms condition', () => {
  it('matches the platform named by the User-Agent; an unknown platform matches only all', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'Block mobile',
        everyone('platforms: { includePlatforms: [android, iOS] }'),
        '{ builtInControls: [block] }',
      ),
      ...policyLines(
        'MFA except on macOS',
        everyone('platforms: { includePlatforms: [all], excludePlatforms: [macOS] }'),
        '{ builtInControls: [mfa] }',
      ),
    );
    await expectBrowser(ca.cast.kim, app({ userAgent: UA.iPhone }), 'blocked');
    await expectBrowser(ca.cast.kim, app({ userAgent: UA.android }), 'blocked');
    await expectBrowser(ca.cast.kim, app({ userAgent: UA.windows }), 'second-factor');
    await expectBrowser(ca.cast.kim, app({ userAgent: UA.macOS }), 'signed-in');
    // curl names no platform: not mobile, and not macOS either.
    await expectBrowser(ca.cast.kim, app({ userAgent: UA.curl }), 'second-factor');
    const legacy = await expectGrant(ca.cast.kim, app({ userAgent: UA.iPhone }), 'refused');
    expect(legacy.description).toBe("Sign-in blocked by Conditional Access policy 'Block mobile'.");
  });
});

describe('grant controls', () => {
  it('mfa: asks for the second factor and signs in with it, recording why', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines('Require MFA', everyone(), '{ builtInControls: [mfa] }'),
    );
    const { flow } = await expectBrowser(ca.cast.kim, app({ ip: '198.51.100.21' }), 'second-factor');
    await flow.submitOtp(await (ca.cast.kim.totp as NonNullable<ProbeUser['totp']>).nextCode());
    expect((await flow.finish()).claims()?.preferred_username).toBe('kim');
    const event = (await signInEvents(await adminClient(server), ca.realm)).find(
      (candidate) => candidate.ipAddress === '198.51.100.21' && candidate.type === 'LOGIN',
    );
    expect(event?.details).toMatchObject({
      keyward_mfa_required_by: 'policy:Require MFA',
      keyward_strength: 'mfa',
      keyward_method: 'otp',
      keyward_policies_applied: 'Require MFA',
    });
  });

  it('passwordChange: asks for a new password, and with AND also for the second factor first', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'Change password',
        ['users: { includeUsers: [kim] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [passwordChange] }',
      ),
      ...policyLines(
        'MFA and new password',
        ['users: { includeUsers: [ron] }', 'applications: { includeApplications: [All] }'],
        '{ operator: AND, builtInControls: [mfa, passwordChange] }',
      ),
      ...policyLines(
        'MFA or new password',
        ['users: { includeUsers: [ivy] }', 'applications: { includeApplications: [All] }'],
        '{ operator: OR, builtInControls: [mfa, passwordChange] }',
      ),
    );
    const kim = await expectBrowser(ca.cast.kim, app(), 'password-change');
    await kim.flow.updatePassword(ca.cast.kim.password);
    expect(kim.flow.page.kind).toBe('callback');

    const ron = await expectBrowser(ca.cast.ron, app(), 'second-factor');
    await ron.flow.submitOtp(await (ca.cast.ron.totp as NonNullable<ProbeUser['totp']>).nextCode());
    expect(ron.flow.page.kind).toBe('update-password');
    await ron.flow.updatePassword(ca.cast.ron.password);
    expect(ron.flow.page.kind).toBe('callback');

    // OR: the second factor satisfies the policy; no password change.
    const ivy = await expectBrowser(ca.cast.ivy, app(), 'second-factor');
    await ivy.flow.submitOtp(await (ca.cast.ivy.totp as NonNullable<ProbeUser['totp']>).nextCode());
    expect(ivy.flow.page.kind).toBe('callback');

    // The password grant cannot change a password.
    await expectGrant(ca.cast.kim, app(), 'refused');
  });

  it('block wins over every other requirement', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines('Require MFA', everyone(), '{ builtInControls: [mfa] }'),
      ...policyLines(
        'Block kim',
        ['users: { includeUsers: [kim] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [block] }',
      ),
    );
    const { prediction, flow } = await expectBrowser(ca.cast.kim, app({ ip: '198.51.100.22' }), 'blocked');
    expect(prediction.evaluation.blockedBy).toBe('policy:Block kim');
    expect(flow.page.errorMessage).toContain('“Block kim” blocks this sign-in');
    const event = (await signInEvents(await adminClient(server), ca.realm)).find(
      (candidate) => candidate.ipAddress === '198.51.100.22',
    );
    expect(event).toMatchObject({ type: 'LOGIN_ERROR', error: 'access_denied' });
    expect(event?.details?.keyward_blocked_by).toBe('policy:Block kim');
    await expectBrowser(ca.cast.ron, app(), 'second-factor');
  });
});

describe('authentication strengths', () => {
  beforeAll(async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines('Require MFA', everyone(), '{ builtInControls: [mfa] }'),
      ...policyLines(
        'Phishing-resistant MFA for administrators',
        [
          'users: { includeRoles: [realm-management/realm-admin], excludeUsers: [break-glass-1] }',
          'applications: { includeApplications: [All] }',
        ],
        '{ authenticationStrength: phishingResistantMfa }',
      ),
    );
  });

  it('refuses a TOTP-only administrator with a message that names the strength', async () => {
    const { prediction, flow } = await expectBrowser(
      ca.cast.ada,
      app({ ip: '198.51.100.23' }),
      'refused-strength',
    );
    expect(prediction.evaluation.strength).toBe('phishingResistantMfa');
    expect(prediction.evaluation.requiredBy).toEqual([
      'policy:Require MFA',
      'policy:Phishing-resistant MFA for administrators',
    ]);
    expect(prediction.evaluation.satisfiedBy).toEqual({ otp: false });
    expect(flow.page.errorMessage).toContain('requires phishing-resistant multi-factor authentication');
    expect(flow.page.errorMessage).toContain('an authenticator app code is not enough');
  });

  it('asks the ordinary user with TOTP for the code, and the break-glass administrator too', async () => {
    await expectBrowser(ca.cast.kim, app(), 'second-factor');
    await expectBrowser(ca.cast.breakGlass, app(), 'second-factor');
  });

  it('makes a user without methods register a security key or passkey, not an authenticator app', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'Phishing-resistant for lee',
        ['users: { includeUsers: [lee] }', 'applications: { includeApplications: [All] }'],
        '{ authenticationStrength: phishingResistantMfa }',
      ),
    );
    const { flow } = await expectBrowser(ca.cast.lee, app(), 'registration');
    expect(flow.page.kind).toBe('security-info');
    expect(flow.securityInfoMethods()).toEqual(['passkey', 'securityKey']);
    await flow.chooseSecurityInfo('securityKey');
    expect(flow.page.kind).toBe('webauthn-register');
  });
});

describe('report-only policies', () => {
  it('are evaluated and logged, never enforced', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'Block everyone (report)',
        everyone(),
        '{ builtInControls: [block] }',
        [],
        'enabledForReportingButNotEnforced',
      ),
      ...policyLines(
        'Phishing-resistant (report)',
        everyone(),
        '{ authenticationStrength: phishingResistantMfa }',
        [],
        'enabledForReportingButNotEnforced',
      ),
      ...policyLines(
        'Mobile only (report)',
        everyone('platforms: { includePlatforms: [iOS] }'),
        '{ builtInControls: [block] }',
        [],
        'enabledForReportingButNotEnforced',
      ),
    );
    const { prediction } = await expectBrowser(
      ca.cast.kim,
      app({ ip: '198.51.100.24', userAgent: UA.windows }),
      'signed-in',
    );
    expect(
      prediction.evaluation.policies.map(({ name, applied, result }) => ({ name, applied, result })),
    ).toEqual([
      { name: 'Block everyone (report)', applied: true, result: 'block' },
      { name: 'Phishing-resistant (report)', applied: true, result: 'mfa' },
      { name: 'Mobile only (report)', applied: false, result: 'none' },
    ]);
    const event = (await signInEvents(await adminClient(server), ca.realm)).find(
      (candidate) => candidate.ipAddress === '198.51.100.24',
    );
    expect(event?.type).toBe('LOGIN');
    expect(detailList(event, 'keyward_report_only')).toEqual([
      'Block everyone (report)=block',
      'Phishing-resistant (report)=mfa',
    ]);
    expect(detailList(event, 'keyward_policies_applied')).toEqual([]);
    expect(detailList(event, 'keyward_mfa_required_by')).toEqual([]);
    await expectGrant(ca.cast.kim, app(), 'signed-in');
  });
});

describe('session controls', () => {
  const signInTwice = async (user: ProbeUser) => {
    const browser = new LoginBrowser(server.url);
    const first = await browserSignIn(ca.realm, user, app(), { browser, complete: true });
    expect(first.flow.page.kind).toBe('callback');
    return browser.startSignIn({
      realm: ca.realm.name,
      clientId: ca.realm.clientId,
      redirectUri: ca.realm.redirectUri,
    });
  };

  it('signInFrequency everyTime asks for the password again although an SSO session exists', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'Every time',
        ['users: { includeUsers: [kim] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [] }',
        ['sessionControls: { signInFrequency: { isEnabled: true, frequencyInterval: everyTime } }'],
      ),
      ...policyLines(
        'Every four hours',
        ['users: { includeUsers: [ron] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [] }',
        ['sessionControls: { signInFrequency: { isEnabled: true, value: 4, type: hours } }'],
      ),
    );
    const kimAgain = await signInTwice(ca.cast.kim);
    expect(kimAgain.page.kind).toBe('password');
    await kimAgain.submitPassword(ca.cast.kim.username, ca.cast.kim.password);
    expect(kimAgain.page.kind).toBe('callback');

    // Four hours have not passed: the SSO session serves the second sign-in.
    const ronAgain = await signInTwice(ca.cast.ron);
    expect(ronAgain.page.kind).toBe('callback');
    const prediction = await predicted(ca.cast.kim, app(), 'browser');
    expect(prediction.evaluation.sessionControls.signInFrequencySeconds).toBe(0);
    expect(
      (await predicted(ca.cast.ron, app(), 'browser')).evaluation.sessionControls.signInFrequencySeconds,
    ).toBe(14_400);
  });

  it('persistentBrowser decides whether the SSO cookie outlives the browser', async () => {
    await apply(
      'conditionalAccessPolicies:',
      ...policyLines(
        'Persistent for kim',
        ['users: { includeUsers: [kim] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [] }',
        ['sessionControls: { persistentBrowser: { isEnabled: true, mode: always } }'],
      ),
      ...policyLines(
        'Never persistent for ron',
        ['users: { includeUsers: [ron] }', 'applications: { includeApplications: [All] }'],
        '{ builtInControls: [] }',
        ['sessionControls: { persistentBrowser: { isEnabled: true, mode: never } }'],
      ),
    );
    const identityCookie = async (user: ProbeUser) => {
      const browser = new LoginBrowser(server.url);
      const { flow } = await browserSignIn(ca.realm, user, app(), { browser, complete: true });
      expect(flow.page.kind).toBe('callback');
      const cookies = await browser.jar.getCookies(`${server.url}/realms/${ca.realm.name}/`);
      return cookies.find((cookie) => cookie.key === 'KEYCLOAK_IDENTITY');
    };
    const kim = await identityCookie(ca.cast.kim);
    const ron = await identityCookie(ca.cast.ron);
    // A persistent cookie has a lifetime (Max-Age); a browser-session cookie lives until the browser closes.
    expect(kim?.TTL()).toBeGreaterThan(0);
    expect(kim?.TTL()).toBeLessThan(Number.POSITIVE_INFINITY);
    expect(ron?.TTL()).toBe(Number.POSITIVE_INFINITY);
    // Keycloak's "Remember me" had to be on for that, so apply turned it on.
    expect((await (await adminClient(server)).realms.findOne({ realm: ca.realm.name }))?.rememberMe).toBe(
      true,
    );
    expect(
      (await predicted(ca.cast.kim, app(), 'browser')).evaluation.sessionControls.persistentBrowser,
    ).toBe('always');
    expect(
      (await predicted(ca.cast.ron, app(), 'browser')).evaluation.sessionControls.persistentBrowser,
    ).toBe('never');
  });
});
