import type { PolicyDocument } from '../policy/types.js';
import { browserFirstFactorSteps, directGrantFirstFactorSteps } from './first-factor.js';
import { mfaFlow } from './mfa.js';
import {
  type FlowSpec,
  KEYWARD_ALIAS_PREFIX,
  POLICY_ATTRIBUTE,
  type RealmFragment,
  type RequiredActionSpec,
} from './realm-fragment.js';
import { beforeFirstFactorSteps, requirementSteps } from './requirements.js';
import { enabledMfaMethods, KEYWARD_ADMIN_ROLE } from './shared.js';

export { ADMIN_CLIENTS, KEYWARD_ADMIN_ROLE } from './shared.js';

function browserFlow(document: PolicyDocument): FlowSpec {
  return {
    alias: `${KEYWARD_ALIAS_PREFIX}browser`,
    description: 'Browser sign-in managed by Keyward: edit the policy document, not this flow.',
    executions: [
      { requirement: 'ALTERNATIVE', authenticator: 'auth-cookie' },
      {
        requirement: 'ALTERNATIVE',
        flow: {
          alias: `${KEYWARD_ALIAS_PREFIX}sign-in`,
          description: 'First factor, then every source of an MFA requirement, then MFA once.',
          executions: [
            ...beforeFirstFactorSteps(document, 'browser'),
            ...browserFirstFactorSteps(document),
            ...requirementSteps(document, 'browser'),
            { requirement: 'CONDITIONAL', flow: mfaFlow(document) },
          ],
        },
      },
    ],
  };
}

function directGrantFlow(document: PolicyDocument): FlowSpec {
  return {
    alias: `${KEYWARD_ALIAS_PREFIX}direct grant`,
    description:
      'Password grant (legacy clients) managed by Keyward: edit the policy document, not this flow.',
    executions: [
      ...beforeFirstFactorSteps(document, 'other'),
      ...directGrantFirstFactorSteps(document),
      ...requirementSteps(document, 'other'),
    ],
  };
}

function requiredActions(document: PolicyDocument): RequiredActionSpec[] {
  const methods = enabledMfaMethods(document);
  return [
    { alias: 'CONFIGURE_TOTP', name: 'Configure OTP', enabled: methods.includes('softwareOath') },
    { alias: 'webauthn-register', name: 'Webauthn Register', enabled: methods.includes('fido2') },
    { alias: 'keyward-sign-in-details', name: 'Keyward sign-in details', enabled: true },
  ];
}

/**
 * Compiles a validated policy document into the realm configuration Keycloak enforces.
 * Pure and deterministic: the same document always gives the same fragment, which is what makes
 * `apply` idempotent.
 */
export function compilePolicy(document: PolicyDocument): RealmFragment {
  return {
    flows: { browser: browserFlow(document), directGrant: directGrantFlow(document) },
    requiredActions: requiredActions(document),
    realmRoles: [
      { name: KEYWARD_ADMIN_ROLE, description: 'May manage Keyward policy and MFA through the bridge.' },
    ],
    attributes: { [POLICY_ATTRIBUTE]: JSON.stringify(document) },
  };
}
