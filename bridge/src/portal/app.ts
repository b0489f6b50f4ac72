/**
 * The self-service portal (`/portal/{realm}/`): server-rendered pages where users see and manage their own
 * sign-in methods and end their sessions. Stateless like the API: the session is a sealed cookie, the sign-in
 * is Keycloak's (authorization code + PKCE), and every change goes through the bridge's service account on
 * the signed-in user's own id only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import cookieParser from 'cookie-parser';
import express, {
  type CookieOptions,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { errorResponse } from '../api/errors.js';
import { KeywardError, type KeywardErrorCode } from '../errors.js';
import { isPrivileged } from '../evaluate/index.js';
import {
  AppPasswordError,
  createAppPassword,
  deleteAppPassword,
  listAppPasswords,
} from '../keycloak/admin/app-passwords.js';
import { readAppliedPolicy } from '../keycloak/admin/applied-policy.js';
import {
  deleteAuthenticationMethod,
  endSignInSession,
  hasSignInSession,
  makeDefaultAuthenticationMethod,
  revokeSignInSessions,
} from '../keycloak/admin/methods.js';
import { readSignInUserByName } from '../keycloak/admin/sign-in-users.js';
import type { PolicyDocument } from '../policy/types.js';
import { PORTAL_PATH, type PortalConfig, portalCallbackUrl } from './config.js';
import { type MessageKey, message, PORTAL_LOCALES, type PortalLocale } from './messages.js';
import { addableMethods, methodRows } from './methods.js';
import type { LoginState, PortalSignIn } from './oidc.js';
import { createSealer } from './seal.js';
import {
  appPasswordsPage,
  errorPage,
  methodName,
  type Notice,
  type PageFrame,
  type PortalPage,
  securityInfoPage,
  signedOutPage,
} from './views.js';

/** What the portal needs from the bridge around it. */
export interface PortalDependencies {
  config: PortalConfig;
  /** Realms the bridge trusts: the only ones the portal serves. */
  realms: ReadonlySet<string>;
  signIn: PortalSignIn;
  keycloak: { client(): Promise<KcAdminClient> };
  logger: Logger;
  rateLimit: { windowSeconds: number; limit: number };
}

/** A refusal the portal explains on a page of its own, in the user's language. */
export class PortalError extends KeywardError {
  override name = 'PortalError';
  readonly messageKey: MessageKey;

  constructor(code: KeywardErrorCode, messageKey: MessageKey, options?: { cause?: unknown }) {
    super(code, `Portal: ${messageKey}`, options);
    this.messageKey = messageKey;
  }
}

/** The signed-in user, as the sealed session cookie holds them. */
interface PortalSession {
  realm: string;
  subject: string;
  /** Keycloak's user session: when it ends (sign-out, sign-out everywhere, expiry), so does this one. */
  sessionId: string;
  username: string;
  name: string;
  /** Bound to this session: every state-changing form carries it. */
  csrf: string;
}

const LOGIN_LIFETIME_SECONDS = 600;

/** Notices a redirect may ask for; anything else in `?notice=` is ignored, so nothing is reflected. */
const NOTICES = [
  'defaultChanged',
  'methodDeleted',
  'methodAdded',
  'addCancelled',
  'addFailed',
  'appPasswordDeleted',
] as const;

/** How long a new app password waits, sealed, for the one page that shows it. */
const NEW_APP_PASSWORD_SECONDS = 120;
type NoticeName = (typeof NOTICES)[number];

const STYLESHEET = readFileSync(new URL('./portal.css', import.meta.url), 'utf8');

/** The portal as an express router, to be mounted at {@link PORTAL_PATH}. */
export function createPortal(dependencies: PortalDependencies): Router {
  const { config, realms, signIn, keycloak, logger } = dependencies;
  const basePath = `${new URL(config.publicUrl).pathname.replace(/\/+$/, '')}${PORTAL_PATH}`;
  const sessionCookie = config.secureCookies ? '__Host-keyward-portal' : 'keyward-portal';
  const loginCookie = config.secureCookies ? '__Host-keyward-portal-login' : 'keyward-portal-login';
  const newAppPasswordCookie = config.secureCookies ? '__Host-keyward-portal-new' : 'keyward-portal-new';
  const newAppPasswords = createSealer(config.cookieKeys, 'keyward-portal-new-app-password');
  const sessions = createSealer(config.cookieKeys, 'keyward-portal-session');
  const logins = createSealer(config.cookieKeys, 'keyward-portal-login');
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    path: '/',
  };
  const displayNames = new Map<string, { name: string; until: number }>();

  const router = express.Router({ strict: true });
  router.use(cookieParser());
  router.use((_req, res, next) => {
    res.set({
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': contentSecurityPolicy(),
    });
    next();
  });
  router.use(
    rateLimit({
      windowMs: dependencies.rateLimit.windowSeconds * 1000,
      limit: dependencies.rateLimit.limit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new PortalError('RATE_LIMITED', 'error_rateLimited')),
    }),
  );

  router.get('/assets/portal.css', label('/portal/assets/portal.css'), (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/css').send(STYLESHEET);
  });

  const realmPath = (realm: string) => `${basePath}/${encodeURIComponent(realm)}/`;
  const localeOf = (req: Request): PortalLocale =>
    (req.acceptsLanguages(...PORTAL_LOCALES) as PortalLocale | false) || 'en';

  /** The realm of the path; NOT_FOUND for realms the bridge does not trust. */
  const realmOf = (req: Request): string => {
    const realm = String(req.params.realm);
    if (!realms.has(realm)) throw new PortalError('REALM_NOT_FOUND', 'error_notFound');
    return realm;
  };

  const realmDisplayName = async (realm: string): Promise<string> => {
    const cached = displayNames.get(realm);
    if (cached && cached.until > Date.now()) return cached.name;
    const representation = await (await keycloak.client()).realms.findOne({ realm });
    const name = representation?.displayName?.trim() || realm;
    displayNames.set(realm, { name, until: Date.now() + 300_000 });
    return name;
  };

  const frameOf = async (
    req: Request,
    realm: string,
    session?: PortalSession,
    document?: PolicyDocument,
  ): Promise<PageFrame> => ({
    locale: localeOf(req),
    base: realmPath(realm),
    stylesheet: `${basePath}/assets/portal.css`,
    realmName: await realmDisplayName(realm),
    ...(session ? { user: { name: session.name, username: session.username, csrf: session.csrf } } : {}),
    pages: ['securityInfo', ...(appPasswordsAllowed(document) ? (['appPasswords'] as PortalPage[]) : [])],
  });

  /** The session for `realm`, if the cookie holds one and Keycloak's user session behind it is still alive. */
  const currentSession = async (req: Request, res: Response, realm: string) => {
    const payload = await sessions.unseal(req.cookies?.[sessionCookie]);
    if (!payload || payload.realm !== realm) return undefined;
    const session = payload as unknown as PortalSession;
    const client = await keycloak.client();
    if (!(await hasSignInSession(client, realm, session.subject, session.sessionId))) {
      res.clearCookie(sessionCookie, cookieOptions);
      return undefined;
    }
    return session;
  };

  /** Sends the browser to Keycloak; the callback comes back to `page` of this realm's portal. */
  const startSignIn = async (
    req: Request,
    res: Response,
    realm: string,
    options: { action?: string; page?: PortalPage } = {},
  ) => {
    const { url, login } = await signIn.start(realm, portalCallbackUrl(config.publicUrl, realm), {
      locale: localeOf(req),
      ...(options.action ? { action: options.action } : {}),
    });
    const page = options.page ?? 'securityInfo';
    res.cookie(loginCookie, await logins.seal({ ...login, realm, page }, LOGIN_LIFETIME_SECONDS), {
      ...cookieOptions,
      maxAge: LOGIN_LIFETIME_SECONDS * 1000,
    });
    res.redirect(303, url);
  };

  /**
   * State-changing requests: from the portal's own origin (Origin, else Referer), with the session's CSRF token.
   * Runs before anything is read or changed.
   */
  const verifiedSession = async (req: Request, res: Response, realm: string): Promise<PortalSession> => {
    const origin = req.get('origin') ?? originOfReferer(req.get('referer'));
    if (origin !== config.origin) throw new PortalError('ACCESS_DENIED', 'error_csrf');
    const session = await currentSession(req, res, realm);
    if (!session) throw new PortalError('UNAUTHENTICATED', 'error_sessionEnded');
    const offered = Buffer.from(String((req.body as Record<string, unknown> | undefined)?.csrf ?? ''));
    const expected = Buffer.from(session.csrf);
    if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) {
      throw new PortalError('ACCESS_DENIED', 'error_csrf');
    }
    return session;
  };

  /** The user's credentials and the methods they may add (the realm's required actions and applied policy). */
  const methodsOf = async (realm: string, session: PortalSession) => {
    const client = await keycloak.client();
    const [credentials, document, requiredActions] = await Promise.all([
      client.users.getCredentials({ realm, id: session.subject }),
      readAppliedPolicy(client, realm),
      // The typings omit `realm` on this call although the request honours it.
      client.authenticationManagement.getRequiredActions({ realm } as never),
    ]);
    const enabled = new Set(
      requiredActions.filter((action) => action.enabled).map((action) => String(action.alias)),
    );
    const user = document ? await readSignInUserByName(client, realm, session.subject, document) : undefined;
    return { credentials, document, addable: addableMethods(enabled, document, user, credentials) };
  };

  /**
   * The App passwords page: names and dates, the form when the user may have app passwords (SPEC §5: the realm
   * allows them, the user is `enforced`, not privileged; Keycloak checks again on creation), and the new password
   * when one was just created.
   */
  const renderAppPasswords = async (
    req: Request,
    res: Response,
    realm: string,
    session: PortalSession,
    options: { created?: { displayName: string; password: string }; notice?: Notice; status?: number } = {},
  ) => {
    const client = await keycloak.client();
    const [appPasswords, document] = await Promise.all([
      listAppPasswords(client, realm, session.subject),
      readAppliedPolicy(client, realm),
    ]);
    let eligible = false;
    if (document && appPasswordsAllowed(document)) {
      const user = await readSignInUserByName(client, realm, session.subject, document);
      eligible = user.perUserMfaState === 'enforced' && !isPrivileged(document, user);
    }
    const frame = await frameOf(req, realm, session, document);
    const notice = options.notice ?? noticeOf(req, frame.locale, []);
    const rows = appPasswords.map((appPassword) => ({
      id: appPassword.id,
      displayName: appPassword.displayName,
      ...(appPassword.createdDateTime ? { createdDateTime: new Date(appPassword.createdDateTime) } : {}),
    }));
    res
      .status(options.status ?? 200)
      .type('html')
      .send(
        appPasswordsPage(frame, rows, {
          eligible,
          ...(options.created ? { created: options.created } : {}),
          ...(notice ? { notice } : {}),
        }),
      );
  };

  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const audit = (session: PortalSession, fields: Record<string, unknown>, what: string) =>
    logger.info({ realm: session.realm, subject: session.subject, via: 'portal', ...fields }, what);

  router.get('/:realm', label('/portal/{realm}'), (req, res) => {
    res.redirect(301, realmPath(realmOf(req)));
  });

  router.get('/:realm/', label('/portal/{realm}/'), async (req, res) => {
    const realm = realmOf(req);
    const session = await currentSession(req, res, realm);
    if (!session) return startSignIn(req, res, realm);
    const { credentials, addable, document } = await methodsOf(realm, session);
    const frame = await frameOf(req, realm, session, document);
    const rows = methodRows(credentials);
    res.set('Content-Security-Policy', contentSecurityPolicy(await signIn.authorizationOrigin(realm)));
    res.type('html').send(securityInfoPage(frame, rows, addable, noticeOf(req, frame.locale, rows)));
  });

  router.get('/:realm/callback', label('/portal/{realm}/callback'), async (req, res) => {
    const realm = realmOf(req);
    const sealed = req.cookies?.[loginCookie];
    res.clearCookie(loginCookie, cookieOptions);
    const login = (await logins.unseal(sealed)) as
      | (LoginState & { realm: string; page?: string })
      | undefined;
    if (!login || login.realm !== realm) throw new PortalError('INVALID_TOKEN', 'error_signInFailed');
    const callbackUrl = new URL(portalCallbackUrl(config.publicUrl, realm));
    callbackUrl.search = new URLSearchParams(req.query as Record<string, string>).toString();
    let user: Awaited<ReturnType<PortalSignIn['finish']>>;
    try {
      user = await signIn.finish(realm, callbackUrl, login);
    } catch (error) {
      throw new PortalError('INVALID_TOKEN', 'error_signInFailed', { cause: error });
    }
    const session: PortalSession = {
      realm,
      subject: user.subject,
      sessionId: user.sessionId,
      username: user.username,
      name: user.name,
      csrf: randomBytes(32).toString('base64url'),
    };
    res.cookie(sessionCookie, await sessions.seal({ ...session }, config.sessionMinutes * 60), cookieOptions);
    let notice: NoticeName | undefined;
    if (login.action) {
      const status = String(req.query.kc_action_status ?? '');
      notice = status === 'success' ? 'methodAdded' : status === 'cancelled' ? 'addCancelled' : 'addFailed';
      audit(session, { action: login.action, status }, 'method registration returned');
    }
    const page = login.page === 'appPasswords' ? 'app-passwords' : '';
    res.redirect(303, `${realmPath(realm)}${page}${notice ? `?notice=${notice}` : ''}`);
  });

  router.post('/:realm/methods/add', label('/portal/{realm}/methods/add'), form, async (req, res) => {
    const realm = realmOf(req);
    const session = await verifiedSession(req, res, realm);
    const action = String((req.body as Record<string, unknown>).action ?? '');
    const { addable } = await methodsOf(realm, session);
    if (!addable.some((method) => method.action === action)) {
      throw new PortalError('NOT_ALLOWED', 'addMethodNone');
    }
    await startSignIn(req, res, realm, { action });
  });

  router.post(
    '/:realm/methods/:id/default',
    label('/portal/{realm}/methods/{id}/default'),
    form,
    async (req, res) => {
      const realm = realmOf(req);
      const session = await verifiedSession(req, res, realm);
      const method = await makeDefaultAuthenticationMethod(
        await keycloak.client(),
        realm,
        session.subject,
        String(req.params.id),
      );
      audit(session, { methodType: method.methodType }, 'default method changed');
      res.redirect(303, `${realmPath(realm)}?notice=defaultChanged&method=${encodeURIComponent(method.id)}`);
    },
  );

  router.post(
    '/:realm/methods/:id/delete',
    label('/portal/{realm}/methods/{id}/delete'),
    form,
    async (req, res) => {
      const realm = realmOf(req);
      const session = await verifiedSession(req, res, realm);
      const method = await deleteAuthenticationMethod(
        await keycloak.client(),
        realm,
        session.subject,
        String(req.params.id),
      );
      audit(session, { methodType: method.methodType }, 'authentication method deleted');
      res.redirect(303, `${realmPath(realm)}?notice=methodDeleted`);
    },
  );

  router.get('/:realm/app-passwords', label('/portal/{realm}/app-passwords'), async (req, res) => {
    const realm = realmOf(req);
    const session = await currentSession(req, res, realm);
    if (!session) return startSignIn(req, res, realm, { page: 'appPasswords' });
    // A password just created is shown on this one answer, then its sealed cookie is gone.
    const sealed = req.cookies?.[newAppPasswordCookie];
    if (sealed) res.clearCookie(newAppPasswordCookie, cookieOptions);
    const fresh = await newAppPasswords.unseal(sealed);
    const created =
      fresh && fresh.realm === realm && fresh.sub === session.subject
        ? { displayName: String(fresh.displayName), password: String(fresh.password) }
        : undefined;
    await renderAppPasswords(req, res, realm, session, created ? { created } : {});
  });

  router.post('/:realm/app-passwords', label('/portal/{realm}/app-passwords'), form, async (req, res) => {
    const realm = realmOf(req);
    const session = await verifiedSession(req, res, realm);
    const displayName = String((req.body as Record<string, unknown>).displayName ?? '').trim();
    let created: Awaited<ReturnType<typeof createAppPassword>>;
    try {
      created = await createAppPassword(await keycloak.client(), realm, session.subject, { displayName });
    } catch (error) {
      if (!(error instanceof AppPasswordError) || error.status >= 500 || error.status === 401) throw error;
      const text = message(localeOf(req), 'error_notAllowed', error.message);
      return renderAppPasswords(req, res, realm, session, {
        notice: { kind: 'danger', text },
        status: error.status,
      });
    }
    audit(session, { appPasswordId: created.id }, 'app password created');
    res.cookie(
      newAppPasswordCookie,
      await newAppPasswords.seal(
        { realm, sub: session.subject, displayName: created.displayName, password: created.password },
        NEW_APP_PASSWORD_SECONDS,
      ),
      { ...cookieOptions, maxAge: NEW_APP_PASSWORD_SECONDS * 1000 },
    );
    res.redirect(303, `${realmPath(realm)}app-passwords`);
  });

  router.post(
    '/:realm/app-passwords/:id/delete',
    label('/portal/{realm}/app-passwords/{id}/delete'),
    form,
    async (req, res) => {
      const realm = realmOf(req);
      const session = await verifiedSession(req, res, realm);
      const id = String(req.params.id);
      if (!(await deleteAppPassword(await keycloak.client(), realm, session.subject, id))) {
        throw new KeywardError('NOT_FOUND', `The user has no app password '${id}'.`);
      }
      audit(session, { appPasswordId: id }, 'app password deleted');
      res.redirect(303, `${realmPath(realm)}app-passwords?notice=appPasswordDeleted`);
    },
  );

  router.post('/:realm/signout', label('/portal/{realm}/signout'), form, async (req, res) => {
    const realm = realmOf(req);
    const session = await verifiedSession(req, res, realm);
    await endSignInSession(await keycloak.client(), realm, session.sessionId);
    res.clearCookie(sessionCookie, cookieOptions);
    audit(session, {}, 'signed out');
    res.redirect(303, `${realmPath(realm)}signed-out`);
  });

  router.post(
    '/:realm/sign-out-everywhere',
    label('/portal/{realm}/sign-out-everywhere'),
    form,
    async (req, res) => {
      const realm = realmOf(req);
      const session = await verifiedSession(req, res, realm);
      await revokeSignInSessions(await keycloak.client(), realm, session.subject);
      res.clearCookie(sessionCookie, cookieOptions);
      audit(session, {}, 'own sessions revoked');
      res.redirect(303, `${realmPath(realm)}signed-out?everywhere=true`);
    },
  );

  router.get('/:realm/signed-out', label('/portal/{realm}/signed-out'), async (req, res) => {
    const realm = realmOf(req);
    res.type('html').send(signedOutPage(await frameOf(req, realm), req.query.everywhere === 'true'));
  });

  router.use(() => {
    throw new PortalError('NOT_FOUND', 'error_notFound');
  });

  router.use(async (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const requestId = String(res.locals.requestId ?? '');
    const answer = errorResponse(error, requestId);
    res.locals.errorCode = answer.body.error.code;
    if (answer.serverFault) logger.error({ err: error, requestId }, 'portal request failed');
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    const locale = localeOf(req);
    const text = errorText(error, locale, String(res.getHeader('Retry-After') ?? '60'));
    // The error handler has no route parameters of its own: the realm is the path's first segment.
    const segment = /^\/([^/]+)/.exec(req.path)?.[1];
    const named = segment ? safeDecode(segment) : undefined;
    const realm = named && realms.has(named) ? named : undefined;
    let frame: PageFrame;
    try {
      frame = realm
        ? await frameOf(req, realm)
        : {
            locale,
            base: `${basePath}/`,
            stylesheet: `${basePath}/assets/portal.css`,
            realmName: 'Keyward',
            pages: [],
          };
    } catch {
      frame = {
        locale,
        base: `${basePath}/`,
        stylesheet: `${basePath}/assets/portal.css`,
        realmName: realm ?? 'Keyward',
        pages: [],
      };
    }
    res
      .status(answer.status)
      .type('html')
      .send(errorPage(frame, text, requestId));
  });
  return router;
}

/** Labels the request for the bridge's request log and metrics. */
function label(route: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.route = route;
    next();
  };
}

/** Whether the applied policy lets anyone in the realm have app passwords (SPEC §5). */
function appPasswordsAllowed(document: PolicyDocument | undefined): boolean {
  return document?.mfaSettings.appPasswords.isAllowed === true;
}

function contentSecurityPolicy(keycloakOrigin?: string): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self'${keycloakOrigin ? ` ${keycloakOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function originOfReferer(referer: string | undefined): string | undefined {
  if (!referer || !URL.canParse(referer)) return undefined;
  return new URL(referer).origin;
}

function noticeOf(
  req: Request,
  locale: PortalLocale,
  rows: ReturnType<typeof methodRows>,
): Notice | undefined {
  const name = String(req.query.notice ?? '') as NoticeName;
  if (!NOTICES.includes(name)) return undefined;
  if (name === 'defaultChanged') {
    const row = rows.find((candidate) => candidate.id === req.query.method);
    if (!row) return undefined;
    return {
      kind: 'success',
      text: message(locale, 'notice_defaultChanged', methodName(locale, row.kind, row.label)),
    };
  }
  return { kind: name === 'addFailed' ? 'danger' : 'success', text: message(locale, `notice_${name}`) };
}

/** What the user reads about an error: the refusal's own message, or a safe general one. */
function errorText(error: unknown, locale: PortalLocale, retryAfter: string): string {
  if (error instanceof PortalError) {
    return error.messageKey === 'error_rateLimited'
      ? message(locale, 'error_rateLimited', retryAfter)
      : message(locale, error.messageKey);
  }
  if (error instanceof KeywardError) {
    switch (error.code) {
      case 'NOT_FOUND':
        return message(locale, 'error_methodNotFound');
      case 'NOT_ALLOWED':
        return message(locale, 'error_notAllowed', error.message);
      case 'KEYCLOAK_UNAVAILABLE':
        return message(locale, 'error_unavailable');
      default:
        return message(locale, 'error_general');
    }
  }
  const status = (error as { status?: unknown }).status;
  if (status === 413 || status === 400) return message(locale, 'error_csrf');
  return message(locale, 'error_general');
}
