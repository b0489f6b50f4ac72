import type { PolicyDocument } from '../policy/types.js';
import {
  type ExecutionSpec,
  type FlowSpec,
  KEYWARD_ALIAS_PREFIX,
  POLICY_ATTRIBUTE,
  type RealmFragment,
  type RequiredActionSpec,
} from './realm-fragment.js';

/** Keycloak's own clients for its administration: security defaults always ask MFA for them. */
export const ADMIN_CLIENTS = ['security-admin-console', 'admin-cli'] as const;

/** Realm role that the bridge's admin routes require. */
export const KEYWARD_ADMIN_ROLE = 'keyward-admin';

/** Keycloak stores multivalued authenticator configuration joined with `##`. */
const joinMultivalued = (values: readonly string[]): string => values.join('##');

type MfaMethod = 'softwareOath' | 'fido2';

function enabledMfaMethods(document: PolicyDocument): MfaMethod[] {
  const methods: MfaMethod[] = [];
  if (document.authenticationMethods.softwareOath.state === 'enabled') methods.push('softwareOath');
  if (document.authenticationMethods.fido2.state === 'enabled') methods.push('fido2');
  return methods;
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

function secondFactorFlow(methods: MfaMethod[]): FlowSpec {
  const executions: ExecutionSpec[] = [
    { requirement: 'REQUIRED', authenticator: 'conditional-user-configured' },
  ];
  if (methods.includes('softwareOath'))
    executions.push({ requirement: 'ALTERNATIVE', authenticator: 'auth-otp-form' });
  if (methods.includes('fido2')) {
    executions.push({ requirement: 'ALTERNATIVE', authenticator: 'webauthn-authenticator' });
  }
  return {
    alias: `${KEYWARD_ALIAS_PREFIX}second factor`,
    description: 'Asks for one of the methods the user has registered and the policy allows.',
    executions,
  };
}

function mfaFlow(methods: MfaMethod[]): FlowSpec {
  return {
    alias: `${KEYWARD_ALIAS_PREFIX}MFA`,
    description: 'Asks for MFA once, when any source recorded a requirement; registration first if needed.',
    executions: [
      { requirement: 'REQUIRED', authenticator: 'keyward-condition-mfa-required' },
      {
        requirement: 'REQUIRED',
        authenticator: 'keyward-mfa-registration',
        config: {
          alias: `${KEYWARD_ALIAS_PREFIX}MFA registration`,
          config: { methods: joinMultivalued(methods) },
        },
      },
      { requirement: 'CONDITIONAL', flow: secondFactorFlow(methods) },
    ],
  };
}

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
            { requirement: 'REQUIRED', authenticator: 'auth-username-password-form' },
            ...securityDefaultsStep(document, 'browser'),
            { requirement: 'CONDITIONAL', flow: mfaFlow(enabledMfaMethods(document)) },
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
      // Before the password check, so that a refusal says nothing about the username or the password.
      ...securityDefaultsStep(document, 'other'),
      { requirement: 'REQUIRED', authenticator: 'direct-grant-validate-username' },
      { requirement: 'REQUIRED', authenticator: 'direct-grant-validate-password' },
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
