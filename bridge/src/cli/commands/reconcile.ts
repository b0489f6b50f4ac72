import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { compilePolicy } from '../../compile/compile.js';
import { toRealmRepresentation } from '../../compile/realm-json.js';
import { withApplyLock } from '../../keycloak/admin/apply-lock.js';
import { applyPlan } from '../../keycloak/admin/apply-plan.js';
import { adminConnectionFromEnv, connectAdmin } from '../../keycloak/admin/connection.js';
import { readDirectory, readLiveRealm, realmExists } from '../../keycloak/admin/read-realm.js';
import { checkRealmLockout, planRealm } from '../../keycloak/admin/reconcile.js';
import { describeChange } from '../../plan/describe.js';
import { type Plan, planChanges } from '../../plan/plan.js';
import { findDanglingReferences } from '../../policy/index.js';
import { CliExit, EXIT, type OutputFormat } from '../output.js';
import { type LoadedPolicy, loadPolicyFile, printIssues } from '../policy-file.js';
import { readBaseRealm } from './offline.js';

/** Options shared by `plan` and `apply`. */
export interface ReconcileOptions {
  file: string;
  realm: string;
  keycloakUrl: string;
  output: OutputFormat;
  base?: string;
  createRealm?: boolean;
  /** `--i-understand-lockout`: go ahead although no privileged user could sign in afterwards. */
  iUnderstandLockout?: boolean;
}

/** `keyward plan`: what `apply` would change in the live realm; changes nothing. */
export async function planCommand(options: ReconcileOptions): Promise<void> {
  const loaded = await loadPolicyFile(options.file, options.output);
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  if (!(await realmExists(client, options.realm))) {
    if (options.output === 'json') {
      process.stdout.write(
        `${JSON.stringify({ realm: options.realm, createRealm: true, changes: [] }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(
        `Realm '${options.realm}' does not exist: \`keyward apply --create-realm\` would create it with the document applied.\n`,
      );
    }
    return;
  }
  await checkReferences(client, options.realm, loaded, options.output);
  await guardLockout(client, options, loaded);
  printPlan(await planRealm(client, options.realm, loaded.document), options.output);
}

/** `keyward apply`: reconciles the live realm with the document; a second run reports no changes. */
export async function applyCommand(options: ReconcileOptions): Promise<void> {
  const loaded = await loadPolicyFile(options.file, options.output);
  const client = await connectAdmin(adminConnectionFromEnv(options.keycloakUrl));
  const fragment = compilePolicy(loaded.document);

  if (!(await realmExists(client, options.realm))) {
    if (!options.createRealm) {
      process.stderr.write(
        `error: realm '${options.realm}' does not exist in ${options.keycloakUrl}; pass --create-realm to create it.\n`,
      );
      throw new CliExit(EXIT.invalid);
    }
    await createRealm(client, options, fragment, loaded);
    return;
  }

  await checkReferences(client, options.realm, loaded, options.output);
  await guardLockout(client, options, loaded);
  // Under the realm's apply lock, so two applies never interleave; planned inside it, so never stale.
  await withApplyLock(
    client,
    options.realm,
    async (renewLock) => {
      const plan = planChanges(fragment, await readLiveRealm(client, options.realm));
      printPlan(plan, options.output);
      if (plan.changes.length === 0) return;
      const progress = process.stderr.isTTY && options.output === 'table';
      await applyPlan(client, plan, async (change, index, total) => {
        await renewLock();
        if (progress) process.stderr.write(`[${index + 1}/${total}] ${describeChange(change)}\n`);
      });
      await verifyConverged(client, options.realm, fragment);
      if (options.output === 'table')
        process.stdout.write(`Applied ${plan.changes.length} changes to realm '${plan.realm}'.\n`);
    },
    {
      onWait: (holder) =>
        process.stderr.write(
          `Waiting for another apply of realm '${options.realm}' to finish (${holder.owner}, since ${holder.acquiredAt})…\n`,
        ),
    },
  );
}

/**
 * The lock-out guard (SPEC §3.11): prints its warnings, and refuses (exit 2, nothing changed) a document under which
 * no privileged user could sign in, unless `--i-understand-lockout`.
 */
async function guardLockout(client: KcAdminClient, options: ReconcileOptions, loaded: LoadedPolicy) {
  const connection = adminConnectionFromEnv(options.keycloakUrl);
  const runningAdmin = connection.username
    ? { realm: connection.adminRealm ?? 'master', username: connection.username }
    : undefined;
  const report = await checkRealmLockout(client, options.realm, loaded.document, runningAdmin);
  for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (!report.lockedOut) return;
  if (options.iUnderstandLockout) {
    process.stderr.write(`warning: ${report.refusal}\nGoing ahead: --i-understand-lockout was given.\n`);
    return;
  }
  process.stderr.write(`error: ${report.refusal}\nNothing was changed in realm '${options.realm}'.\n`);
  throw new CliExit(EXIT.invalid);
}

async function createRealm(
  client: KcAdminClient,
  options: ReconcileOptions,
  fragment: ReturnType<typeof compilePolicy>,
  loaded: LoadedPolicy,
): Promise<void> {
  const base = await readBaseRealm(options.base);
  // One request creates the realm with everything in it, so there is never a half-configured realm.
  await client.realms.create(toRealmRepresentation(fragment, options.realm, base));
  try {
    await checkReferences(client, options.realm, loaded, options.output);
    await guardLockout(client, options, loaded);
  } catch (error) {
    await client.realms.del({ realm: options.realm });
    throw error;
  }
  await verifyConverged(client, options.realm, fragment);
  if (options.output === 'json') {
    process.stdout.write(
      `${JSON.stringify({ realm: options.realm, created: true, changes: [] }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`Created realm '${options.realm}' with the document applied.\n`);
  }
}

async function checkReferences(
  client: KcAdminClient,
  realm: string,
  loaded: LoadedPolicy,
  output: OutputFormat,
) {
  const issues = findDanglingReferences(
    loaded.document,
    await readDirectory(client, realm),
    loaded.locate,
  ).map((issue) => ({ ...issue, source: loaded.path }));
  if (issues.some((issue) => issue.severity === 'error')) {
    printIssues(issues, output);
    process.stderr.write(`Nothing was changed in realm '${realm}'.\n`);
    throw new CliExit(EXIT.invalid);
  }
}

/** Reads the realm back after applying: anything still different means Keycloak did not take a change. */
async function verifyConverged(
  client: KcAdminClient,
  realm: string,
  fragment: ReturnType<typeof compilePolicy>,
) {
  const remaining = planChanges(fragment, await readLiveRealm(client, realm));
  if (remaining.changes.length > 0) {
    process.stderr.write(`error: realm '${realm}' still differs from the document after apply:\n`);
    for (const change of remaining.changes) process.stderr.write(`  ${describeChange(change)}\n`);
    throw new CliExit(EXIT.failure);
  }
}

function printPlan(plan: Plan, output: OutputFormat): void {
  if (output === 'json') {
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return;
  }
  if (plan.changes.length === 0) {
    process.stdout.write(`No changes. Realm '${plan.realm}' matches the document.\n`);
    return;
  }
  const lines = [
    `Plan for realm '${plan.realm}': ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}`,
  ];
  for (const change of plan.changes) {
    lines.push(`  ${describeChange(change)}`);
    if (change.kind === 'replace-flow') {
      for (const line of change.policyChanges ?? []) lines.push(`    ${line}`);
      for (const line of change.diff) lines.push(`      ${line}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
