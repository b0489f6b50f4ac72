import { randomUUID } from 'node:crypto';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { KEYWARD_ADMIN_ROLE } from '../compile/shared.js';
import { KeywardError } from '../errors.js';
import { AdminSession } from '../keycloak/admin/session.js';
import { createPortal } from '../portal/app.js';
import { PORTAL_PATH } from '../portal/config.js';
import { createPortalSignIn, type PortalSignIn } from '../portal/oidc.js';
import { hasRealmRoles, type Principal } from './auth/principal.js';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier.js';
import type { ApiConfig } from './config.js';
import { errorResponse } from './errors.js';
import { createLogger } from './logging.js';
import { type ApiMetrics, createMetrics } from './metrics.js';
import { API_OPERATIONS, type ApiOperation, openApiDocument } from './openapi/document.js';
import { createRequestValidators, type OperationValidator } from './openapi/validation.js';
import type { RouteHandler } from './routes/context.js';
import { ROUTE_HANDLERS } from './routes/index.js';

/** What `createApp` uses to reach the outside world; each defaults to the real thing built from the config. */
export interface AppDependencies {
  logger?: Logger;
  verifyToken?: TokenVerifier;
  /** The service account; `AdminSession` over `config.admin` by default. */
  keycloak?: { client(): Promise<KcAdminClient> };
  metrics?: ApiMetrics;
  /** The portal's OpenID Connect sign-in; openid-client against the trusted realms by default. */
  portalSignIn?: PortalSignIn;
}

/** Per-request state kept in `res.locals`. */
interface RequestLocals {
  requestId: string;
  route?: string;
  operationId?: string;
  principal?: Principal;
  /** The error code answered, for the request's log line. */
  errorCode?: string;
}

const locals = (res: Response) => res.locals as RequestLocals;

/** Accepts a caller's request id only when it cannot smuggle anything into logs or headers. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Media types `setPolicy` and other `text` operations read raw. */
const TEXT_BODY_TYPES = [
  'application/json',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/plain',
];

/** OpenAPI `{name}` path templates as express route paths (`:name`). */
const expressPath = (template: string) => template.replace(/\{([^}]+)\}/g, ':$1');

/**
 * The bridge's HTTP API (SPEC §6) as an express 5 app: `/openapi.json`, `/healthz`, `/metrics`, and every
 * operation of the OpenAPI document with its handler. Stateless: it keeps caches (signing keys, the service
 * account's token) and nothing else, so any number of instances can run behind a load balancer.
 */
export function createApp(config: ApiConfig, dependencies: AppDependencies = {}): Express {
  const logger = dependencies.logger ?? createLogger(config.logLevel);
  const metrics = dependencies.metrics ?? createMetrics();
  const verifyToken =
    dependencies.verifyToken ??
    createTokenVerifier({
      trustedIssuers: config.trustedIssuers,
      audience: config.audience,
      clockToleranceSeconds: config.clockToleranceSeconds,
    });
  const session = dependencies.keycloak ?? new AdminSession(config.admin);
  const document = openApiDocument();
  const validators = createRequestValidators(document, API_OPERATIONS);
  const documentJson = JSON.stringify(document);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.use(observe(logger, metrics));
  app.use('/v1', apiRateLimit(config));

  app.get('/openapi.json', route('/openapi.json'), (_req, res) => {
    res.type('application/json').send(documentJson);
  });
  app.get('/healthz', route('/healthz'), (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', route('/metrics'), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  for (const operation of API_OPERATIONS) {
    const validator = validators.get(operation.operationId) as OperationValidator;
    app[operation.method](
      expressPath(operation.path),
      route(operation.path, operation.operationId),
      authenticate(operation, verifyToken, metrics),
      ...bodyParser(operation),
      handle(ROUTE_HANDLERS[operation.operationId], validator, session, logger),
    );
  }

  if (config.portal) {
    const portal = config.portal;
    app.use(
      PORTAL_PATH,
      createPortal({
        config: portal,
        realms: new Set(config.trustedIssuers.map((trusted) => trusted.realm)),
        signIn:
          dependencies.portalSignIn ??
          createPortalSignIn({
            keycloakUrl: config.keycloakUrl,
            clientId: portal.clientId,
            trustedIssuers: new Map(config.trustedIssuers.map((trusted) => [trusted.realm, trusted.issuer])),
          }),
        keycloak: session,
        logger,
        rateLimit: { windowSeconds: config.rateLimit.windowSeconds, limit: config.rateLimit.portal },
      }),
    );
  }

  app.use((req: Request) => {
    throw new KeywardError('NOT_FOUND', `No route ${req.method} ${req.path}; /openapi.json lists them.`);
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { requestId, principal, operationId } = locals(res);
    const answer = errorResponse(error, requestId);
    locals(res).errorCode = answer.body.error.code;
    if (answer.serverFault) {
      logger.error({ err: error, requestId, operationId, realm: principal?.realm }, 'request failed');
    }
    if (answer.status === 401) {
      const invalid = answer.body.error.code === 'invalidAuthenticationToken';
      res.set(
        'WWW-Authenticate',
        invalid ? `Bearer realm="keyward", error="invalid_token"` : `Bearer realm="keyward"`,
      );
    }
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    res.set('Cache-Control', 'no-store').status(answer.status).json(answer.body);
  });
  return app;
}

/**
 * The API's per-client budget (SPEC §6): past it, 429 with `Retry-After` and the usual error body. Counted per
 * client address (behind a proxy: as `trust proxy` resolves it), in this instance's memory.
 */
function apiRateLimit(config: ApiConfig): RequestHandler {
  return rateLimit({
    windowMs: config.rateLimit.windowSeconds * 1000,
    limit: config.rateLimit.api,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res, next) =>
      next(
        new KeywardError(
          'RATE_LIMITED',
          `Too many requests from this address; retry after ${String(res.getHeader('Retry-After'))} seconds.`,
        ),
      ),
  });
}

/** Request id, one log line and the metrics for every request, labelled by route template. */
function observe(logger: Logger, metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const offered = req.get('request-id') ?? req.get('x-request-id');
    const requestId = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
    locals(res).requestId = requestId;
    res.set('request-id', requestId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const { route = 'unmatched', operationId, principal, errorCode } = locals(res);
      metrics.requests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.duration.observe({ method: req.method, route }, seconds);
      const line = {
        requestId,
        method: req.method,
        path: req.path,
        route,
        operationId,
        status: res.statusCode,
        errorCode,
        durationMs: Math.round(seconds * 1000),
        realm: principal?.realm,
        subject: principal?.subject,
        clientId: principal?.clientId,
        remoteAddress: req.socket.remoteAddress,
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

function route(template: string, operationId?: string): RequestHandler {
  return (_req, res, next) => {
    locals(res).route = template;
    if (operationId) locals(res).operationId = operationId;
    next();
  };
}

/** Verifies the bearer token before the body is even read, then checks the operation's realm roles. */
function authenticate(
  operation: ApiOperation,
  verifyToken: TokenVerifier,
  metrics: ApiMetrics,
): RequestHandler {
  return async (req, res, next) => {
    if (operation.access === 'public') return next();
    let principal: Principal;
    try {
      principal = await verifyToken(req.get('authorization'));
      metrics.tokenVerifications.inc({ outcome: 'valid' });
    } catch (error) {
      metrics.tokenVerifications.inc({ outcome: error instanceof KeywardError ? error.code : 'error' });
      throw error;
    }
    locals(res).principal = principal;
    if (operation.access === 'admin' && !hasRealmRoles(principal, [KEYWARD_ADMIN_ROLE])) {
      throw new KeywardError(
        'ACCESS_DENIED',
        `This route needs the realm role '${KEYWARD_ADMIN_ROLE}' in realm '${principal.realm}'.`,
      );
    }
    next();
  };
}

function bodyParser(operation: ApiOperation): RequestHandler[] {
  if (operation.body === 'json')
    return [express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] })];
  if (operation.body === 'text') return [express.text({ limit: '1mb', type: TEXT_BODY_TYPES })];
  return [];
}

function handle(
  handler: RouteHandler,
  validator: OperationValidator,
  session: { client(): Promise<KcAdminClient> },
  logger: Logger,
): RequestHandler {
  return async (req, res) => {
    const { principal, requestId } = locals(res);
    if (!principal) throw new TypeError('handle: the route has no authenticated caller');
    const { params, query } = validator.parameters(
      req.params as Record<string, string>,
      req.query as Record<string, unknown>,
    );
    const body = validator.body(req.body);
    const result = await handler({
      principal,
      params,
      query,
      body,
      keycloak: () => session.client(),
      log: logger.child({ requestId }),
    });
    res.set('Cache-Control', 'no-store');
    if (result.body === undefined) res.status(result.status).end();
    else res.status(result.status).json(result.body);
  };
}
