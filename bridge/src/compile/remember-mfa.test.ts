import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import type { PolicyDocument } from '../policy/types.js';
import { compilePolicy } from './compile.js';
import { rememberMfaOfferSteps, rememberMfaProfileAttributes, rememberMfaSteps } from './remember-mfa.js';
import { findUnsupportedSettings } from './unsupported.js';

function policy(yaml: string): PolicyDocument {
  const result = parsePolicy(`apiVersion: keyward/v1\n${yaml}`, 'test.yaml');
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.document;
}

const enabled = `mfaSettings:
  rememberMfaOnTrustedDevice: { isEnabled: true, days: 30 }`;

describe('remember-MFA steps', () => {
  it('are absent while the policy does not enable remember-MFA, so marks are ignored', () => {
    expect(rememberMfaSteps(policy(''))).toEqual([]);
    expect(rememberMfaOfferSteps(policy(''))).toEqual([]);
  });

  it('carry the days as config, under two aliases (Keycloak attaches one config to one execution)', () => {
    expect(rememberMfaSteps(policy(enabled))).toEqual([
      {
        requirement: 'REQUIRED',
        authenticator: 'keyward-remember-mfa',
        config: { alias: 'Keyward remember MFA', config: { days: '30' } },
      },
    ]);
    expect(rememberMfaOfferSteps(policy(enabled))).toEqual([
      {
        requirement: 'REQUIRED',
        authenticator: 'keyward-remember-mfa-offer',
        config: { alias: 'Keyward remember MFA - offer', config: { days: '30' } },
      },
    ]);
  });

  it('put the mark right before the MFA step and the offer right after it', () => {
    const steps = compilePolicy(policy(enabled)).flows.browser.executions.map((execution) =>
      'flow' in execution ? execution.flow.alias : execution.authenticator,
    );
    const mfa = steps.indexOf('Keyward MFA');
    expect(steps[mfa - 1]).toBe('keyward-remember-mfa');
    expect(steps[mfa + 1]).toBe('keyward-remember-mfa-offer');
    expect(steps.at(-1)).toBe('keyward-remember-mfa-offer');
  });

  it('is no longer refused as not enforced', () => {
    expect(findUnsupportedSettings(policy(enabled))).toEqual([]);
  });

  it('declares the MFA session version admin-only, also when remember-MFA is off', () => {
    expect(rememberMfaProfileAttributes()).toEqual([
      expect.objectContaining({
        name: 'keyward.mfaSessionVersion',
        permissions: { view: ['admin'], edit: ['admin'] },
      }),
    ]);
    expect(compilePolicy(policy('')).userProfileAttributes.map((attribute) => attribute.name)).toContain(
      'keyward.mfaSessionVersion',
    );
  });
});
