import type { AuthenticationStrength, PolicyDocument } from '../policy/types.js';
import {
  type ExecutionSpec,
  type FlowSpec,
  KEYWARD_ALIAS_PREFIX,
  type RequiredActionSpec,
} from './realm-fragment.js';
import { registrationCampaignConfig, registrationNudgeSteps } from './registration.js';
import { canonicalJson, enabledMfaMethods, joinMultivalued } from './shared.js';

const SECOND_FACTOR_ALIAS = `${KEYWARD_ALIAS_PREFIX}second factor`;

/** The email-code step; its required action registers the address it sends to. */
export const EMAIL_OTP_AUTHENTICATOR = 'keyward-email-otp';
export const EMAIL_OTP_REGISTER_ACTION = 'keyward-email-otp-register';
/**
 * The email-code settings' config alias. The registration required action has no execution of its own and reads the
 * settings by this alias (`EmailOtpConfig.ALIAS` in the extension), so sign-in and registration agree.
 */
export const EMAIL_OTP_CONFIG_ALIAS = `${KEYWARD_ALIAS_PREFIX}email code`;

/** The required action that registers the address for email codes: enabled exactly when the method is. */
export function emailOtpRequiredActions(document: PolicyDocument): RequiredActionSpec[] {
  return [
    {
      alias: EMAIL_OTP_REGISTER_ACTION,
      name: 'Keyward: verify email address for sign-in codes',
      enabled: document.authenticationMethods.email.state === 'enabled',
    },
  ];
}

/** The realm's email theme must be `keyward` for the code mails' templates; set only when email codes are on. */
export function emailOtpRealmSettings(document: PolicyDocument): { emailTheme?: string } {
  return document.authenticationMethods.email.state === 'enabled' ? { emailTheme: 'keyward' } : {};
}

/** The sub-flow that asks for a second factor meeting one strength, entered only when that strength is recorded. */
function secondFactorFlow(
  strength: AuthenticationStrength,
  aliasSuffix: string,
  description: string,
  steps: ExecutionSpec[],
): FlowSpec {
  const alias = `${SECOND_FACTOR_ALIAS}${aliasSuffix}`;
  return {
    alias,
    description,
    executions: [
      {
        requirement: 'REQUIRED',
        authenticator: 'keyward-condition-mfa-strength',
        config: { alias, config: { strength } },
      },
      ...steps,
    ],
  };
}

/** Strengths above `mfa` that an enabled policy asks for: only those get their own second-factor sub-flow. */
function strongerStrengthsAsked(document: PolicyDocument): Set<AuthenticationStrength> {
  return new Set(
    document.conditionalAccessPolicies
      .filter((policy) => policy.state === 'enabled')
      .map((policy) => policy.grantControls.authenticationStrength)
      .filter((strength): strength is AuthenticationStrength => strength !== null && strength !== 'mfa'),
  );
}

/**
 * The one MFA step: asks once when any source recorded a requirement not yet satisfied, at the strongest strength
 * recorded, registering a first method if needed; `keyward-mfa-satisfied` refuses whatever did not meet the strength.
 */
export function mfaFlow(document: PolicyDocument): FlowSpec {
  const methods = enabledMfaMethods(document);
  const fido2 = methods.includes('fido2');
  const alternative = (authenticator: string): ExecutionSpec => ({
    requirement: 'ALTERNATIVE',
    authenticator,
  });
  const mfaSteps: ExecutionSpec[] = [];
  if (methods.includes('softwareOath')) mfaSteps.push(alternative('auth-otp-form'));
  if (fido2) {
    mfaSteps.push(alternative('webauthn-authenticator'), alternative('webauthn-authenticator-passwordless'));
  }
  const email = document.authenticationMethods.email;
  if (email.state === 'enabled') {
    mfaSteps.push({
      requirement: 'ALTERNATIVE',
      authenticator: EMAIL_OTP_AUTHENTICATOR,
      config: {
        alias: EMAIL_OTP_CONFIG_ALIAS,
        config: {
          codeLength: String(email.codeLength),
          codeLifetimeInMinutes: String(email.codeLifetimeInMinutes),
          resendCooldownInSeconds: String(email.resendCooldownInSeconds),
          maximumAttemptsPerCode: String(email.maximumAttemptsPerCode),
        },
      },
    });
  }
  if (document.authenticationMethods.recoveryCodes.state === 'enabled') {
    mfaSteps.push(alternative('auth-recovery-authn-code-form'));
  }

  const stronger = strongerStrengthsAsked(document);
  const strengthFlows: ExecutionSpec[] = [];
  if (fido2 && stronger.has('passwordlessMfa')) {
    strengthFlows.push({
      requirement: 'CONDITIONAL',
      flow: secondFactorFlow(
        'passwordlessMfa',
        ' - passwordless',
        'A passkey, when passwordlessMfa is required.',
        [{ requirement: 'REQUIRED', authenticator: 'webauthn-authenticator-passwordless' }],
      ),
    });
  }
  if (fido2 && stronger.has('phishingResistantMfa')) {
    strengthFlows.push({
      requirement: 'CONDITIONAL',
      flow: secondFactorFlow(
        'phishingResistantMfa',
        ' - phishing-resistant',
        'A security key or a passkey, when phishingResistantMfa is required.',
        [alternative('webauthn-authenticator'), alternative('webauthn-authenticator-passwordless')],
      ),
    });
  }

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
          config: {
            // Keycloak drops empty config values: with only email codes enabled there is no `methods` entry.
            ...(methods.length > 0 ? { methods: joinMultivalued(methods) } : {}),
            authenticationMethods: JSON.stringify(canonicalJson(document.authenticationMethods)),
            ...registrationCampaignConfig(document),
          },
        },
      },
      {
        requirement: 'CONDITIONAL',
        flow: secondFactorFlow(
          'mfa',
          '',
          'Asks for one of the methods the user has registered and the policy allows.',
          mfaSteps,
        ),
      },
      ...strengthFlows,
      { requirement: 'REQUIRED', authenticator: 'keyward-mfa-satisfied' },
      ...registrationNudgeSteps(document),
    ],
  };
}
