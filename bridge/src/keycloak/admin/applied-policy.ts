import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { POLICY_ATTRIBUTE } from '../../compile/realm-fragment.js';
import { KeywardError } from '../../errors.js';
import type { PolicyDocument } from '../../policy/types.js';

/**
 * The policy document last applied to a realm, as `apply` stored it in the realm attribute `keyward.policy`
 * (validated, with every default filled in); undefined when Keyward has never been applied there.
 */
export async function readAppliedPolicy(
  client: KcAdminClient,
  realm: string,
): Promise<PolicyDocument | undefined> {
  const representation = await client.realms.findOne({ realm });
  if (!representation) throw new KeywardError('REALM_NOT_FOUND', `Realm '${realm}' does not exist.`);
  const stored = (representation.attributes as Record<string, string> | undefined)?.[POLICY_ATTRIBUTE];
  if (stored === undefined || stored === '') return undefined;
  try {
    return JSON.parse(stored) as PolicyDocument;
  } catch (error) {
    throw new KeywardError(
      'KEYCLOAK_REQUEST_FAILED',
      `Realm '${realm}' holds a damaged policy document in its attribute '${POLICY_ATTRIBUTE}'; apply the document again.`,
      { cause: error },
    );
  }
}
