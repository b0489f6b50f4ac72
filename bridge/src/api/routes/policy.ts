import { KeywardError } from '../../errors.js';
import { readAppliedPolicy } from '../../keycloak/admin/applied-policy.js';
import { readDirectory } from '../../keycloak/admin/read-realm.js';
import { applyDocument, checkRealmLockout, planRealm } from '../../keycloak/admin/reconcile.js';
import { findDanglingReferences, parsePolicy } from '../../policy/index.js';
import { RequestError } from '../errors.js';
import { issueDetails, lockoutDetails, policyChangeResult } from '../views.js';
import { ok, type RouteHandler } from './context.js';

/** Names the body in issues, where a file name would stand for the CLI. */
const SOURCE = 'PUT /v1/policy';

/** `GET /v1/policy`: the document as last applied. */
export const getPolicy: RouteHandler = async ({ principal, keycloak }) => {
  const document = await readAppliedPolicy(await keycloak(), principal.realm);
  if (!document) {
    throw new KeywardError(
      'NOT_FOUND',
      `No Keyward policy has been applied to realm '${principal.realm}' yet; PUT /v1/policy applies one.`,
    );
  }
  return ok(document);
};

/**
 * `PUT /v1/policy[?dryRun=true][&allowLockout=true]`: the same gates as `keyward apply`, in the same order — the
 * document's own rules, settings this version cannot enforce, references the realm lacks, the lock-out guard
 * (SPEC §3.11; its warnings are answered, the caller counting as the admin running the apply) — then the plan,
 * and unless `dryRun`, the reconciliation under the realm's apply lock, which must leave nothing different.
 */
export const setPolicy: RouteHandler = async ({ principal, query, body, keycloak, log }) => {
  const text = typeof body === 'string' ? body : '';
  if (text.trim() === '') {
    throw new KeywardError(
      'INVALID_ARGUMENT',
      'Send the policy document as the body (Content-Type: application/json or application/yaml).',
    );
  }
  const parsed = parsePolicy(text, SOURCE);
  if (!parsed.ok) {
    const details = issueDetails(parsed.issues);
    throw new RequestError('INVALID_DOCUMENT', invalidMessage(details.length), { details });
  }

  const realm = principal.realm;
  const client = await keycloak();
  const dangling = issueDetails(
    findDanglingReferences(parsed.document, await readDirectory(client, realm), parsed.locate, SOURCE),
  );
  if (dangling.length > 0) {
    throw new RequestError('INVALID_DOCUMENT', invalidMessage(dangling.length), { details: dangling });
  }

  const allowLockout = query.allowLockout === true;
  const runningAdmin = principal.username ? { realm, username: principal.username } : undefined;
  const lockout = await checkRealmLockout(client, realm, parsed.document, runningAdmin);
  if (lockout.lockedOut && !allowLockout) {
    throw new KeywardError(
      'PLAN_REFUSED',
      `Refused: ${lockout.refusal} (allowLockout=true goes ahead anyway).`,
    );
  }
  const warnings = [...issueDetails(parsed.warnings, 'warning'), ...lockoutDetails(lockout)];
  if (query.dryRun === true) {
    return ok(policyChangeResult(await planRealm(client, realm, parsed.document), true, warnings));
  }
  const { applied, remaining } = await applyDocument(client, realm, parsed.document, undefined, {
    allowLockout,
    ...(runningAdmin ? { runningAdmin } : {}),
    lock: { owner: `keyward bridge for ${principal.username ?? principal.subject}`, waitMs: 15_000 },
  });
  if (remaining.changes.length > 0) {
    throw new KeywardError(
      'KEYCLOAK_REQUEST_FAILED',
      `Realm '${realm}' still differs from the document after applying it (${remaining.changes.length} ` +
        'changes did not take); PUT the document again, and check the bridge log.',
    );
  }
  log.info({ realm, changes: applied.changes.length, subject: principal.subject }, 'policy applied');
  return ok(policyChangeResult(applied, false, warnings));
};

function invalidMessage(count: number): string {
  return `The policy document has ${count} error${count === 1 ? '' : 's'}; nothing was changed.`;
}
