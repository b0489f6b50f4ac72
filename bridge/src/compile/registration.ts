import type { PolicyDocument } from '../policy/types.js';
import type { ExecutionSpec, RequiredActionSpec, UserProfileAttributeSpec } from './realm-fragment.js';
import { KEYWARD_ALIAS_PREFIX } from './realm-fragment.js';
import { canonicalJson, joinMultivalued } from './shared.js';

/** The combined registration's chooser ("Keep your account secure"), a required action of the extension. */
export const SECURITY_INFO_ACTION = 'keyward-security-info';
/** Its summary ("Add another method" / "Done"), which also checks that a method was registered. */
export const SECURITY_INFO_SUMMARY_ACTION = 'keyward-security-info-summary';

/**
 * Priorities of the wizard's chain. Keycloak runs attached actions lowest first and drops each after its success:
 * the chooser attaches a registration action (CONFIGURE_TOTP 54, webauthn-register 80, …-passwordless 90,
 * CONFIGURE_RECOVERY_AUTHN_CODES 130) and the summary, which must come after it; a registration action with a
 * higher priority still works (the summary steps aside until it is done), these values only keep the usual order.
 */
export const SECURITY_INFO_PRIORITY = 2000;
export const SECURITY_INFO_SUMMARY_PRIORITY = 2001;

/** Admin-only user attributes holding the campaign's snoozes: `{"snoozes": n, "snoozedUntil": "ISO-8601"}`. */
export const REGISTRATION_SNOOZE_ATTRIBUTE = 'keyward.registrationSnooze';
export const NUDGE_SNOOZE_ATTRIBUTE = 'keyward.nudgeSnooze';

/** The wizard's required actions, and Keycloak's recovery-code registration that it offers. */
export function registrationRequiredActions(document: PolicyDocument): RequiredActionSpec[] {
  return [
    {
      alias: 'CONFIGURE_RECOVERY_AUTHN_CODES',
      name: 'Recovery Authentication Codes',
      enabled: document.authenticationMethods.recoveryCodes.state === 'enabled',
    },
    {
      alias: SECURITY_INFO_ACTION,
      name: 'Keyward security info',
      enabled: true,
      priority: SECURITY_INFO_PRIORITY,
    },
    {
      alias: SECURITY_INFO_SUMMARY_ACTION,
      name: 'Keyward security info summary',
      enabled: true,
      priority: SECURITY_INFO_SUMMARY_PRIORITY,
    },
  ];
}

/** The registration step's configuration beyond the methods: the campaign (its grace) and who is privileged. */
export function registrationCampaignConfig(document: PolicyDocument): Record<string, string> {
  return {
    registrationCampaign: JSON.stringify(canonicalJson(document.registrationCampaign)),
    privilegedRoles: joinMultivalued(document.mfaSettings.privilegedRoles),
  };
}

/**
 * The nudge after a successful MFA, only when the campaign is enabled and names a target method (`any` nudges
 * nobody: every user who did MFA has some method).
 */
export function registrationNudgeSteps(document: PolicyDocument): ExecutionSpec[] {
  const campaign = document.registrationCampaign;
  if (campaign.state !== 'enabled' || campaign.targetMethod === 'any') return [];
  return [
    {
      requirement: 'REQUIRED',
      authenticator: 'keyward-registration-nudge',
      config: {
        alias: `${KEYWARD_ALIAS_PREFIX}registration nudge`,
        config: {
          registrationCampaign: JSON.stringify(canonicalJson(campaign)),
          authenticationMethods: JSON.stringify(canonicalJson(document.authenticationMethods)),
        },
      },
    },
  ];
}

/** The snooze attributes, admin-only like the per-user MFA state, so users cannot reset their own snoozes. */
export function registrationProfileAttributes(): UserProfileAttributeSpec[] {
  return [REGISTRATION_SNOOZE_ATTRIBUTE, NUDGE_SNOOZE_ATTRIBUTE].map((name) => ({
    name,
    displayName:
      name === REGISTRATION_SNOOZE_ATTRIBUTE
        ? 'Registration snoozes (Keyward)'
        : 'Registration nudge snoozes (Keyward)',
    permissions: { view: ['admin'], edit: ['admin'] },
    validations: {},
    multivalued: false,
  }));
}
