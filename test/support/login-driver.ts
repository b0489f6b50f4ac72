/**
 * Drives Keycloak's real login pages over HTTP, the way a browser without JavaScript would: an
 * authorization-code + PKCE sign-in through openid-client, each page of Keycloak's login UI fetched with a
 * cookie jar and its form submitted. Integration tests script a sign-in step by step and assert on what the
 * user is shown.
 */

import { HTMLElement, parse, TextNode } from 'node-html-parser';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { CookieJar } from 'tough-cookie';

/** What a page of Keycloak's login UI asks of the user, recognised from the keycloak.v2 templates. */
export type LoginPageKind =
  | 'username-password'
  | 'username'
  | 'password'
  | 'otp'
  | 'configure-totp'
  | 'security-info'
  | 'security-info-summary'
  | 'webauthn'
  | 'webauthn-register'
  | 'update-password'
  | 'logout-confirm'
  | 'error'
  | 'info'
  | 'callback'
  | 'unknown';

/** A form of a login page, ready to submit: where it posts and the values a browser would send. */
export interface LoginForm {
  id: string | undefined;
  action: string;
  method: 'GET' | 'POST';
  /** Named inputs with their current values (hidden inputs included, unchecked boxes left out). */
  fields: Record<string, string>;
}

/** One page the user is shown, or the redirect back to the application (`kind: 'callback'`). */
export interface LoginPage {
  kind: LoginPageKind;
  /** The URL that was fetched, or for `callback` the redirect URI with the authorization response. */
  url: string;
  status: number;
  /** keycloak.v2's `data-page-id` (e.g. `login-login-otp`), for diagnostics; absent off the login theme. */
  pageId: string | undefined;
  /** The page heading (`#kc-page-title`). */
  title: string;
  /** The error shown to the user: an error page's message, a red alert or the first field error. */
  errorMessage: string | undefined;
  /** The alert above the form (Keycloak's `message`), whatever its type. */
  message: { type: 'error' | 'warning' | 'info' | 'success'; text: string } | undefined;
  /** The visible text of the page, whitespace collapsed. */
  text: string;
  html: string;
  /** The page's main form; absent on pages without one. */
  form: LoginForm | undefined;
}

/** Why a sign-in step could not be taken. */
export type LoginDriverErrorCode = 'unexpected-page' | 'unexpected-response';

/** A sign-in step met a page it cannot act on; `page` is what the user was shown. */
export class LoginDriverError extends Error {
  override readonly name = 'LoginDriverError';
  readonly code: LoginDriverErrorCode;
  declare readonly page: LoginPage | undefined;

  constructor(code: LoginDriverErrorCode, message: string, page?: LoginPage, options?: ErrorOptions) {
    super(page ? `${message}\n  shown: ${describePage(page)}` : message, options);
    this.code = code;
    // Not enumerable: test reporters print an error's own properties, and a page's HTML would drown it.
    Object.defineProperty(this, 'page', { value: page, enumerable: false });
  }
}

/** Where a sign-in goes: the realm and the client the user signs in to. */
export interface SignInOptions {
  realm: string;
  clientId: string;
  redirectUri: string;
  /** Defaults to `openid`. */
  scope?: string;
  /** Further authorization request parameters (`prompt`, `login_hint`, `acr_values`, `ui_locales`…). */
  params?: Record<string, string>;
}

/** How the browser presents itself to Keycloak. */
export interface LoginBrowserOptions {
  /** Sent as `Accept-Language`; defaults to `en` so messages can be asserted in English. */
  acceptLanguage?: string;
  userAgent?: string;
  /** Further headers sent with every request to Keycloak, e.g. `x-forwarded-for`. */
  headers?: Record<string, string>;
  /**
   * The fetch that talks to Keycloak's pages; tests pass one bound to another loopback source address to act as a
   * (trusted or untrusted) proxy. Discovery and the code exchange use the global fetch.
   */
  fetch?: typeof fetch;
}

export type SignInTokens = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

const MAX_REDIRECTS = 20;

/**
 * A browser profile: one cookie jar that outlives sign-ins, so Keycloak's SSO cookies behave as they do
 * for a real user (a second sign-in reuses the session; after logout it asks again).
 */
export class LoginBrowser {
  readonly kcUrl: URL;
  /** Keycloak treats localhost as a secure context, as browsers do, so its `Secure` cookies stick. */
  readonly jar = new CookieJar(undefined, { allowSecureOnLocal: true });
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  readonly #configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(kcUrl: string | URL, options: LoginBrowserOptions = {}) {
    this.kcUrl = new URL(kcUrl);
    this.#headers = {
      accept: 'text/html,application/xhtml+xml',
      'accept-language': options.acceptLanguage ?? 'en',
      ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
      ...options.headers,
    };
    this.#fetch = options.fetch ?? fetch;
  }

  /** Sends the authorization request (PKCE S256, state) and returns the flow at the first page shown. */
  async startSignIn(options: SignInOptions): Promise<SignInFlow> {
    const config = await this.#configuration(options.realm, options.clientId);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: options.redirectUri,
      scope: options.scope ?? 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      ...options.params,
    });
    const page = await this.navigate(authorizationUrl);
    return new SignInFlow(this, config, { codeVerifier, state }, page);
  }

  /**
   * RP-initiated logout with the ID token as hint, confirming the logout page if Keycloak shows one;
   * returns the last page shown.
   */
  async logout(idToken: string, postLogoutRedirectUri?: string): Promise<LoginPage> {
    const { iss, azp } = idTokenIssuer(idToken);
    const realm = realmOfIssuer(iss);
    const config = await this.#configuration(realm, azp);
    const logoutUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      client_id: azp,
      ...(postLogoutRedirectUri ? { post_logout_redirect_uri: postLogoutRedirectUri } : {}),
    });
    const page = await this.navigate(logoutUrl);
    if (page.kind === 'logout-confirm' && page.form) {
      return this.submitForm(page.form, { confirmLogout: 'on' });
    }
    return page;
  }

  /** GETs a URL, following Keycloak's redirects but stopping at any redirect that leaves Keycloak. */
  navigate(url: string | URL): Promise<LoginPage> {
    return this.#request(new URL(url), 'GET');
  }

  /** Submits a form the way a browser would, with `values` overriding the form's own fields. */
  submitForm(form: LoginForm, values: Record<string, string> = {}): Promise<LoginPage> {
    const fields = { ...form.fields, ...values };
    if (form.method === 'GET') {
      const url = new URL(form.action);
      for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
      return this.#request(url, 'GET');
    }
    return this.#request(new URL(form.action), 'POST', new URLSearchParams(fields));
  }

  #configuration(realm: string, clientId: string): Promise<oidc.Configuration> {
    const key = `${realm}\n${clientId}`;
    let config = this.#configurations.get(key);
    if (!config) {
      const issuer = new URL(`realms/${encodeURIComponent(realm)}`, withTrailingSlash(this.kcUrl));
      config = oidc.discovery(issuer, clientId, undefined, oidc.None(), {
        ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      config.catch(() => this.#configurations.delete(key));
      this.#configurations.set(key, config);
    }
    return config;
  }

  async #request(url: URL, method: 'GET' | 'POST', body?: URLSearchParams): Promise<LoginPage> {
    let current = url;
    let currentMethod = method;
    let currentBody = body;
    for (let redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
      const headers: Record<string, string> = { ...this.#headers };
      const cookie = await this.jar.getCookieString(current);
      if (cookie) headers.cookie = cookie;
      const response = await this.#fetch(current, {
        method: currentMethod,
        headers,
        body: currentBody,
        redirect: 'manual',
      });
      for (const setCookie of response.headers.getSetCookie()) {
        await this.jar.setCookie(setCookie, current, { ignoreError: true });
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        const next = new URL(location, current);
        if (next.origin !== this.kcUrl.origin) return callbackPage(next, response.status);
        current = next;
        currentMethod = 'GET';
        currentBody = undefined;
        continue;
      }
      return readPage(current, response.status, await response.text());
    }
    throw new LoginDriverError('unexpected-response', `More than ${MAX_REDIRECTS} redirects from ${url}`);
  }
}

/** A sign-in in progress: the page the user is looking at and the steps a user can take from it. */
export class SignInFlow {
  readonly #browser: LoginBrowser;
  readonly #config: oidc.Configuration;
  readonly #checks: { codeVerifier: string; state: string };
  #page: LoginPage;

  /** Created by {@link LoginBrowser.startSignIn}. */
  constructor(
    browser: LoginBrowser,
    config: oidc.Configuration,
    checks: { codeVerifier: string; state: string },
    page: LoginPage,
  ) {
    this.#browser = browser;
    this.#config = config;
    this.#checks = checks;
    this.#page = page;
  }

  /** The page the user is shown now. */
  get page(): LoginPage {
    return this.#page;
  }

  /** Submits the current page's form (or the one with `formId`) with `values` filled in. */
  async submit(values: Record<string, string>, formId?: string): Promise<LoginPage> {
    const form = formId ? findForm(this.#page, formId) : this.#page.form;
    if (!form) {
      throw new LoginDriverError(
        'unexpected-page',
        `No form${formId ? ` #${formId}` : ''} to submit`,
        this.#page,
      );
    }
    this.#page = await this.#browser.submitForm(form, values);
    return this.#page;
  }

  /**
   * Signs in with a password: on the combined form both fields, on a username-first form the username and
   * then the password on the next page.
   */
  async submitPassword(username: string, password: string): Promise<LoginPage> {
    if (this.#page.kind === 'username') await this.submit({ username });
    switch (this.#page.kind) {
      case 'username-password':
        return this.submit({ username, password });
      case 'password':
        return this.submit({ password });
      default:
        throw new LoginDriverError('unexpected-page', 'Expected a password form', this.#page);
    }
  }

  /** Enters a one-time code on the OTP page. */
  submitOtp(code: string): Promise<LoginPage> {
    this.#expect('otp');
    return this.submit({ otp: code });
  }

  /** The methods the combined registration ("Keep your account secure") offers, in the order shown. */
  securityInfoMethods(): string[] {
    this.#expect('security-info');
    return parse(this.#page.html)
      .querySelectorAll('#kc-keyward-security-info-form button[name="method"]')
      .map((button) => button.getAttribute('value') ?? '')
      .filter((value) => value !== 'notNow' && value !== 'back');
  }

  /** Picks a method (`passkey`, `securityKey`, `authenticatorApp`, `email`, `recoveryCodes`) or `notNow`. */
  chooseSecurityInfo(method: string): Promise<LoginPage> {
    this.#expect('security-info');
    return this.submit({ method });
  }

  /** On the registration summary: `done` finishes the sign-in, `add` goes back to the methods. */
  finishSecurityInfo(next: 'done' | 'add' = 'done'): Promise<LoginPage> {
    this.#expect('security-info-summary');
    return this.submit({ next });
  }

  /**
   * Registers an authenticator app on the CONFIGURE_TOTP page: switches to "Unable to scan?", reads the
   * key shown there and submits `codeFor(secret)` with a device name. `secret` is Base32 without spaces.
   * Started on the combined registration, it picks the authenticator app there first and answers the summary
   * with "Done", as a user registering only the app would.
   */
  async configureTotp(
    codeFor: (secret: string) => string | Promise<string>,
    deviceName = 'Test authenticator',
  ): Promise<LoginPage> {
    const viaWizard = this.#page.kind === 'security-info';
    if (viaWizard) await this.chooseSecurityInfo('authenticatorApp');
    this.#expect('configure-totp');
    const manualLink = parse(this.#page.html).querySelector('#mode-manual')?.getAttribute('href');
    if (manualLink) this.#page = await this.#browser.navigate(new URL(manualLink, this.#page.url));
    this.#expect('configure-totp');
    const shownKey = parse(this.#page.html).querySelector('#kc-totp-secret-key')?.text;
    if (!shownKey) throw new LoginDriverError('unexpected-page', 'No TOTP key shown', this.#page);
    const secret = shownKey.replace(/\s+/g, '');
    await this.submit({ totp: await codeFor(secret), userLabel: deviceName });
    if (viaWizard && this.#page.kind === 'security-info-summary') await this.finishSecurityInfo('done');
    return this.#page;
  }

  /** Sets a new password on the UPDATE_PASSWORD page. */
  updatePassword(newPassword: string): Promise<LoginPage> {
    this.#expect('update-password');
    return this.submit({ 'password-new': newPassword, 'password-confirm': newPassword });
  }

  /** Exchanges the authorization code for tokens; throws with what the user is shown if not back yet. */
  async finish(): Promise<SignInTokens> {
    this.#expect('callback');
    if (this.#page.errorMessage) {
      throw new LoginDriverError('unexpected-page', 'The authorization response is an error', this.#page);
    }
    return oidc.authorizationCodeGrant(this.#config, new URL(this.#page.url), {
      pkceCodeVerifier: this.#checks.codeVerifier,
      expectedState: this.#checks.state,
    });
  }

  #expect(kind: LoginPageKind): void {
    if (this.#page.kind !== kind) {
      throw new LoginDriverError('unexpected-page', `Expected the ${kind} page`, this.#page);
    }
  }
}

/** A resource-owner password grant against a realm. */
export interface PasswordGrantOptions {
  kcUrl: string | URL;
  realm: string;
  clientId: string;
  clientSecret?: string;
  username: string;
  password: string;
  /** Defaults to `openid`. */
  scope?: string;
  userAgent?: string;
  /** Further headers, e.g. `x-forwarded-for`. */
  headers?: Record<string, string>;
  /** See {@link LoginBrowserOptions.fetch}. */
  fetch?: typeof fetch;
}

/** The token endpoint's answer as sent: tokens on success, `error` and `error_description` otherwise. */
export interface PasswordGrantResponse {
  status: number;
  body: {
    access_token?: string;
    id_token?: string;
    refresh_token?: string;
    error?: string;
    error_description?: string;
    [member: string]: unknown;
  };
}

/** Sends a password grant and returns the raw response, so tests can assert on refusals. */
export async function passwordGrant(options: PasswordGrantOptions): Promise<PasswordGrantResponse> {
  const tokenEndpoint = new URL(
    `realms/${encodeURIComponent(options.realm)}/protocol/openid-connect/token`,
    withTrailingSlash(new URL(options.kcUrl)),
  );
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: options.clientId,
    username: options.username,
    password: options.password,
    scope: options.scope ?? 'openid',
  });
  if (options.clientSecret !== undefined) form.set('client_secret', options.clientSecret);
  const response = await (options.fetch ?? fetch)(tokenEndpoint, {
    method: 'POST',
    body: form,
    headers: { ...(options.userAgent ? { 'user-agent': options.userAgent } : {}), ...options.headers },
  });
  const text = await response.text();
  let body: PasswordGrantResponse['body'];
  try {
    body = JSON.parse(text) as PasswordGrantResponse['body'];
  } catch (cause) {
    throw new LoginDriverError(
      'unexpected-response',
      `Token endpoint answered ${response.status} with non-JSON: ${text.slice(0, 200)}`,
      undefined,
      { cause },
    );
  }
  return { status: response.status, body };
}

/** The parts of a realm's TOTP policy (`otpPolicy*`) that decide which codes Keycloak accepts. */
export interface TotpPolicy {
  digits: 6 | 7 | 8;
  /** Seconds per code. */
  period: number;
  /** Periods before and after the current one that Keycloak also accepts. */
  lookAroundWindow: number;
}

/** Keycloak's default OTP policy: TOTP, HmacSHA1, 6 digits, 30 s, one period of look-around. */
export const KEYCLOAK_DEFAULT_OTP_POLICY: TotpPolicy = { digits: 6, period: 30, lookAroundWindow: 1 };

/**
 * An authenticator app holding one TOTP secret. Keycloak refuses a code it has already accepted (the
 * realm's OTP policy is not `codeReusable` by default), so every code handed out here is new: when the
 * current period's code is spent, the next period's code is used, which Keycloak accepts through its
 * look-around window; only a third code within one period waits for the clock.
 */
export class TotpAuthenticator {
  readonly secret: string;
  readonly #policy: TotpPolicy;
  #lastStep = Number.NEGATIVE_INFINITY;

  /** `secret` is Base32, as Keycloak shows it. */
  constructor(secret: string, policy: TotpPolicy = KEYCLOAK_DEFAULT_OTP_POLICY) {
    if (!secret) throw new TypeError('secret must be a non-empty Base32 string');
    this.secret = secret;
    this.#policy = policy;
  }

  /** A code Keycloak accepts now and that this authenticator has not handed out before. */
  async nextCode(): Promise<string> {
    const { period, lookAroundWindow } = this.#policy;
    const step = Math.max(this.#currentStep(), this.#lastStep + 1);
    const waitMs = (step - lookAroundWindow) * period * 1000 - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs + 50));
    this.#lastStep = step;
    return this.codeAt(step * period);
  }

  /** A well-formed code that Keycloak refuses now (valid in no period of the look-around window). */
  async wrongCode(): Promise<string> {
    const { lookAroundWindow, period, digits } = this.#policy;
    const now = this.#currentStep();
    const accepted = new Set<string>();
    for (let step = now - lookAroundWindow - 1; step <= now + lookAroundWindow + 1; step++) {
      accepted.add(await this.codeAt(step * period));
    }
    for (let candidate = 0; ; candidate++) {
      const code = String(candidate).padStart(digits, '0');
      if (!accepted.has(code)) return code;
    }
  }

  /** The code for the period containing `epochSeconds`, whether or not Keycloak would accept it. */
  codeAt(epochSeconds: number): Promise<string> {
    const { digits, period } = this.#policy;
    return generate({ secret: this.secret, algorithm: 'sha1', digits, period, epoch: epochSeconds });
  }

  #currentStep(): number {
    return Math.floor(Date.now() / 1000 / this.#policy.period);
  }
}

function readPage(url: URL, status: number, html: string): LoginPage {
  const root = parse(html, {
    blockTextElements: { script: false, style: false, noscript: false, pre: true },
  });
  const kind = recognise(root);
  const message = alertMessage(root);
  const fieldError = root
    .querySelectorAll('[id^="input-error"]')
    .map(visibleText)
    .find((text) => text.length > 0);
  const errorPageMessage = kind === 'error' ? visibleText(root.querySelector('#kc-error-message p')) : '';
  const main = root.querySelector('main') ?? root.querySelector('body') ?? root;
  return {
    kind,
    url: url.href,
    status,
    pageId: root.querySelector('body')?.getAttribute('data-page-id'),
    title: visibleText(root.querySelector('#kc-page-title')) || visibleText(root.querySelector('title')),
    errorMessage:
      errorPageMessage || (message?.type === 'error' ? message.text : undefined) || fieldError || undefined,
    message,
    text: visibleText(main),
    html,
    form: mainForm(root, kind, url),
  };
}

function callbackPage(url: URL, status: number): LoginPage {
  const error = url.searchParams.get('error');
  const errorMessage = error ? (url.searchParams.get('error_description') ?? error) : undefined;
  return {
    kind: 'callback',
    url: url.href,
    status,
    pageId: undefined,
    title: '',
    errorMessage,
    message: undefined,
    text: '',
    html: '',
    form: undefined,
  };
}

/**
 * Element ids are the contract: Keycloak's own page objects select by them and themes extending keycloak.v2
 * keep them, while titles and texts change with locale and theme.
 */
function recognise(root: HTMLElement): LoginPageKind {
  if (root.querySelector('#kc-error-message')) return 'error';
  if (root.querySelector('#kc-logout-confirm')) return 'logout-confirm';
  if (root.querySelector('#kc-info-message')) return 'info';
  if (root.querySelector('form#kc-totp-settings-form')) return 'configure-totp';
  if (root.querySelector('form#kc-keyward-security-info-form')) return 'security-info';
  if (root.querySelector('form#kc-keyward-security-info-summary-form')) return 'security-info-summary';
  if (root.querySelector('form#kc-otp-login-form')) return 'otp';
  if (root.querySelector('form#kc-passwd-update-form')) return 'update-password';
  if (root.querySelector('form#register input[name="attestationObject"]')) return 'webauthn-register';
  // With passkeys enabled, the username and password pages carry a hidden `webauth` form as well.
  const loginForm = root.querySelector('form#kc-form-login');
  if (loginForm) {
    const username = loginForm.querySelector('input[name="username"]');
    const password = loginForm.querySelector('input[name="password"]');
    if (username && password) return 'username-password';
    if (username) return 'username';
    if (password) return 'password';
  }
  if (root.querySelector('form#webauth input[name="authenticatorData"]')) return 'webauthn';
  return 'unknown';
}

const FORM_OF_KIND: Partial<Record<LoginPageKind, string>> = {
  'username-password': 'kc-form-login',
  username: 'kc-form-login',
  password: 'kc-form-login',
  otp: 'kc-otp-login-form',
  'configure-totp': 'kc-totp-settings-form',
  'security-info': 'kc-keyward-security-info-form',
  'security-info-summary': 'kc-keyward-security-info-summary-form',
  'update-password': 'kc-passwd-update-form',
  'webauthn-register': 'register',
  webauthn: 'webauth',
};

function mainForm(root: HTMLElement, kind: LoginPageKind, url: URL): LoginForm | undefined {
  const id = FORM_OF_KIND[kind];
  const element = id
    ? root.querySelector(`form#${id}`)
    : root.querySelectorAll('form').find((form) => form.id !== 'kc-select-try-another-way-form');
  return element ? readForm(element, url) : undefined;
}

function findForm(page: LoginPage, id: string): LoginForm | undefined {
  const element = parse(page.html).querySelector(`form#${id}`);
  return element ? readForm(element, new URL(page.url)) : undefined;
}

function readForm(form: HTMLElement, pageUrl: URL): LoginForm {
  const fields: Record<string, string> = {};
  for (const input of form.querySelectorAll('input, select, textarea')) {
    const name = input.getAttribute('name');
    if (!name || input.hasAttribute('disabled')) continue;
    const tag = input.tagName.toLowerCase();
    const type = (input.getAttribute('type') ?? 'text').toLowerCase();
    if (tag === 'select') {
      const option = input.querySelector('option[selected]') ?? input.querySelector('option');
      fields[name] = option?.getAttribute('value') ?? option?.text ?? '';
    } else if (tag === 'textarea') {
      fields[name] = input.text;
    } else if (type === 'checkbox' || type === 'radio') {
      if (input.hasAttribute('checked')) fields[name] = input.getAttribute('value') ?? 'on';
    } else if (!['submit', 'button', 'image', 'reset', 'file'].includes(type)) {
      fields[name] = input.getAttribute('value') ?? '';
    }
  }
  return {
    id: form.id || undefined,
    action: new URL(form.getAttribute('action') ?? pageUrl.href, pageUrl).href,
    method: (form.getAttribute('method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET',
    fields,
  };
}

/** keycloak.v2 renders Keycloak's `message` as a PatternFly inline alert; `pf-m-danger` means error. */
function alertMessage(root: HTMLElement): LoginPage['message'] {
  const alert = root.querySelector('.pf-v5-c-alert');
  if (!alert) return undefined;
  const text = visibleText(alert.querySelector('.kc-feedback-text') ?? alert);
  const classes = alert.classList;
  const type = classes.contains('pf-m-danger')
    ? 'error'
    : classes.contains('pf-m-warning')
      ? 'warning'
      : classes.contains('pf-m-success')
        ? 'success'
        : 'info';
  return { type, text };
}

function visibleText(node: HTMLElement | null | undefined): string {
  if (!node) return '';
  const parts: string[] = [];
  const walk = (element: HTMLElement): void => {
    for (const child of element.childNodes) {
      if (child instanceof TextNode) parts.push(child.text);
      else if (child instanceof HTMLElement && !['script', 'style', 'template'].includes(child.rawTagName))
        walk(child);
    }
  };
  walk(node);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function describePage(page: LoginPage): string {
  if (page.kind === 'callback') return `redirect to ${page.url}`;
  const error = page.errorMessage ? ` error="${page.errorMessage}"` : '';
  return `${page.kind} (${page.pageId ?? `HTTP ${page.status}`}) "${page.title}"${error}: ${page.text.slice(0, 400)}`;
}

function idTokenIssuer(idToken: string): { iss: string; azp: string } {
  const payload = idToken.split('.')[1];
  if (!payload) throw new TypeError('idToken must be a JWT');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const azp =
    typeof claims.azp === 'string' ? claims.azp : Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (typeof claims.iss !== 'string' || typeof azp !== 'string') {
    throw new TypeError('idToken must carry iss and azp (or aud) claims');
  }
  return { iss: claims.iss, azp };
}

function realmOfIssuer(issuer: string): string {
  const match = /\/realms\/([^/]+)\/?$/.exec(new URL(issuer).pathname);
  if (!match?.[1]) throw new TypeError(`Not a Keycloak realm issuer: ${issuer}`);
  return decodeURIComponent(match[1]);
}

function withTrailingSlash(url: URL): URL {
  return url.pathname.endsWith('/') ? url : new URL(`${url.href}/`);
}
