/**
 * Sealed cookies: the portal's session lives in the browser, encrypted and authenticated (JWE, `dir` +
 * A256GCM) with a key every bridge instance shares, so any instance can serve any request and nothing is
 * stored server-side. The key id names which configured key sealed a cookie, so keys can be rotated.
 */
import { createHash } from 'node:crypto';
import { EncryptJWT, type JWTPayload, jwtDecrypt } from 'jose';

/** Seals and unseals one kind of cookie; `purpose` keeps a login-state cookie from passing as a session. */
export interface Sealer {
  seal(payload: JWTPayload, lifetimeSeconds: number): Promise<string>;
  /** The payload, or undefined for anything forged, expired, sealed for another purpose or with an unknown key. */
  unseal(sealed: string | undefined): Promise<JWTPayload | undefined>;
}

const keyId = (key: Uint8Array) => createHash('sha256').update(key).digest('base64url').slice(0, 12);

/** A sealer over `keys` (the first seals) for cookies of one `purpose`. */
export function createSealer(keys: readonly Uint8Array[], purpose: string): Sealer {
  const [current] = keys;
  if (!current) throw new TypeError('createSealer: keys must hold at least one key');
  const byId = new Map(keys.map((key) => [keyId(key), key]));
  const currentId = keyId(current);
  return {
    seal: (payload, lifetimeSeconds) =>
      new EncryptJWT(payload)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: currentId })
        .setAudience(purpose)
        .setIssuedAt()
        .setExpirationTime(`${lifetimeSeconds}s`)
        .encrypt(current),
    unseal: async (sealed) => {
      if (!sealed) return undefined;
      try {
        const { payload } = await jwtDecrypt(
          sealed,
          (header) => {
            const key = byId.get(String(header.kid));
            if (!key) throw new Error('unknown key');
            return key;
          },
          { audience: purpose, keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] },
        );
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}
