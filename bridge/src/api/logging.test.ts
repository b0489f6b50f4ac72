import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../errors.js';
import { createLogger } from './logging.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('createLogger', () => {
  it('redacts credentials, codes, passwords and tokens wherever they are logged', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: {
          headers: { authorization: 'Bearer eyJhbGciOi', cookie: 'KEYCLOAK_SESSION=1', accept: 'json' },
        },
        password: 'Demo-Bob-1',
        user: { code: '123456', temporaryAccessPass: 'TAPCODE1', clientSecret: 'shh', name: 'bob' },
        token: 'eyJ',
        grant: { refresh_token: 'r', access_token: 'a' },
      },
      'request',
    );
    const text = JSON.stringify(lines);
    for (const secret of [
      'eyJhbGciOi',
      'KEYCLOAK_SESSION',
      'Demo-Bob-1',
      '123456',
      'TAPCODE1',
      'shh',
      '"r"',
      '"a"',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      service: 'keyward-bridge',
      user: { name: 'bob' },
      req: { headers: { accept: 'json' } },
    });
  });

  it('keeps an error’s Keyward code readable although `code` keys are redacted', () => {
    const { logger, lines } = capture();
    logger.error(
      { err: new KeywardError('KEYCLOAK_UNAVAILABLE', 'down', { cause: new Error('ECONNREFUSED') }) },
      'x',
    );
    expect(lines[0]?.err).toMatchObject({
      type: 'KeywardError',
      message: 'down',
      errorCode: 'KEYCLOAK_UNAVAILABLE',
      cause: { message: 'ECONNREFUSED' },
    });
  });
});
