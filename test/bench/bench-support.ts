/**
 * What the import and report benchmarks share: a Keycloak (their own, or KEYWARD_KEYCLOAK_URL), a Keyward realm,
 * users created in bulk through partial import, and writing results into docs/benchmarks.md between markers.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type UserRepresentation from '@keycloak/keycloak-admin-client/lib/defs/userRepresentation.js';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { type KeycloakServer, startKeycloak } from '../../bridge/src/keycloak/manager/index.js';
import { repoPath } from '../../bridge/src/keycloak/manager/paths.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { adminClient } from '../support/realm-fixture.js';

/** Starts Keycloak for a benchmark unless KEYWARD_KEYCLOAK_URL names one. */
export function benchKeycloak(): Promise<KeycloakServer> {
  return startKeycloak({ onProgress: (message) => process.stderr.write(`[keycloak] ${message}\n`) });
}

/** Creates a realm and applies a policy document to it; returns the realm's name. */
export async function benchRealm(server: KeycloakServer, slug: string, policyYaml: string): Promise<string> {
  const admin = await adminClient(server);
  const realm = `bench-${slug}-${randomBytes(3).toString('hex')}`;
  await admin.realms.create({ realm, enabled: true });
  const parsed = parsePolicy(policyYaml, `${slug}.yaml`);
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  await applyDocument(admin, realm, parsed.document);
  return realm;
}

/** Creates users in batches through the admin partial import (far faster than one POST per user). */
export async function importUsers(
  admin: KcAdminClient,
  realm: string,
  users: readonly UserRepresentation[],
  batch = 500,
): Promise<void> {
  for (let start = 0; start < users.length; start += batch) {
    await admin.realms.partialImport({
      realm,
      rep: { ifResourceExists: 'SKIP', users: users.slice(start, start + batch) },
    });
  }
}

/** One line about the machine, for the results. */
export function machineLine(): string {
  const cpu = cpus();
  const [load = 0] = loadavg();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load.toFixed(1)} at the end`;
}

/** Replaces the text between `begin` and `end` in docs/benchmarks.md. */
export async function writeResults(begin: string, end: string, text: string): Promise<void> {
  const file = repoPath('docs', 'benchmarks.md');
  const current = await readFile(file, 'utf8');
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md lacks the markers ${begin} … ${end}`);
  await writeFile(file, `${current.slice(0, from + begin.length)}\n${text.trim()}\n${current.slice(to)}`);
}
