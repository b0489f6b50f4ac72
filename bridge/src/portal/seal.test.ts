import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer } from './seal.js';

const key = () => new Uint8Array(randomBytes(32));

describe('sealed cookies', () => {
  it('round-trips a payload, and another instance with the same key reads it', async () => {
    const shared = key();
    const sealed = await createSealer([shared], 'session').seal({ sub: 'u1' }, 60);
    expect((await createSealer([shared], 'session').unseal(sealed))?.sub).toBe('u1');
  });

  it('refuses another key, another purpose, tampering and expiry', async () => {
    const first = key();
    const sealer = createSealer([first], 'session');
    const sealed = await sealer.seal({ sub: 'u1' }, 60);
    expect(await createSealer([key()], 'session').unseal(sealed)).toBeUndefined();
    expect(await createSealer([first], 'login').unseal(sealed)).toBeUndefined();
    const parts = sealed.split('.');
    const body = parts[3] as string;
    parts[3] = `${body.slice(0, -2)}${body.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await sealer.unseal(parts.join('.'))).toBeUndefined();
    expect(await sealer.unseal('not a cookie')).toBeUndefined();
    expect(await sealer.unseal(await sealer.seal({ sub: 'u1' }, -120))).toBeUndefined();
  });

  it('unseals with an older key after rotation and seals with the newest', async () => {
    const [old, current] = [key(), key()];
    const sealed = await createSealer([old], 'session').seal({ sub: 'u1' }, 60);
    const rotated = createSealer([current, old], 'session');
    expect((await rotated.unseal(sealed))?.sub).toBe('u1');
    const fresh = await rotated.seal({ sub: 'u2' }, 60);
    expect(await createSealer([old], 'session').unseal(fresh)).toBeUndefined();
  });
});
