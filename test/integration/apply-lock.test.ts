/**
 * The realm's apply lock when one process runs several applies at once, as the HTTP API does with its one shared
 * admin client (docs/architecture.md, "The apply lock"): a marker this process left behind (a release that failed,
 * an attempt that lost a race) no longer holds up its next apply, another process's live marker still does, and
 * applies and lock holders started at the same moment through one client never overlap and never run into the wait.
 */
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  APPLY_LOCK_ALIAS,
  acquireApplyLock,
  describeApplyLockHolder,
} from '../../bridge/src/keycloak/admin/apply-lock.js';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { type PolicyDocument, parsePolicy } from '../../bridge/src/policy/index.js';
import { adminClient, createTestRealm, deleteRealm, type TestRealm } from '../support/realm-fixture.js';

const server = inject('keycloak');
let realm: TestRealm;

beforeAll(async () => {
  realm = await createTestRealm(server, 'apply-lock');
});

afterAll(async () => {
  if (realm) await deleteRealm(realm);
});

/** A document with `count` policies named after `prefix`, so that two documents differ in every flow. */
function documentOf(prefix: string, count: number): PolicyDocument {
  const policies = Array.from({ length: count }, (_, index) =>
    [
      `  - displayName: ${prefix} ${index + 1}`,
      '    state: enabled',
      '    conditions:',
      '      users: { includeUsers: [All] }',
      '      applications: { includeApplications: [All] }',
      '    grantControls: { builtInControls: [mfa] }',
    ].join('\n'),
  );
  const parsed = parsePolicy(
    `apiVersion: keyward/v1\nconditionalAccessPolicies:\n${policies.join('\n')}\n`,
    `${prefix}.yaml`,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.document;
}

async function markers(): Promise<string[]> {
  const flows = await (await adminClient(server)).authenticationManagement.getFlows({ realm: realm.name });
  return flows.filter((flow) => flow.alias === APPLY_LOCK_ALIAS).map((flow) => flow.description ?? '');
}

/** The names of the steps and sub-flows in the realm's browser flow. */
async function browserFlowSteps(): Promise<string[]> {
  const executions = await (await adminClient(server)).authenticationManagement.getExecutions({
    realm: realm.name,
    flow: 'Keyward browser',
  });
  return executions.map((execution) => execution.displayName ?? '');
}

describe('the apply lock within one process', () => {
  it('does not let a lock this process failed to release hold up its next apply', async () => {
    const expired = await adminClient(server);
    const lock = await acquireApplyLock(expired, realm.name, { owner: 'a request whose token ran out' });
    // Its admin token is no longer accepted, as when a long apply outlives the shared client's token: the release
    // fails (best effort, silently), and the marker stays behind, naming this very process.
    expired.setAccessToken('no-longer-valid');
    await lock.release();
    expect(await markers()).toHaveLength(1);

    const started = Date.now();
    const { remaining } = await applyDocument(
      await adminClient(server),
      realm.name,
      documentOf('left', 2),
      undefined,
      {
        allowLockout: true,
        lock: { waitMs: 10_000, owner: 'the next request' },
      },
    );
    // Before the fix this waited the whole 10 s on its own process's marker and failed with APPLY_LOCKED.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(remaining.changes).toEqual([]);
    expect(await markers()).toEqual([]);
  });

  it("still waits for another process's live lock on the same host, and names it when the wait runs out", async () => {
    const admin = await adminClient(server);
    const now = Date.now();
    // pid 1 is alive on every Linux host: a live holder that is not this process.
    const description = describeApplyLockHolder({
      owner: 'another bridge',
      host: hostname().slice(0, 32),
      pid: 1,
      token: 'feedfacefeedfacefeedface',
      acquiredAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 120_000).toISOString(),
    });
    await admin.authenticationManagement.createFlow({
      realm: realm.name,
      alias: APPLY_LOCK_ALIAS,
      description,
      providerId: 'basic-flow',
      topLevel: true,
      builtIn: false,
    });
    try {
      const started = Date.now();
      await expect(acquireApplyLock(admin, realm.name, { waitMs: 1_500, pollMs: 200 })).rejects.toThrow(
        /Another apply is changing realm '.*': another bridge, since /,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
      expect(await markers()).toEqual([description]);
    } finally {
      const flows = await admin.authenticationManagement.getFlows({ realm: realm.name });
      for (const flow of flows.filter((candidate) => candidate.alias === APPLY_LOCK_ALIAS)) {
        await admin.authenticationManagement.deleteFlow({ realm: realm.name, flowId: flow.id as string });
      }
    }
  });

  it('never lets two holders in at once when several take the lock at the same moment through one client', async () => {
    const shared = await adminClient(server);
    let holding = 0;
    let most = 0;
    const hold = async (index: number) => {
      const lock = await acquireApplyLock(shared, realm.name, {
        owner: `holder ${index}`,
        waitMs: 30_000,
        pollMs: 100,
      });
      holding++;
      most = Math.max(most, holding);
      await new Promise((resolve) => setTimeout(resolve, 150));
      holding--;
      await lock.release();
    };
    const started = Date.now();
    for (let round = 0; round < 3; round++) await Promise.all([0, 1, 2, 3].map(hold));
    expect(most).toBe(1);
    // Twelve holds of 150 ms, one after the other: far less than one wait of 30 s.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(await markers()).toEqual([]);
  });

  it('serialises two applies started at once through one shared admin client', async () => {
    const shared = await adminClient(server);
    const documents = [documentOf('x', 3), documentOf('y', 3)];
    const started = Date.now();
    const results = await Promise.all(
      documents.map((document) =>
        applyDocument(shared, realm.name, document, undefined, {
          allowLockout: true,
          lock: { waitMs: 45_000 },
        }),
      ),
    );
    for (const result of results) expect(result.remaining.changes).toEqual([]);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(await markers()).toEqual([]);
    // The realm ends as exactly one of the two documents.
    const steps = await browserFlowSteps();
    const has = (prefix: string) => [1, 2, 3].every((n) => steps.includes(`Keyward CA - ${prefix} ${n}`));
    expect([has('x'), has('y')].filter(Boolean)).toHaveLength(1);
  });
});
