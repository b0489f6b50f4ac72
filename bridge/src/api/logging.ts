import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Everything a log line must never show, wherever it appears: credentials in headers, and passwords,
 * one-time and TAP codes, secrets and tokens in any object logged (one level deep, and at the top).
 * The bridge logs no request or response bodies at all; this is the second line of defence.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...[
    'authorization',
    'password',
    'newPassword',
    'code',
    'otp',
    'temporaryAccessPass',
    'secret',
    'clientSecret',
    'client_secret',
    'token',
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'idToken',
    'id_token',
  ].flatMap((key) => [key, `*.${key}`]),
];

/** An error as logged: its type, message, Keyward code (as `errorCode`, so that `code` can stay redacted), stack and cause. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    stack: error.stack,
    ...(error.cause !== undefined ? { cause: serializeError(error.cause) } : {}),
  };
}

/** The bridge's structured JSON logger (one object per line on stdout unless `destination` is given). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'keyward-bridge' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
