import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  deleteTemporaryAccessPass,
  getTemporaryAccessPass,
  issueTemporaryAccessPass,
  TemporaryAccessPassError,
  temporaryAccessPassUrl,
} from './tap.js';

const client = { baseUrl: 'http://kc.example:8080/', getAccessToken: async () => 'token-1' };

function answer(status: number, body?: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      body === undefined ? new Response(null, { status }) : Response.json(body, { status }),
    ),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the TAP adapter', () => {
  it('addresses the extension endpoint of the user, with the admin token', async () => {
    expect(temporaryAccessPassUrl('http://kc.example:8080', 'acme corp', 'u-1').href).toBe(
      'http://kc.example:8080/realms/acme%20corp/keyward/users/u-1/temporaryAccessPass',
    );
    answer(201, { id: 'c-1', temporaryAccessPass: 'ABCD2345' });
    const issued = await issueTemporaryAccessPass(client, 'acme', 'u-1', { lifetimeInMinutes: 60 });
    expect(issued.temporaryAccessPass).toBe('ABCD2345');
    const [url, init] = vi.mocked(fetch).mock.calls[0] as [URL, RequestInit];
    expect(url.href).toBe('http://kc.example:8080/realms/acme/keyward/users/u-1/temporaryAccessPass');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"lifetimeInMinutes":60}');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer token-1');
  });

  it('answers undefined and false for a user without a pass', async () => {
    const none = {
      error: { code: 'notFound', message: 'User bob has no Temporary Access Pass.', details: [] },
    };
    answer(404, none);
    expect(await getTemporaryAccessPass(client, 'acme', 'u-1')).toBeUndefined();
    answer(404, none);
    expect(await deleteTemporaryAccessPass(client, 'acme', 'u-1')).toBe(false);
    answer(204);
    expect(await deleteTemporaryAccessPass(client, 'acme', 'u-1')).toBe(true);
  });

  it('turns refusals into errors a caller can switch on, with Keycloak’s reasons', async () => {
    answer(422, {
      error: {
        code: 'lifetimeOutOfPolicy',
        message: 'lifetimeInMinutes must lie between 60 and 480',
        details: [
          { code: 'lifetimeOutOfPolicy', target: '/lifetimeInMinutes', message: 'between 60 and 480' },
        ],
      },
    });
    const refused = await issueTemporaryAccessPass(client, 'acme', 'u-1', { lifetimeInMinutes: 5 }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TemporaryAccessPassError);
    expect(refused).toMatchObject({
      code: 'INVALID_REQUEST',
      status: 422,
      reason: 'lifetimeOutOfPolicy',
      details: [{ target: '/lifetimeInMinutes' }],
    });

    for (const [status, reason, code] of [
      [400, 'invalidRequest', 'INVALID_ARGUMENT'],
      [401, 'unauthorized', 'UNAUTHENTICATED'],
      [403, 'forbidden', 'ACCESS_DENIED'],
      [404, 'userNotFound', 'USER_NOT_FOUND'],
      [409, 'temporaryAccessPassDisabled', 'NOT_ALLOWED'],
      [500, 'http500', 'KEYCLOAK_REQUEST_FAILED'],
    ] as const) {
      answer(status, status === 500 ? 'oops' : { error: { code: reason, message: reason } });
      await expect(getTemporaryAccessPass(client, 'acme', 'u-1')).rejects.toMatchObject({
        code,
        status,
        reason,
      });
    }
  });

  it('says so when Keycloak has no Keyward endpoint', async () => {
    answer(404, { error: 'Not Found' });
    await expect(getTemporaryAccessPass(client, 'acme', 'u-1')).rejects.toThrow(/no Keyward TAP endpoint/);
  });
});
