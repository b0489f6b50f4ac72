import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, toPointer } from './paths.js';
import { closest } from './suggest.js';

describe('paths', () => {
  it.each([
    [
      ['conditionalAccessPolicies', 2, 'conditions', 'users', 'includeGroups', 0],
      'conditionalAccessPolicies[2].conditions.users.includeGroups[0]',
    ],
    [['mfaSettings', 'remember mfa'], 'mfaSettings["remember mfa"]'],
    [['a/b', 'c~d'], '["a/b"]["c~d"]'],
    [[], ''],
  ])('formats and parses %j as %s', (segments, path) => {
    expect(formatPath(segments)).toBe(path);
    expect(parsePath(path)).toEqual(segments);
    expect(parsePath(toPointer(segments))).toEqual(segments);
  });

  it('escapes JSON pointers', () => {
    expect(toPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
  });

  it('refuses malformed paths', () => {
    expect(parsePath('a..b')).toBeUndefined();
    expect(parsePath('.a')).toBeUndefined();
    expect(parsePath('a[x]')).toBeUndefined();
  });
});

describe('closest', () => {
  it('prefers a case-insensitive match, then a near one, else nothing', () => {
    expect(closest('ALICE', ['alicia', 'alice'])).toBe('alice');
    expect(closest('includeUser', ['includeUsers', 'excludeUsers'])).toBe('includeUsers');
    expect(closest('isEnabld', ['isEnabled'])).toBe('isEnabled');
    expect(closest('foo', ['includeUsers', 'bar'])).toBeUndefined();
  });
});
