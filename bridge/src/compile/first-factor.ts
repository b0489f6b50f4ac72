import type { PolicyDocument } from '../policy/types.js';
import type { ExecutionSpec } from './realm-fragment.js';

/** The browser sign-in's first factor: who the user is and their password (later: TAP, passkey). */
export function browserFirstFactorSteps(_document: PolicyDocument): ExecutionSpec[] {
  return [{ requirement: 'REQUIRED', authenticator: 'auth-username-password-form' }];
}

/** The direct grant's first factor (later: app passwords). */
export function directGrantFirstFactorSteps(_document: PolicyDocument): ExecutionSpec[] {
  return [
    { requirement: 'REQUIRED', authenticator: 'direct-grant-validate-username' },
    { requirement: 'REQUIRED', authenticator: 'direct-grant-validate-password' },
  ];
}
