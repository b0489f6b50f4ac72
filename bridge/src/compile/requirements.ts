import type { PolicyDocument } from '../policy/types.js';
import { type ExecutionSpec, KEYWARD_ALIAS_PREFIX } from './realm-fragment.js';
import { ADMIN_CLIENTS, joinMultivalued } from './shared.js';

/**
 * Steps that run before the first factor. On the direct grant, security defaults refuse legacy
 * authentication here, so that a refusal says nothing about the username or the password.
 */
export function beforeFirstFactorSteps(
  document: PolicyDocument,
  clientAppType: 'browser' | 'other',
): ExecutionSpec[] {
  return clientAppType === 'other' ? securityDefaultsStep(document, 'other') : [];
}

/**
 * Every source of an MFA requirement, after the first factor. Each only records what it requires; the MFA
 * step asks once, at the strongest strength recorded.
 */
export function requirementSteps(
  document: PolicyDocument,
  clientAppType: 'browser' | 'other',
): ExecutionSpec[] {
  return clientAppType === 'browser' ? securityDefaultsStep(document, 'browser') : [];
}

function securityDefaultsStep(document: PolicyDocument, clientAppType: 'browser' | 'other'): ExecutionSpec[] {
  if (!document.securityDefaults.isEnabled) return [];
  // Keycloak refuses brackets, commas and colons in configuration aliases.
  const suffix = clientAppType === 'other' ? ' - direct grant' : '';
  return [
    {
      requirement: 'REQUIRED',
      authenticator: 'keyward-security-defaults',
      config: {
        alias: `${KEYWARD_ALIAS_PREFIX}security defaults${suffix}`,
        config: {
          clientAppType,
          privilegedRoles: joinMultivalued(document.mfaSettings.privilegedRoles),
          adminClients: joinMultivalued(ADMIN_CLIENTS),
        },
      },
    },
  ];
}
