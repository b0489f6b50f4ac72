import { describe, expect, it } from 'vitest';
import { nextMfaSessionVersion } from './mfa-sessions.js';

describe('nextMfaSessionVersion', () => {
  it('starts at 1 for a user who never had a revocation', () => {
    expect(nextMfaSessionVersion(undefined, 1_780_000_000)).toBe(1);
    expect(nextMfaSessionVersion('', 1_780_000_000)).toBe(1);
  });

  it('increments a stored version', () => {
    expect(nextMfaSessionVersion('0', 1_780_000_000)).toBe(1);
    expect(nextMfaSessionVersion('41', 1_780_000_000)).toBe(42);
  });

  it('jumps to the clock when the stored value is not a whole number, so no earlier mark matches', () => {
    expect(nextMfaSessionVersion('seven', 1_780_000_000.7)).toBe(1_780_000_000);
    expect(nextMfaSessionVersion('-3', 1_780_000_000)).toBe(1_780_000_000);
    expect(nextMfaSessionVersion('1.5', 1_780_000_000)).toBe(1_780_000_000);
  });
});
