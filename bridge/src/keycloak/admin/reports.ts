/** The two reports against a live realm: reads through the admin API, shapes with the pure report core. */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';
import { type UserRegistrationDetails, userRegistrationDetails } from '../../reports/registration.js';
import { type SignInRecord, signInRecordOf } from '../../reports/sign-ins.js';
import { readAppliedPolicy } from './applied-policy.js';
import { type ReadFactsOptions, readRegistrationFacts } from './registration-facts.js';

/**
 * The registration details of every user of a realm under the policy document the realm enforces. Fails with
 * NOT_FOUND when Keyward has never been applied there (nothing would be enforced, so nothing can be reported).
 */
export async function registrationReport(
  client: KcAdminClient,
  realm: string,
  options: ReadFactsOptions = {},
): Promise<UserRegistrationDetails[]> {
  const document = await readAppliedPolicy(client, realm);
  if (document === undefined) {
    throw new KeywardError(
      'NOT_FOUND',
      `Keyward has not been applied to realm '${realm}', so Keycloak enforces none of its rules there; run keyward apply first.`,
    );
  }
  const facts = await readRegistrationFacts(client, realm, document, options);
  return userRegistrationDetails(document, facts);
}

/** Sign-ins from Keycloak's stored events, newest first, and whether the realm stores events at all. */
export interface SignInsReport {
  eventsEnabled: boolean;
  value: SignInRecord[];
}

/** Which sign-ins to list. */
export interface SignInsQuery {
  /** At most this many (default 100). */
  top?: number;
  /** Only this user id. */
  userId?: string;
  /** Only this client id. */
  clientId?: string;
  /** Only from this day on (`YYYY-MM-DD`, Keycloak's `dateFrom`). */
  dateFrom?: string;
}

/**
 * Sign-ins (`LOGIN`, `LOGIN_ERROR`) from the realm's stored events with their Keyward details. Keycloak stores
 * events only when the realm's "Save events" is on: `eventsEnabled` says so, and the list is then whatever was
 * stored before it was switched off (often nothing).
 */
export async function signInsReport(
  client: KcAdminClient,
  realm: string,
  query: SignInsQuery = {},
): Promise<SignInsReport> {
  const config = await client.realms.getConfigEvents({ realm });
  const events = await client.realms.findEvents({
    realm,
    type: ['LOGIN', 'LOGIN_ERROR'],
    first: 0,
    max: query.top ?? 100,
    ...(query.userId ? { user: query.userId } : {}),
    ...(query.clientId ? { client: query.clientId } : {}),
    ...(query.dateFrom ? { dateFrom: query.dateFrom } : {}),
  });
  return { eventsEnabled: config.eventsEnabled === true, value: events.map(signInRecordOf) };
}
