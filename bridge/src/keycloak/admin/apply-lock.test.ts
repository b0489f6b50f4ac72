import { describe, expect, it } from 'vitest';
import {
  type ApplyLockHolder,
  describeApplyLockHolder,
  MAX_DESCRIPTION_LENGTH,
  parseApplyLockHolder,
} from './apply-lock.js';

const holder = (owner: string, host: string): ApplyLockHolder => ({
  owner,
  host,
  pid: 4_194_304,
  token: `${'a'.repeat(12)}.${'b'.repeat(18)}`,
  acquiredAt: '2026-11-26T03:35:31.912Z',
  expiresAt: '2026-11-26T03:40:31.912Z',
});

describe('the apply-lock marker description', () => {
  it('keeps a short holder whole and reads it back', () => {
    const written = describeApplyLockHolder(holder('root@vm pid 12', 'vm'));
    expect(written.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
    expect(parseApplyLockHolder(written)).toEqual(holder('root@vm pid 12', 'vm'));
  });

  it("fits Keycloak's 255 characters with a long owner and host, cutting the owner first", () => {
    const long = holder('keyward bridge for some.very.long.username@example.com', 'vm');
    const written = describeApplyLockHolder(long);
    expect(written).toHaveLength(MAX_DESCRIPTION_LENGTH);
    const read = parseApplyLockHolder(written);
    expect(read?.owner).toMatch(/^keyward bridge for some.*…$/);
    expect({ ...read, owner: long.owner }).toEqual(long);

    const both = parseApplyLockHolder(describeApplyLockHolder(holder('x'.repeat(100), 'h'.repeat(40))));
    expect(both?.owner).toBe('xxxxxxx…');
    expect(both?.host).toMatch(/^h+…$/);
    expect(both?.token).toBe(long.token);
  });

  it('reads markers written by earlier builds, and nothing that is not a marker', () => {
    const old = `Keyward apply in progress; delete this flow only if that apply has crashed. ${JSON.stringify(
      holder('root@vm pid 12', 'vm'),
    )}`;
    expect(parseApplyLockHolder(old)?.owner).toBe('root@vm pid 12');
    expect(parseApplyLockHolder('some flow')).toBeUndefined();
    expect(parseApplyLockHolder(undefined)).toBeUndefined();
  });
});
