import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { compilePolicy } from '../../compile/compile.js';
import { KeywardError } from '../../errors.js';
import { checkLockout, type LockoutReport } from '../../plan/lockout.js';
import { type Plan, planChanges } from '../../plan/plan.js';
import type { PolicyDocument } from '../../policy/types.js';
import { type ApplyLockOptions, withApplyLock } from './apply-lock.js';
import { type ApplyListener, applyPlan } from './apply-plan.js';
import { readLiveRealm } from './read-realm.js';
import { type RunningAdmin, readLockoutSubjects } from './sign-in-users.js';

/** What `apply` would change in a live realm to enforce a document; changes nothing. */
export async function planRealm(
  client: KcAdminClient,
  realm: string,
  document: PolicyDocument,
): Promise<Plan> {
  return planChanges(compilePolicy(document), await readLiveRealm(client, realm));
}

/** Options of {@link applyDocument}; the defaults suit the API and the tests. */
export interface ApplyOptions {
  /** Apply even when no privileged user could sign in afterwards (SPEC §3.11, `--i-understand-lockout`). */
  allowLockout?: boolean;
  /** The admin account running the apply, for the guard's warning when a policy applies to it. */
  runningAdmin?: RunningAdmin;
  /** How the realm's apply lock is taken; by default it waits up to 60 s for another apply. */
  lock?: ApplyLockOptions;
}

/**
 * The lock-out guard for a document against the live realm (SPEC §3.11). Without enabled Conditional Access policies
 * and without a running admin to warn about, nothing can lock administrators out of the browser, so nothing is read.
 */
export async function checkRealmLockout(
  client: KcAdminClient,
  realm: string,
  document: PolicyDocument,
  runningAdmin?: RunningAdmin,
): Promise<LockoutReport> {
  const enabled = document.conditionalAccessPolicies.some((policy) => policy.state === 'enabled');
  if (!enabled && runningAdmin?.realm !== realm)
    return { lockedOut: false, warnings: [], breakGlassAccounts: [] };
  return checkLockout(document, await readLockoutSubjects(client, realm, document, runningAdmin));
}

/**
 * Reconciles a live realm with a document under the realm's apply lock, so two applies never interleave, and returns
 * the plan it carried out, the changes that still differ when it read the realm back (empty when Keycloak took every
 * change) and the lock-out guard's findings. Refuses with PLAN_REFUSED a document that would lock every privileged
 * user out, unless `allowLockout`.
 */
export async function applyDocument(
  client: KcAdminClient,
  realm: string,
  document: PolicyDocument,
  onChange?: ApplyListener,
  options: ApplyOptions = {},
): Promise<{ applied: Plan; remaining: Plan; lockout: LockoutReport }> {
  const lockout = await checkRealmLockout(client, realm, document, options.runningAdmin);
  if (lockout.lockedOut && !options.allowLockout) {
    throw new KeywardError('PLAN_REFUSED', `Refused: ${lockout.refusal}`);
  }
  return withApplyLock(
    client,
    realm,
    async (progress) => {
      // Planned inside the lock: a plan made before waiting for another apply would be stale.
      const applied = await planRealm(client, realm, document);
      if (applied.changes.length > 0) {
        await applyPlan(client, applied, async (change, index, total) => {
          await progress();
          await onChange?.(change, index, total);
        });
      }
      const remaining = applied.changes.length > 0 ? await planRealm(client, realm, document) : applied;
      return { applied, remaining, lockout };
    },
    options.lock,
  );
}
