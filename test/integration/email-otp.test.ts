/**
 * Email one-time codes (SPEC §2 `authenticationMethods.email`, §3.5) against a real Keycloak and a real SMTP server:
 * a code mailed through the realm's SMTP settings and typed on Keyward's page signs the user in (the event names the
 * method); wrong codes are refused, void the code at the attempt limit and count toward the brute-force lock-out;
 * expired codes are refused; "Send a new code" honours the cool-down; the address is registered through the required
 * action (application-initiated); users without an address are told why they cannot; the codes appear nowhere but in
 * the mails.
 */
import { readFile } from 'node:fs/promises';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { setPerUserMfaState } from '../../bridge/src/keycloak/admin/users.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { LoginBrowser, type SignInFlow } from '../support/login-driver.js';
import {
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
  type TestUser,
} from '../support/realm-fixture.js';
import { type SinkMessage, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const server = inject('keycloak');

const CODE_PAGE = 'login-login-keyward-email-otp';
const CODE_FORM = 'kc-keyward-email-otp-form';
const RESEND_FORM = 'kc-keyward-email-otp-resend-form';
const CODE_LENGTH = 10;
const COOLDOWN_SECONDS = 10;

// Only email codes can be a second factor here, and nothing requires MFA but per-user `enforced`: so a user without a
// method signs in with the password alone and can register the address as an application-initiated action.
const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
authenticationMethods:
  softwareOath: { state: disabled }
  fido2: { state: disabled }
  recoveryCodes: { state: disabled }
  email:
    state: enabled
    codeLength: ${CODE_LENGTH}
    codeLifetimeInMinutes: 1
    resendCooldownInSeconds: ${COOLDOWN_SECONDS}
    maximumAttemptsPerCode: 3
`;

let realm: TestRealm;
let sink: SmtpSink;

interface StoredEvent {
  type: string;
  error?: string;
  details?: Record<string, string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function codeOf(message: SinkMessage): string {
  const match = new RegExp(`\\b(\\d{${CODE_LENGTH}})\\b`).exec(message.text);
  if (!match?.[1]) throw new Error(`No code in the mail: ${message.text}`);
  return match[1];
}

/** A user with a verified address for email codes (stored as the extension stores it) and MFA enforced. */
async function userWithEmailCodes(username: string): Promise<TestUser & { email: string }> {
  const email = `${username}@example.test`;
  const admin = await adminClient(server);
  const { id } = await admin.users.create({
    realm: realm.name,
    username,
    enabled: true,
    email,
    emailVerified: true,
    firstName: 'Test',
    lastName: username,
    credentials: [
      { type: 'password', value: `${username}-Pass-1`, temporary: false },
      {
        type: 'keyward-email-otp',
        userLabel: email,
        credentialData: JSON.stringify({ email, verifiedDateTime: Date.now() }),
        secretData: '{}',
      },
    ],
  });
  await setPerUserMfaState(admin, realm.name, username, 'enforced');
  return { id, username, password: `${username}-Pass-1`, email };
}

/** Password, then the code page; returns the flow and the code mailed for it. */
async function openCodePage(
  user: TestUser & { email: string },
  params?: Record<string, string>,
): Promise<{ flow: SignInFlow; code: string }> {
  const since = Date.now();
  const flow = await new LoginBrowser(server.url).startSignIn({
    realm: realm.name,
    clientId: realm.clientId,
    redirectUri: realm.redirectUri,
    ...(params ? { params } : {}),
  });
  await flow.submitPassword(user.username, user.password);
  expect(flow.page.pageId, flow.page.errorMessage ?? flow.page.text).toBe(CODE_PAGE);
  expect(flow.page.message?.text, await logTail()).toContain('We sent a code to');
  const mail = await sink.nextMessage(user.email, { after: since });
  return { flow, code: codeOf(mail) };
}

/** Types a code; through the resend form's action (without resending) when the page no longer shows the field. */
async function enterCode(flow: SignInFlow, code: string): Promise<void> {
  if (flow.page.html.includes(`id="${CODE_FORM}"`)) {
    await flow.submit({ emailCode: code }, CODE_FORM);
  } else {
    await flow.submit({ emailCode: code, resend: '' }, RESEND_FORM);
  }
}

async function logTail(): Promise<string> {
  if (!server.logFile) return '';
  const lines = (await readFile(server.logFile, 'utf8')).split('\n');
  return lines
    .filter((line) => /WARN|ERROR|Exception/.test(line))
    .slice(-15)
    .join('\n');
}

async function userEvents(user: TestUser): Promise<StoredEvent[]> {
  const admin = await adminClient(server);
  return (await admin.realms.findEvents({ realm: realm.name, user: user.id, max: 1000 })) as StoredEvent[];
}

/**
 * Brute-force bookkeeping runs on Keycloak's own executor, a moment after the response, and writes the count before
 * the lock-out time: wait until `done` holds (or 5 s passed).
 */
async function bruteForceState(
  admin: KcAdminClient,
  user: TestUser,
  done: (state: { numFailures: number; disabled: boolean }) => boolean,
) {
  for (let attempt = 0; ; attempt++) {
    const state = (await admin.attackDetection.findOne({ realm: realm.name, id: user.id })) as {
      numFailures: number;
      disabled: boolean;
    };
    if (done(state) || attempt >= 50) return state;
    await sleep(100);
  }
}

describe('email one-time codes', () => {
  beforeAll(async () => {
    sink = await startSmtpSink();
    realm = await createTestRealm(server, 'email-otp', {
      eventsEnabled: true,
      enabledEventTypes: ['LOGIN', 'LOGIN_ERROR', 'UPDATE_CREDENTIAL', 'CUSTOM_REQUIRED_ACTION'],
      bruteForceProtected: true,
      failureFactor: 4,
      quickLoginCheckMilliSeconds: 1,
      waitIncrementSeconds: 600,
      maxFailureWaitSeconds: 900,
      smtpServer: sink.realmSmtpServer(),
    });
    // Keycloak's default user profile would ask a user without an email address for one at sign-in.
    const admin = await adminClient(server);
    const verifyProfile = await admin.authenticationManagement.getRequiredActionForAlias({
      realm: realm.name,
      alias: 'VERIFY_PROFILE',
    });
    await admin.authenticationManagement.updateRequiredAction(
      { realm: realm.name, alias: 'VERIFY_PROFILE' },
      { ...verifyProfile, enabled: false },
    );
    const parsed = parsePolicy(POLICY, 'email.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    expect(parsed.warnings).toEqual([]);
    const { remaining } = await applyDocument(admin, realm.name, parsed.document);
    expect(remaining.changes).toEqual([]);
  });

  afterAll(async () => {
    await deleteRealm(realm);
    await sink.stop();
  });

  it('mails a code through the realm’s SMTP server; typed, it signs the user in and the event names the method', async () => {
    const user = await userWithEmailCodes('edith');
    const { flow, code } = await openCodePage(user);
    expect(flow.page.message?.text).toContain(
      'We sent a code to e***@example.test. It is valid for 1 minute.',
    );
    const mail = sink.messages.find((message) => message.to.includes(user.email));
    expect(mail?.subject).toBe(`Your sign-in code for ${realm.name}`);
    expect(mail?.from).toBe('keyward@example.test');
    expect(mail?.html).toContain(code);

    // Typed with a space in the middle, as people copy codes: still accepted.
    await enterCode(flow, `${code.slice(0, 5)} ${code.slice(5)}`);
    const tokens = await flow.finish();
    expect(tokens.claims()?.preferred_username).toBe('edith');

    const login = (await userEvents(user)).find((event) => event.type === 'LOGIN');
    expect(login?.details).toMatchObject({
      keyward_method: 'email',
      keyward_mfa_required_by: 'perUser:enforced',
      keyward_strength: 'mfa',
    });
  });

  it('voids a code after three wrong ones, counts every wrong code, and locks the account out; then the right code is refused too', async () => {
    const admin = await adminClient(server);
    const user = await userWithEmailCodes('walter');
    const { flow, code } = await openCodePage(user);
    const wrong = code.endsWith('0') ? `${code.slice(0, -1)}1` : `${code.slice(0, -1)}0`;

    await enterCode(flow, wrong);
    expect(flow.page.errorMessage).toBe('This code is not valid. Check it and try again.');
    await enterCode(flow, wrong);
    await enterCode(flow, wrong);
    expect(flow.page.errorMessage).toBe(
      'Too many wrong codes. This code no longer works: ask for a new one.',
    );
    expect(flow.page.html).not.toContain(`id="${CODE_FORM}"`);
    // The attempt limit made the code void: the right one no longer works, without counting as a failure.
    await enterCode(flow, code);
    expect(flow.page.errorMessage).toBe('There is no code to enter. Ask for a new one.');
    const afterThree = await bruteForceState(admin, user, (state) => state.numFailures >= 3);
    expect(afterThree).toMatchObject({ numFailures: 3, disabled: false });

    await sleep(COOLDOWN_SECONDS * 1000);
    const since = Date.now();
    await flow.submit({}, RESEND_FORM);
    expect(flow.page.message?.text).toContain('We sent a new code to w***@example.test');
    const second = codeOf(await sink.nextMessage(user.email, { after: since }));
    await enterCode(flow, second === wrong ? code : wrong);
    const locked = await bruteForceState(admin, user, (state) => state.numFailures >= 4 && state.disabled);
    expect(locked).toMatchObject({ numFailures: 4, disabled: true });

    // Locked out, the right code is refused like a wrong one (as Keycloak's own forms do).
    await enterCode(flow, second);
    expect(flow.page.pageId).toBe(CODE_PAGE);
    expect(flow.page.errorMessage).toBe('This code is not valid. Check it and try again.');

    const refused = (await userEvents(user))
      .filter((event) => event.details?.keyward_email_otp === 'refused')
      .map((event) => `${event.error}:${event.details?.keyward_email_otp_reason}`)
      .sort();
    expect(refused).toEqual([
      'invalid_code:noCode',
      'invalid_user_credentials:attemptsExhausted',
      'invalid_user_credentials:invalidCode',
      'invalid_user_credentials:invalidCode',
      'invalid_user_credentials:invalidCode',
      'user_temporarily_disabled:lockedOut',
    ]);
    await admin.attackDetection.del({ realm: realm.name, id: user.id });
  });

  it('honours the resend cool-down with a visible message; a new code replaces the old one', async () => {
    const user = await userWithEmailCodes('rhea');
    const { flow, code: first } = await openCodePage(user);

    await flow.submit({}, RESEND_FORM);
    expect(flow.page.message?.type).toBe('warning');
    expect(flow.page.message?.text).toMatch(/^You can ask for a new code in ([1-9]|10) seconds\.$/);
    await sleep(1000);
    expect(sink.messages.filter((message) => message.to.includes(user.email))).toHaveLength(1);

    await sleep(COOLDOWN_SECONDS * 1000);
    const since = Date.now();
    await flow.submit({}, RESEND_FORM);
    expect(flow.page.message?.type).toBe('success');
    const second = codeOf(await sink.nextMessage(user.email, { after: since }));
    if (second !== first) {
      await enterCode(flow, first);
      expect(flow.page.errorMessage).toBe('This code is not valid. Check it and try again.');
    }
    await enterCode(flow, second);
    expect((await flow.finish()).claims()?.preferred_username).toBe('rhea');
  });

  it('refuses an expired code, even the right one', async () => {
    const user = await userWithEmailCodes('ezra');
    const { flow, code } = await openCodePage(user);
    await sleep(61_000);
    await enterCode(flow, code);
    expect(flow.page.pageId).toBe(CODE_PAGE);
    expect(flow.page.errorMessage).toBe('This code has expired. Ask for a new one.');
    const reasons = (await userEvents(user)).map((event) => event.details?.keyward_email_otp_reason);
    expect(reasons).toContain('expired');
  });

  it('registers the address through the required action (application-initiated), then signs in with a code', async () => {
    const plain = await createUser(realm, { username: 'rita', password: 'Rita-pass-1' });
    const user = { ...plain, email: 'rita@example.test' };
    const since = Date.now();
    const browser = new LoginBrowser(server.url);
    const flow = await browser.startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
      params: { kc_action: 'keyward-email-otp-register' },
    });
    await flow.submitPassword(user.username, user.password);
    expect(flow.page.pageId, flow.page.text).toBe(CODE_PAGE);
    expect(flow.page.title).toBe('Verify your email address for sign-in codes');
    const mail = await sink.nextMessage(user.email, { after: since });
    expect(mail.subject).toBe(`Confirm your email address for ${realm.name}`);
    const code = codeOf(mail);
    await flow.submit({ emailCode: '0000000000' === code ? '1111111111' : '0000000000' }, CODE_FORM);
    expect(flow.page.errorMessage).toBe('This code is not valid. Check it and try again.');
    await flow.submit({ emailCode: code }, CODE_FORM);
    expect(flow.page.kind).toBe('callback');
    expect(new URL(flow.page.url).searchParams.get('kc_action_status')).toBe('success');
    await flow.finish();

    const admin = await adminClient(server);
    const credentials = await admin.users.getCredentials({ realm: realm.name, id: user.id });
    const registered = credentials.find((credential) => credential.type === 'keyward-email-otp');
    expect(JSON.parse(String(registered?.credentialData))).toMatchObject({ email: user.email });
    const updated = (await userEvents(user)).find((event) => event.type === 'UPDATE_CREDENTIAL');
    expect(updated?.details?.credential_type).toBe('keyward-email-otp');

    await setPerUserMfaState(admin, realm.name, user.username, 'enforced');
    const signIn = await openCodePage(user);
    await enterCode(signIn.flow, signIn.code);
    expect((await signIn.flow.finish()).claims()?.preferred_username).toBe('rita');
  });

  it('works as a required action attached to the user (as the registration wizard attaches it)', async () => {
    const plain = await createUser(realm, {
      username: 'reno',
      password: 'Reno-pass-1',
      requiredActions: ['keyward-email-otp-register'],
    });
    const since = Date.now();
    const flow = await new LoginBrowser(server.url).startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
    });
    await flow.submitPassword(plain.username, plain.password);
    expect(flow.page.pageId, flow.page.text).toBe(CODE_PAGE);
    // Not application-initiated: no Cancel, the user must verify the address (or ask an admin to detach the action).
    expect(flow.page.html).not.toContain('kc-keyward-email-otp-cancel');
    await flow.submit(
      { emailCode: codeOf(await sink.nextMessage('reno@example.test', { after: since })) },
      CODE_FORM,
    );
    await flow.finish();
    const admin = await adminClient(server);
    const types = (await admin.users.getCredentials({ realm: realm.name, id: plain.id })).map(
      (credential) => credential.type,
    );
    expect(types).toContain('keyward-email-otp');
    const user = await admin.users.findOne({ realm: realm.name, id: plain.id });
    expect(user?.requiredActions).toEqual([]);
  });

  it('tells a user without an email address that they cannot register email codes, and sends nothing', async () => {
    const admin = await adminClient(server);
    const { id } = await admin.users.create({
      realm: realm.name,
      username: 'noel',
      enabled: true,
      firstName: 'Test',
      lastName: 'noel',
      credentials: [{ type: 'password', value: 'Noel-pass-1', temporary: false }],
    });
    const mailsBefore = sink.messages.length;
    const flow = await new LoginBrowser(server.url).startSignIn({
      realm: realm.name,
      clientId: realm.clientId,
      redirectUri: realm.redirectUri,
      params: { kc_action: 'keyward-email-otp-register' },
    });
    await flow.submitPassword('noel', 'Noel-pass-1');
    expect(flow.page.pageId).toBe(CODE_PAGE);
    expect(flow.page.errorMessage).toBe(
      'Your account has no email address, so sign-in codes cannot be sent to you. Ask your administrator to add one, or set up another sign-in method.',
    );
    expect(flow.page.html).not.toContain(`id="${CODE_FORM}"`);
    expect(flow.page.html).not.toContain(`id="${RESEND_FORM}"`);
    await flow.submit({ 'cancel-aia': 'true' }, 'kc-keyward-email-otp-cancel-form');
    expect(new URL(flow.page.url).searchParams.get('kc_action_status')).toBe('cancelled');
    expect(sink.messages.length).toBe(mailsBefore);
    const credentials = await admin.users.getCredentials({ realm: realm.name, id });
    expect(credentials.map((credential) => credential.type)).toEqual(['password']);
  });

  it('writes the codes nowhere but in the mails: not in credentials, events or Keycloak’s log', async () => {
    const codes = sink.messages.map(codeOf);
    expect(codes.length).toBeGreaterThanOrEqual(6);
    const admin = await adminClient(server);
    const seen: string[] = [
      JSON.stringify(await admin.realms.findEvents({ realm: realm.name, max: 10_000 })),
    ];
    for (const user of await admin.users.find({ realm: realm.name, max: 100 })) {
      seen.push(JSON.stringify(await admin.users.getCredentials({ realm: realm.name, id: String(user.id) })));
    }
    for (const text of seen) {
      for (const code of codes) expect(text).not.toContain(code);
    }
    if (server.logFile) {
      const log = await readFile(server.logFile, 'utf8');
      expect(log).toContain(realm.name);
      for (const code of codes) expect(log).not.toContain(code);
    } else {
      expect(server.backend, 'only a server this run started has a log file to read').not.toBe(
        'distribution',
      );
    }
  });
});
