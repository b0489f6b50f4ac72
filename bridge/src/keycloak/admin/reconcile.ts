import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { compilePolicy } from '../../compile/compile.js';
import { type Plan, planChanges } from '../../plan/plan.js';
import type { PolicyDocument } from '../../policy/types.js';
import { type ApplyListener, applyPlan } from './apply-plan.js';
import { readLiveRealm } from './read-realm.js';

/** What `apply` would change in a live realm to enforce a document; changes nothing. */
export async function planRealm(
  client: KcAdminClient,
  realm: string,
  document: PolicyDocument,
): Promise<Plan> {
  return planChanges(compilePolicy(document), await readLiveRealm(client, realm));
}

/**
 * Reconciles a live realm with a document and returns the plan it carried out, followed by the changes that
 * still differ when it read the realm back (empty when Keycloak took every change).
 */
export async function applyDocument(
  client: KcAdminClient,
  realm: string,
  document: PolicyDocument,
  onChange?: ApplyListener,
): Promise<{ applied: Plan; remaining: Plan }> {
  const applied = await planRealm(client, realm, document);
  if (applied.changes.length > 0) await applyPlan(client, applied, onChange);
  const remaining = applied.changes.length > 0 ? await planRealm(client, realm, document) : applied;
  return { applied, remaining };
}
