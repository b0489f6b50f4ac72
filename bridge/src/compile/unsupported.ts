import type { PolicyDocument } from '../policy/types.js';

/** A part of the document that this version of Keyward validates but does not enforce yet. */
export interface UnsupportedSetting {
  /** Readable path, as validation issues name them. */
  path: string;
  message: string;
}

/**
 * Lists settings that the document turns on but Keycloak would not enforce with this version. `plan` and
 * `apply` refuse such a document: accepting it would report a control as active that nobody enforces.
 */
export function findUnsupportedSettings(document: PolicyDocument): UnsupportedSetting[] {
  const found: UnsupportedSetting[] = [];
  const notYet = (path: string, what: string, instead: string) =>
    found.push({ path, message: `${what} is not enforced by this version of Keyward yet; ${instead}.` });

  if (document.authenticationMethods.email.state === 'enabled') {
    notYet('authenticationMethods.email.state', 'Email one-time codes', 'set state: disabled');
  }
  if (document.registrationCampaign.state === 'enabled') {
    notYet('registrationCampaign.state', 'The registration campaign', 'set state: disabled');
  }
  return found;
}
