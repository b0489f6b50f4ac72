import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateSecurityDefaults,
  type SecurityDefaultsDecision,
  type SecurityDefaultsInput,
} from './index.js';

interface VectorFile {
  cases: { name: string; input: SecurityDefaultsInput; expected: SecurityDefaultsDecision }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../test/vectors/security-defaults.json', import.meta.url), 'utf8'),
) as VectorFile;

describe('evaluateSecurityDefaults (shared vectors)', () => {
  it('has vectors to run', () => {
    expect(vectors.cases.length).toBeGreaterThan(0);
  });

  it.each(vectors.cases.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    expect(evaluateSecurityDefaults(vector.input)).toEqual(vector.expected);
  });
});

describe('evaluateSecurityDefaults', () => {
  const browser: SecurityDefaultsInput = {
    securityDefaultsEnabled: true,
    clientAppType: 'browser',
    clientId: 'intranet',
    isPrivileged: false,
    hasRememberMfaMark: true,
  };

  it('ignores the remember-MFA mark on a configured administration client', () => {
    expect(evaluateSecurityDefaults(browser, ['intranet']).outcome).toBe('mfa');
    expect(evaluateSecurityDefaults(browser).outcome).toBe('none');
  });

  it('returns a fresh requiredBy list each time, so callers may add to it', () => {
    const first = evaluateSecurityDefaults({ ...browser, securityDefaultsEnabled: false });
    first.requiredBy.push('securityDefaults');
    expect(evaluateSecurityDefaults({ ...browser, securityDefaultsEnabled: false }).requiredBy).toEqual([]);
  });
});
