import type { PolicyDocument } from '../policy/types.js';
import {
  browserFirstFactorSteps,
  directGrantFirstFactorSteps,
  firstFactorRealmSettings,
  firstFactorRequiredActions,
  temporaryAccessPassOnboardingSteps,
} from './first-factor.js';
import { mfaFlow } from './mfa.js';
import {
  type FlowSpec,
  KEYWARD_ALIAS_PREFIX,
  POLICY_ATTRIBUTE,
  type RealmFragment,
  type RequiredActionSpec,
} from './realm-fragment.js';
import { rememberMfaOfferSteps, rememberMfaProfileAttributes, rememberMfaSteps } from './remember-mfa.js';
import {
  beforeFirstFactorSteps,
  KEYWARD_EVENT_LISTENER,
  requirementProfileAttributes,
  requirementRealmSettings,
  requirementSteps,
} from './requirements.js';
import { enabledMfaMethods, KEYWARD_ADMIN_ROLE } from './shared.js';

export { ADMIN_CLIENTS, KEYWARD_ADMIN_ROLE } from './shared.js';

function browserFlow(document: PolicyDocument): FlowSpec {
  return {
    alias: `${KEYWARD_ALIAS_PREFIX}browser`,
    description:
      'Browser sign-in managed by Keyward: who the user is, every source of an MFA requirement, then MFA once. ' +
      'Edit the policy document, not this flow.',
    executions: [
      {
        requirement: 'REQUIRED',
        flow: {
          alias: `${KEYWARD_ALIAS_PREFIX}SSO or sign-in`,
          description:
            'Who the user is: from the SSO session, or by signing in. Every rule below runs on SSO sign-ins too.',
          executions: [
            { requirement: 'ALTERNATIVE', authenticator: 'keyward-cookie' },
            {
              requirement: 'ALTERNATIVE',
              flow: {
                alias: `${KEYWARD_ALIAS_PREFIX}sign-in`,
                description: 'The first factor.',
                executions: [
                  ...beforeFirstFactorSteps(document, 'browser'),
                  ...browserFirstFactorSteps(document),
                ],
              },
            },
          ],
        },
      },
      ...requirementSteps(document, 'browser'),
      ...temporaryAccessPassOnboardingSteps(document),
      ...rememberMfaSteps(document),
      { requirement: 'CONDITIONAL', flow: mfaFlow(document) },
      ...rememberMfaOfferSteps(document),
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
  const actions: RequiredActionSpec[] = [
    { alias: 'CONFIGURE_TOTP', name: 'Configure OTP', enabled: methods.includes('softwareOath') },
    { alias: 'webauthn-register', name: 'Webauthn Register', enabled: methods.includes('fido2') },
    {
      alias: 'webauthn-register-passwordless',
      name: 'Webauthn Register Passwordless',
      enabled: methods.includes('fido2'),
    },
    // Conditional Access's passwordChange control asks for it in the sign-in.
    { alias: 'UPDATE_PASSWORD', name: 'Update Password', enabled: true },
    { alias: 'keyward-sign-in-details', name: 'Keyward sign-in details', enabled: true },
    ...firstFactorRequiredActions(document),
  ];
  // Two areas may need the same action; Keycloak registers it once.
  return actions.filter(
    (action, index) => actions.findIndex((other) => other.alias === action.alias) === index,
  );
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
    realmSettings: {
      loginTheme: 'keyward',
      ...firstFactorRealmSettings(document),
      ...requirementRealmSettings(document),
    },
    userProfileAttributes: [...requirementProfileAttributes(), ...rememberMfaProfileAttributes()],
    eventListeners: [KEYWARD_EVENT_LISTENER],
  };
}
