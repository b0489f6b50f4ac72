import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { NetworkError } from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';

/**
 * Alias of the marker flow that holds a realm's apply lock. Keycloak creates a flow alias at most once per realm
 * (a second create answers 409), which makes the create an atomic test-and-set that every Keycloak node and every
 * bridge sees. It does not start with `Keyward `, so the planner never mistakes it for a flow to reconcile.
 */
export const APPLY_LOCK_ALIAS = 'keyward-apply-lock';

const DESCRIPTION_PREFIX = 'Keyward apply in progress; delete this flow only if that apply has crashed. ';

/** Who holds a lock and until when, as stored in the marker flow's description. */
export interface ApplyLockHolder {
  owner: string;
  /** Host and process of the holder: on the same host, a holder whose process is gone has crashed. */
  host: string;
  pid: number;
  token: string;
  acquiredAt: string;
  expiresAt: string;
}

/** Options of {@link acquireApplyLock}. */
export interface ApplyLockOptions {
  /** Names the holder in messages; defaults to `user@host pid N`. */
  owner?: string;
  /** How long the lock holds without renewal; 5 minutes by default, so a crashed apply blocks no longer. */
  ttlMs?: number;
  /** How long to wait for another apply to finish; 60 s by default, 0 = fail at once. */
  waitMs?: number;
  /** Time between attempts while waiting; 500 ms by default. */
  pollMs?: number;
  /** Called once when another apply holds the lock and this one starts waiting. */
  onWait?: (holder: ApplyLockHolder) => void;
}

/** A held lock: renew it during long applies, release it when done. */
export interface ApplyLock {
  readonly holder: ApplyLockHolder;
  /** Extends the expiry; fails with APPLY_LOCKED when another apply has taken the lock over meanwhile. */
  renew(): Promise<void>;
  /** Removes the marker if it is still this lock's; never throws for a lock already gone. */
  release(): Promise<void>;
}

const DEFAULT_TTL_MS = 5 * 60_000;
const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_POLL_MS = 500;

const defaultOwner = (): string => {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host and pid still tell holders apart.
  }
  return `${user}@${hostname()} pid ${process.pid}`;
};

const describe = (holder: ApplyLockHolder): string => `${DESCRIPTION_PREFIX}${JSON.stringify(holder)}`;

/** The holder stored in a marker's description; undefined when it is not Keyward's format. */
export function parseApplyLockHolder(description: string | undefined): ApplyLockHolder | undefined {
  const json = description?.startsWith(DESCRIPTION_PREFIX)
    ? description.slice(DESCRIPTION_PREFIX.length)
    : undefined;
  if (json === undefined) return undefined;
  try {
    const holder = JSON.parse(json) as Partial<ApplyLockHolder>;
    const complete =
      typeof holder.owner === 'string' &&
      typeof holder.host === 'string' &&
      typeof holder.pid === 'number' &&
      typeof holder.token === 'string' &&
      typeof holder.acquiredAt === 'string' &&
      typeof holder.expiresAt === 'string';
    return complete ? (holder as ApplyLockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** A holder on this host whose process has ended: it crashed, or was killed, before releasing the lock. */
function crashedHere(holder: ApplyLockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const isConflict = (error: unknown): boolean =>
  error instanceof NetworkError && error.response.status === 409;

async function findMarker(client: KcAdminClient, realm: string) {
  const flows = await client.authenticationManagement.getFlows({ realm });
  return flows.find((flow) => flow.alias === APPLY_LOCK_ALIAS);
}

/**
 * Takes the realm's apply lock, waiting up to `waitMs` for another apply to finish. A marker whose expiry has passed,
 * whose holder ran on this host and is gone (its apply crashed), or that is not in Keyward's format is removed and
 * the lock taken. Fails with APPLY_LOCKED,
 * naming the holder and its expiry, when the wait runs out.
 */
export async function acquireApplyLock(
  client: KcAdminClient,
  realm: string,
  options: ApplyLockOptions = {},
): Promise<ApplyLock> {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  const owner = options.owner ?? defaultOwner();
  let waiting = false;
  for (;;) {
    const now = new Date();
    const holder: ApplyLockHolder = {
      owner,
      host: hostname(),
      pid: process.pid,
      token: randomBytes(12).toString('hex'),
      acquiredAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    };
    try {
      await client.authenticationManagement.createFlow({
        realm,
        alias: APPLY_LOCK_ALIAS,
        description: describe(holder),
        providerId: 'basic-flow',
        topLevel: true,
        builtIn: false,
      });
      const marker = await findMarker(client, realm);
      if (marker?.id && parseApplyLockHolder(marker.description)?.token === holder.token) {
        return heldLock(client, realm, marker.id, holder, ttlMs);
      }
      // Someone removed our marker as stale between the create and the read: try again.
      continue;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }

    const marker = await findMarker(client, realm);
    if (!marker?.id) continue;
    const current = parseApplyLockHolder(marker.description);
    if (current === undefined || Date.parse(current.expiresAt) <= Date.now() || crashedHere(current)) {
      // Deleting by id removes exactly the stale marker: a fresh one created meanwhile has another id.
      await client.authenticationManagement.deleteFlow({ realm, flowId: marker.id }).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new KeywardError(
        'APPLY_LOCKED',
        `Another apply is changing realm '${realm}': ${current.owner}, since ${current.acquiredAt}. ` +
          `Run apply again when it has finished. If it crashed, its lock expires at ${current.expiresAt}; ` +
          `to free it sooner, delete the authentication flow '${APPLY_LOCK_ALIAS}' in the realm.`,
      );
    }
    if (!waiting) options.onWait?.(current);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? DEFAULT_POLL_MS));
  }
}

function heldLock(
  client: KcAdminClient,
  realm: string,
  flowId: string,
  holder: ApplyLockHolder,
  ttlMs: number,
): ApplyLock {
  let current = holder;
  const stillOurs = async () => {
    const marker = await findMarker(client, realm);
    return marker?.id === flowId && parseApplyLockHolder(marker.description)?.token === holder.token;
  };
  return {
    get holder() {
      return current;
    },
    async renew() {
      if (!(await stillOurs())) {
        throw new KeywardError(
          'APPLY_LOCKED',
          `The apply lock of realm '${realm}' expired and was taken over; stopped. Run apply again.`,
        );
      }
      current = { ...current, expiresAt: new Date(Date.now() + ttlMs).toISOString() };
      await client.authenticationManagement.updateFlow(
        { realm, flowId },
        {
          id: flowId,
          alias: APPLY_LOCK_ALIAS,
          description: describe(current),
          providerId: 'basic-flow',
          topLevel: true,
          builtIn: false,
        },
      );
    },
    async release() {
      try {
        if (await stillOurs()) await client.authenticationManagement.deleteFlow({ realm, flowId });
      } catch {
        // Releasing is best effort: an unreleased lock expires by itself.
      }
    },
  };
}

/**
 * Runs `work` while holding the realm's apply lock, renewing it when `work` reports progress through the given
 * callback and at least a third of the lifetime has passed, and releasing it afterwards, also on failure.
 */
export async function withApplyLock<T>(
  client: KcAdminClient,
  realm: string,
  work: (progress: () => Promise<void>) => Promise<T>,
  options: ApplyLockOptions = {},
): Promise<T> {
  const lock = await acquireApplyLock(client, realm, options);
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  let renewedAt = Date.now();
  const progress = async () => {
    if (Date.now() - renewedAt < ttlMs / 3) return;
    await lock.renew();
    renewedAt = Date.now();
  };
  try {
    return await work(progress);
  } finally {
    await lock.release();
  }
}
