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

const DESCRIPTION_PREFIX = 'Keyward apply in progress; delete only if that apply crashed. ';
/** What earlier builds wrote; still read, so that their markers are honoured. */
const OLD_DESCRIPTION_PREFIX = 'Keyward apply in progress; delete this flow only if that apply has crashed. ';

/** Who holds a lock and until when, as stored in the marker flow's description. */
export interface ApplyLockHolder {
  owner: string;
  /** Host and process of the holder: on the same host, a holder whose process is gone has crashed. */
  host: string;
  pid: number;
  /** Random per attempt; starts with this process's random id and a dot (older versions: no dot). */
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
  const prefix = [DESCRIPTION_PREFIX, OLD_DESCRIPTION_PREFIX].find((candidate) =>
    description?.startsWith(candidate),
  );
  const json = prefix === undefined ? undefined : description?.slice(prefix.length);
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
  if (holder.host !== lockHostname()) return false;
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

/** Every marker flow of the realm: normally at most one, but see {@link acquireApplyLock} on duplicates. */
async function findMarkers(client: KcAdminClient, realm: string) {
  const flows = await client.authenticationManagement.getFlows({ realm });
  return flows.filter((flow) => flow.alias === APPLY_LOCK_ALIAS && flow.id !== undefined);
}

/**
 * Tokens of the locks this process holds or is taking right now. Every caller in one process has the same host and
 * pid, so a marker naming this process is a live lock only when its token is in here; any other is a leftover of this
 * process (an attempt that lost a race, or a release that failed) and blocks nobody.
 */
const liveTokens = new Set<string>();

/**
 * Starts every token of this process: two containers can share host name and pid 1, so host and pid alone cannot
 * tell this process's markers from another's.
 */
const PROCESS_INSTANCE = randomBytes(6).toString('hex');

/** Why a marker no longer holds the realm, or undefined when it does. */
function staleness(holder: ApplyLockHolder | undefined): string | undefined {
  if (holder === undefined) return "not in Keyward's format";
  if (Date.parse(holder.expiresAt) <= Date.now()) return 'expired';
  if (holder.token.startsWith(`${PROCESS_INSTANCE}.`)) {
    return liveTokens.has(holder.token) ? undefined : 'left behind by this process';
  }
  return crashedHere(holder) ? 'its process has ended' : undefined;
}

/** Keycloak stores a flow description in at most 255 characters (longer ones make the create fail). */
export const MAX_DESCRIPTION_LENGTH = 255;

/** The host as stored in a marker: cut so that the description fits, and compared cut the same way. */
const lockHostname = (): string => hostname().slice(0, 32);

const cut = (text: string, excess: number): string =>
  excess <= 0 ? text : `${text.slice(0, Math.max(0, text.length - excess - 1))}…`;

/**
 * The description for a holder, fitting Keycloak's column: the owner is cut (with `…`) first; for a very long owner
 * and host name the host too, which only means a crash of that holder is not noticed before its lock expires.
 */
export function describeApplyLockHolder(holder: ApplyLockHolder): string {
  const owner = cut(holder.owner, describe(holder).length - MAX_DESCRIPTION_LENGTH);
  const shorter = {
    ...holder,
    owner: owner.length >= 8 ? owner : cut(holder.owner, holder.owner.length - 8),
  };
  return describe({ ...shorter, host: cut(shorter.host, describe(shorter).length - MAX_DESCRIPTION_LENGTH) });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the realm's apply lock, waiting up to `waitMs` for another apply to finish. A marker whose expiry has passed,
 * whose holder ran on this host and is gone (its apply crashed), that this process left behind, or that is not in
 * Keyward's format is removed and the lock taken. Fails with APPLY_LOCKED, naming the holder and its expiry, when the
 * wait runs out.
 *
 * Keycloak refuses a second flow with the same alias only by looking first (no database constraint), so two creates
 * at the same moment can both succeed. After its create an apply therefore reads every marker: it holds the lock
 * only when its own is the only live one; otherwise it removes its own and waits. Of two applies that both created
 * one, at least the later reader sees both, so two never hold the lock at once; when both see both, both back off
 * for a random time and try again.
 */
export async function acquireApplyLock(
  client: KcAdminClient,
  realm: string,
  options: ApplyLockOptions = {},
): Promise<ApplyLock> {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  const owner = options.owner ?? defaultOwner();
  let waiting = false;
  for (;;) {
    const now = new Date();
    const holder: ApplyLockHolder = {
      owner,
      host: lockHostname(),
      pid: process.pid,
      token: `${PROCESS_INSTANCE}.${randomBytes(9).toString('hex')}`,
      acquiredAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    };
    liveTokens.add(holder.token);
    let held: ApplyLock | undefined;
    try {
      held = await attempt(client, realm, holder, ttlMs);
    } finally {
      if (held === undefined) liveTokens.delete(holder.token);
    }
    if (held !== undefined) return held;

    const markers = await findMarkers(client, realm);
    let current: ApplyLockHolder | undefined;
    for (const marker of markers) {
      const markerHolder = parseApplyLockHolder(marker.description);
      if (staleness(markerHolder) === undefined) {
        current ??= markerHolder;
        continue;
      }
      // Deleting by id removes exactly the stale marker: a fresh one created meanwhile has another id.
      await client.authenticationManagement
        .deleteFlow({ realm, flowId: marker.id as string })
        .catch(() => undefined);
    }
    if (current === undefined) continue;
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
    // A little randomness, so that two applies that backed off from each other do not meet again.
    await sleep(pollMs / 2 + Math.random() * pollMs);
  }
}

/**
 * One try: creates this holder's marker and keeps it when it is the only live one. Returns undefined (having
 * removed its own marker, if created) when another apply holds the realm or created a marker at the same moment.
 */
async function attempt(
  client: KcAdminClient,
  realm: string,
  holder: ApplyLockHolder,
  ttlMs: number,
): Promise<ApplyLock | undefined> {
  try {
    await client.authenticationManagement.createFlow({
      realm,
      alias: APPLY_LOCK_ALIAS,
      description: describeApplyLockHolder(holder),
      providerId: 'basic-flow',
      topLevel: true,
      builtIn: false,
    });
  } catch (error) {
    if (isConflict(error)) return undefined;
    throw error;
  }
  const markers = await findMarkers(client, realm);
  const mine = markers.find((marker) => parseApplyLockHolder(marker.description)?.token === holder.token);
  // Gone: someone removed it as stale between the create and the read.
  if (mine?.id === undefined) return undefined;
  const others = markers.filter((marker) => marker !== mine);
  const rivals = others.filter((marker) => staleness(parseApplyLockHolder(marker.description)) === undefined);
  if (rivals.length > 0) {
    await client.authenticationManagement.deleteFlow({ realm, flowId: mine.id }).catch(() => undefined);
    return undefined;
  }
  // Stale markers next to ours would hold up other processes after our release (they cannot tell them stale).
  for (const stale of others) {
    await client.authenticationManagement
      .deleteFlow({ realm, flowId: stale.id as string })
      .catch(() => undefined);
  }
  return heldLock(client, realm, mine.id, holder, ttlMs);
}

function heldLock(
  client: KcAdminClient,
  realm: string,
  flowId: string,
  holder: ApplyLockHolder,
  ttlMs: number,
): ApplyLock {
  let current = holder;
  // By id, never by alias: another marker with the same alias may exist for a moment (see acquireApplyLock).
  const stillOurs = async () =>
    (await findMarkers(client, realm)).some(
      (marker) => marker.id === flowId && parseApplyLockHolder(marker.description)?.token === holder.token,
    );
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
          description: describeApplyLockHolder(current),
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
        // Releasing is best effort: an unreleased lock expires by itself, and this process removes it at once.
      } finally {
        liveTokens.delete(holder.token);
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
