/**
 * One sign-in against real Keycloak, and what Keycloak did with it in the words of what-if's `Enforcement`, so that
 * integration tests can compare Keycloak with the evaluator: the first page after the password (or the password
 * grant's answer), and the Keyward details of the event it recorded.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type { Enforcement } from '../../bridge/src/evaluate/enforcement.js';
import {
  LoginBrowser,
  type LoginPage,
  passwordGrant,
  type SignInFlow,
  type TotpAuthenticator,
} from './login-driver.js';
import { viaTrustedProxy } from './proxy.js';
import type { TestRealm } from './realm-fixture.js';

/** What Keycloak showed; `unknown` carries the page for the failure message. */
export type Observed = Enforcement | `unknown: ${string}`;

/** A user who can sign in: password, and the TOTP app when one is registered. */
export interface ProbeUser {
  username: string;
  password: string;
  totp?: TotpAuthenticator;
}

/** Where a sign-in comes from and what it signs in to. */
export interface ProbeSignIn {
  clientId: string;
  /** The client IP Keycloak is told through the trusted proxy; undefined = straight from 127.0.0.1. */
  ip?: string;
  userAgent?: string;
  /** Other headers, e.g. an `x-forwarded-for` that a non-proxy sends. */
  headers?: Record<string, string>;
}

/** Keycloak's refusal texts (themes/keyward/login/messages and the extension's direct-grant answers). */
const BLOCKED_PAGE = /policy “.*” blocks this sign-in/;
const STRENGTH_PAGE = /requires (passwordless |phishing-resistant )?multi-factor authentication/;

/** Names the page the user is shown after the password in the words of `Enforcement`. */
export function classifyPage(page: LoginPage): Observed {
  switch (page.kind) {
    case 'callback':
      return page.errorMessage ? `unknown: callback error ${page.errorMessage}` : 'signed-in';
    case 'otp':
    case 'webauthn':
      return 'second-factor';
    case 'configure-totp':
    case 'webauthn-register':
    case 'security-info':
      return 'registration';
    case 'update-password':
      return 'password-change';
    case 'error':
      if (BLOCKED_PAGE.test(page.errorMessage ?? '')) return 'blocked';
      if (STRENGTH_PAGE.test(page.errorMessage ?? '')) return 'refused-strength';
      return `unknown: error page ${page.errorMessage}`;
    default:
      return `unknown: ${page.kind} ${page.title} ${page.errorMessage ?? ''}`;
  }
}

/** The result of a browser sign-in: what was observed, and the flow to continue it. */
export interface BrowserProbe {
  observed: Observed;
  flow: SignInFlow;
  browser: LoginBrowser;
}

const browserOptions = (probe: ProbeSignIn) => ({
  ...(probe.userAgent ? { userAgent: probe.userAgent } : {}),
  ...(probe.ip ? viaTrustedProxy(probe.ip) : {}),
  ...(probe.headers ? { headers: { ...probe.headers } } : {}),
});

/**
 * Starts a browser sign-in in a fresh browser (no SSO cookie), submits username and password and classifies what
 * comes next; with `complete`, also enters the TOTP code when asked and (with the same password) changes the
 * password, so that Keycloak records the finished sign-in. Many sign-ins of one user within 30 seconds need
 * `reuseCodes` (and a realm that accepts a code twice).
 */
export async function browserSignIn(
  realm: TestRealm,
  user: ProbeUser,
  probe: ProbeSignIn,
  options: {
    complete?: boolean;
    browser?: LoginBrowser;
    /** Enter the current TOTP code even if spent before (only for realms with `otpPolicyCodeReusable`). */
    reuseCodes?: boolean;
  } = {},
): Promise<BrowserProbe> {
  const browser = options.browser ?? new LoginBrowser(realm.server.url, browserOptions(probe));
  const redirectUri = realm.redirectUri;
  const flow = await browser.startSignIn({ realm: realm.name, clientId: probe.clientId, redirectUri });
  if (flow.page.kind !== 'callback') await flow.submitPassword(user.username, user.password);
  const observed = classifyPage(flow.page);
  if (options.complete) {
    if (flow.page.kind === 'otp' && user.totp) {
      const code = options.reuseCodes
        ? await user.totp.codeAt(Math.floor(Date.now() / 1000))
        : await user.totp.nextCode();
      await flow.submitOtp(code);
    }
    if (flow.page.kind === 'update-password') await flow.updatePassword(user.password);
  }
  return { observed, flow, browser };
}

/** A password grant through the same network path; `signed-in` or `refused` with Keycloak's description. */
export async function grantSignIn(
  realm: TestRealm,
  user: ProbeUser,
  probe: ProbeSignIn,
): Promise<{ observed: 'signed-in' | 'refused'; description?: string }> {
  const response = await passwordGrant({
    kcUrl: realm.server.url,
    realm: realm.name,
    clientId: probe.clientId,
    username: user.username,
    password: user.password,
    ...(probe.userAgent ? { userAgent: probe.userAgent } : {}),
    ...(probe.ip ? viaTrustedProxy(probe.ip) : {}),
    ...(probe.headers ? { headers: probe.headers } : {}),
  });
  if (response.status === 200) return { observed: 'signed-in' };
  return { observed: 'refused', description: response.body.error_description ?? response.body.error ?? '' };
}

/** A `LOGIN` / `LOGIN_ERROR` event as the admin API returns it. */
export interface SignInEvent {
  time: number;
  type: 'LOGIN' | 'LOGIN_ERROR';
  clientId?: string;
  userId?: string;
  ipAddress?: string;
  error?: string;
  details?: Record<string, string>;
}

/** Every sign-in event of the realm, newest first. */
export async function signInEvents(admin: KcAdminClient, realm: TestRealm): Promise<SignInEvent[]> {
  return (await admin.realms.findEvents({
    realm: realm.name,
    type: ['LOGIN', 'LOGIN_ERROR'] as never,
    max: 100_000,
  })) as SignInEvent[];
}

/** A comma-separated event detail as a list (`none` and absent are empty). */
export function detailList(event: SignInEvent | undefined, key: string): string[] {
  const value = event?.details?.[key];
  // Items are percent-encoded (`,` and `%`), since policy names may contain commas (docs/architecture.md).
  return value === undefined || value === '' || value === 'none'
    ? []
    : value.split(',').map(decodeURIComponent);
}
