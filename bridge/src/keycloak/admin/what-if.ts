import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';
import { type Enforcement, enforcementOf } from '../../evaluate/enforcement.js';
import { type DevicePlatform, platformOf } from '../../evaluate/platform.js';
import {
  evaluateSignIn,
  locationsContaining,
  type SignIn,
  type SignInEvaluation,
} from '../../evaluate/sign-in.js';
import type { PolicyDocument } from '../../policy/types.js';
import { readAppliedPolicy } from './applied-policy.js';
import { readSignInUserByName } from './sign-in-users.js';

/** One hypothetical sign-in, as an admin describes it. */
export interface WhatIfRequest {
  /** Username or user id. */
  user: string;
  clientId: string;
  ip: string;
  clientAppType: SignIn['clientAppType'];
  /** The platform; when absent it is read from `userAgent`, and without either it is unknown. */
  platform?: DevicePlatform | null;
  userAgent?: string;
  hasRememberMfaMark?: boolean;
}

/** What-if's answer: the sign-in as evaluated, the decision, and what Keycloak would do with it. */
export interface WhatIfResult {
  realm: string;
  signIn: SignIn;
  platform: DevicePlatform | null;
  /** The named locations the address lies in. */
  locations: { displayName: string; isTrusted: boolean }[];
  evaluation: SignInEvaluation;
  enforcement: Enforcement;
}

/**
 * What-if for one sign-in against the live realm: reads the policy document the realm enforces (the realm attribute
 * `keyward.policy` that apply writes) and the user's groups, effective roles, per-user state and methods, then runs
 * the same rule set Keycloak enforces. Fails with INVALID_ARGUMENT for an address that is not one or a client the
 * realm lacks, USER_NOT_FOUND, and NOT_FOUND when Keyward has never been applied to the realm.
 */
export async function whatIf(
  client: KcAdminClient,
  realm: string,
  request: WhatIfRequest,
): Promise<WhatIfResult> {
  const document = await readAppliedPolicy(client, realm);
  if (document === undefined) {
    throw new KeywardError(
      'NOT_FOUND',
      `Keyward has not been applied to realm '${realm}', so Keycloak enforces none of its rules there; run keyward apply first.`,
    );
  }
  return whatIfUnder(client, realm, document, request);
}

/** {@link whatIf} under a given document instead of the applied one (e.g. a document about to be applied). */
export async function whatIfUnder(
  client: KcAdminClient,
  realm: string,
  document: PolicyDocument,
  request: WhatIfRequest,
): Promise<WhatIfResult> {
  const locations = locationsContaining(document, request.ip);
  if (locations === undefined) {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      `'${request.ip}' is not an IP address (IPv4 like 203.0.113.5 or IPv6 like 2001:db8::1).`,
    );
  }
  const [found] = await client.clients.find({ realm, clientId: request.clientId });
  if (!found) {
    throw new KeywardError('INVALID_ARGUMENT', `No client '${request.clientId}' in realm '${realm}'.`);
  }
  const user = await readSignInUserByName(client, realm, request.user, document);
  const platform = request.platform !== undefined ? request.platform : platformOf(request.userAgent);
  const signIn: SignIn = {
    user,
    clientId: request.clientId,
    ip: request.ip,
    clientAppType: request.clientAppType,
    platform,
    ...(request.userAgent !== undefined ? { userAgent: request.userAgent } : {}),
    hasRememberMfaMark: request.hasRememberMfaMark ?? false,
  };
  const evaluation = evaluateSignIn(document, signIn);
  return {
    realm,
    signIn,
    platform,
    locations,
    evaluation,
    enforcement: enforcementOf(document, signIn, evaluation),
  };
}
