/**
 * Email codes in the combined registration ("Keep your account secure", SPEC §3.6) against a real Keycloak and a real
 * SMTP server: under security defaults a user without a method is offered the email code next to the authenticator
 * app; choosing it runs `keyward-email-otp-register` (the code read from the mail), the summary lists it, "Done" signs
 * the user in with `registration:email`, and the next sign-in asks for an email code. A user without an email address
 * is not offered email codes; where they are the only method, such a user is refused with a clear message instead of
 * being sent to a registration that cannot succeed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { LoginBrowser, type SignInFlow } from '../support/login-driver.js';
import { adminClient, createTestRealm, deleteRealm, type TestRealm } from '../support/realm-fixture.js';
import { type SinkMessage, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const server = inject('keycloak');

const CODE_PAGE = 'login-login-keyward-email-otp';
const CODE_FORM = 'kc-keyward-email-otp-form';
const CODE_LENGTH = 8;
const PASSWORD = 'Wizard-mail-1';

const policy = (softwareOath: 'enabled' | 'disabled') => `apiVersion: keyward/v1
securityDefaults: { isEnabled: true }
authenticationMethods:
  softwareOath: { state: ${softwareOath} }
  fido2: { state: disabled }
  recoveryCodes: { state: disabled }
  email: { state: enabled, codeLength: ${CODE_LENGTH} }
`;

interface StoredEvent {
  type: string;
  details?: Record<string, string>;
}

let realm: TestRealm;
let sink: SmtpSink;

function codeOf(message: SinkMessage): string {
  const match = new RegExp(`\\b(\\d{${CODE_LENGTH}})\\b`).exec(message.text);
  if (!match?.[1]) throw new Error(`No code in the mail: ${message.text}`);
  return match[1];
}

async function apply(document: string): Promise<void> {
  const parsed = parsePolicy(document, 'email-registration.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  expect(parsed.warnings).toEqual([]);
  const { remaining } = await applyDocument(await adminClient(server), realm.name, parsed.document);
  expect(remaining.changes).toEqual([]);
}

/** A user with a password only; `email: undefined` for an account without an address. */
async function createUser(username: string, email: string | undefined): Promise<string> {
  const admin = await adminClient(server);
  const { id } = await admin.users.create({
    realm: realm.name,
    username,
    enabled: true,
    ...(email ? { email, emailVerified: false } : {}),
    firstName: 'Test',
    lastName: username,
    credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
  });
  return id;
}

async function signIn(username: string): Promise<SignInFlow> {
  const flow = await new LoginBrowser(server.url).startSignIn({
    realm: realm.name,
    clientId: realm.clientId,
    redirectUri: realm.redirectUri,
  });
  await flow.submitPassword(username, PASSWORD);
  return flow;
}

async function loginEvents(userId: string): Promise<StoredEvent[]> {
  const admin = await adminClient(server);
  const events = (await admin.realms.findEvents({
    realm: realm.name,
    user: userId,
    type: 'LOGIN',
    max: 100,
  })) as StoredEvent[];
  return events.reverse();
}

async function credentialTypes(userId: string): Promise<string[]> {
  const admin = await adminClient(server);
  const stored = await admin.users.getCredentials({ realm: realm.name, id: userId });
  return stored.map((credential) => String(credential.type)).sort();
}

describe('email codes in the registration wizard', () => {
  beforeAll(async () => {
    sink = await startSmtpSink();
    realm = await createTestRealm(server, 'email-wizard', {
      eventsEnabled: true,
      enabledEventTypes: ['LOGIN', 'LOGIN_ERROR', 'UPDATE_CREDENTIAL'],
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
    await apply(policy('enabled'));
  });

  afterAll(async () => {
    if (realm) await deleteRealm(realm);
    await sink?.stop();
  });

  it('offers the email code, registers it from the mailed code, signs in with registration:email; the next sign-in asks for a code', async () => {
    const email = 'mara@example.test';
    const userId = await createUser('mara', email);
    const flow = await signIn('mara');
    expect(flow.page.kind, flow.page.text).toBe('security-info');
    // Most secure first; no "Not now": nothing grants a snooze here.
    expect(flow.securityInfoMethods()).toEqual(['authenticatorApp', 'email']);
    expect(flow.page.html).not.toContain('id="kc-keyward-not-now"');

    const since = Date.now();
    await flow.chooseSecurityInfo('email');
    expect(flow.page.pageId, flow.page.text).toBe(CODE_PAGE);
    expect(flow.page.title).toBe('Verify your email address for sign-in codes');
    // Attached to the sign-in, not application-initiated: no way to cancel out of it into the application.
    expect(flow.page.html).not.toContain('kc-keyward-email-otp-cancel');
    const mail = await sink.nextMessage(email, { after: since });
    expect(mail.subject).toBe(`Confirm your email address for ${realm.name}`);
    const code = codeOf(mail);

    const wrong = code.endsWith('0') ? `${code.slice(0, -1)}1` : `${code.slice(0, -1)}0`;
    await flow.submit({ emailCode: wrong }, CODE_FORM);
    expect(flow.page.errorMessage).toBe('This code is not valid. Check it and try again.');
    expect(await credentialTypes(userId)).toEqual(['password']);
    await flow.submit({ emailCode: code }, CODE_FORM);

    expect(flow.page.kind, flow.page.text).toBe('security-info-summary');
    expect(flow.page.html).toContain('id="kc-keyward-registered-email"');
    expect(flow.page.text).toContain('Email code');
    // The authenticator app is still on offer as another method.
    expect(flow.page.html).toContain('id="kc-keyward-add-method"');
    await flow.finishSecurityInfo('done');
    expect(flow.page.kind, flow.page.text).toBe('callback');
    expect((await flow.finish()).claims()?.preferred_username).toBe('mara');

    expect(await credentialTypes(userId)).toEqual(['keyward-email-otp', 'password']);
    const admin = await adminClient(server);
    const user = await admin.users.findOne({ realm: realm.name, id: userId });
    expect(user?.emailVerified).toBe(true);
    expect(user?.requiredActions).toEqual([]);
    const [first] = await loginEvents(userId);
    expect(first?.details).toMatchObject({
      keyward_mfa_required_by: 'securityDefaults',
      keyward_method: 'registration:email',
    });

    // The next sign-in: the email code is the second factor.
    const nextSince = Date.now();
    const next = await signIn('mara');
    expect(next.page.pageId, next.page.text).toBe(CODE_PAGE);
    expect(next.page.message?.text).toContain('We sent a code to m***@example.test');
    const signInMail = await sink.nextMessage(email, { after: nextSince });
    expect(signInMail.subject).toBe(`Your sign-in code for ${realm.name}`);
    await next.submit({ emailCode: codeOf(signInMail) }, CODE_FORM);
    expect((await next.finish()).claims()?.preferred_username).toBe('mara');
    const events = await loginEvents(userId);
    expect(events).toHaveLength(2);
    expect(events[1]?.details).toMatchObject({
      keyward_mfa_required_by: 'securityDefaults',
      keyward_method: 'email',
    });
  });

  it('does not offer email codes to a user without an email address, and sends nothing', async () => {
    const userId = await createUser('nora', undefined);
    const mailsBefore = sink.messages.length;
    const flow = await signIn('nora');
    expect(flow.page.kind, flow.page.text).toBe('security-info');
    expect(flow.securityInfoMethods()).toEqual(['authenticatorApp']);
    // Posting the email choice anyway (a stale or forged form) does not start it.
    await flow.chooseSecurityInfo('email');
    expect(flow.page.kind).toBe('security-info');
    expect(flow.page.errorMessage).toBe('Choose one of the methods below.');
    expect(flow.securityInfoMethods()).toEqual(['authenticatorApp']);
    expect(sink.messages.length).toBe(mailsBefore);
    expect(await credentialTypes(userId)).toEqual(['password']);
    expect(await loginEvents(userId)).toEqual([]);
  });

  it('refuses, with a clear message, a user without an address where email codes are the only method', async () => {
    await apply(policy('disabled'));
    const userId = await createUser('olga', undefined);
    await createUser('otto', 'otto@example.test');
    const mailsBefore = sink.messages.length;

    const refused = await signIn('olga');
    expect(refused.page.kind, refused.page.text).toBe('error');
    expect(refused.page.errorMessage).toBe(
      'Multi-factor authentication is required, but no authentication method is enabled for your account. Contact your administrator.',
    );
    expect(sink.messages.length).toBe(mailsBefore);
    expect(await credentialTypes(userId)).toEqual(['password']);
    expect(await loginEvents(userId)).toEqual([]);

    // A user with an address is offered the email code alone.
    const offered = await signIn('otto');
    expect(offered.page.kind, offered.page.text).toBe('security-info');
    expect(offered.securityInfoMethods()).toEqual(['email']);
  });
});
