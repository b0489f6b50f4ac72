import { createHash } from 'node:crypto';
import {
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  unlink,
} from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeywardError } from '../../errors.js';

/** What a built Keycloak depends on; two starts with equal inputs share one build. */
export interface BuildInputs {
  readonly version: string;
  /** SHA-256 (hex) of the extension JAR, or null for a plain Keycloak. */
  readonly extensionSha256: string | null;
  /** Every `kc.sh build` option, in the order passed (a later option may override an earlier one). */
  readonly buildOptions: readonly string[];
}

/**
 * The cache directory name of a build, e.g. `26.7.3-1f0c…` (16 hex digits). The version stays readable so a
 * person can tell builds apart; the hash covers everything that changes the built server.
 */
export function buildKey(inputs: BuildInputs): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify({
        version: inputs.version,
        extension: inputs.extensionSha256,
        buildOptions: inputs.buildOptions,
      }),
    )
    .digest('hex');
  return `${inputs.version}-${digest.slice(0, 16)}`;
}

/** SHA-256 (hex) of some bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True when a process with this id exists (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates the lock file exclusively, or removes it when its holder died without releasing it. A lock file
 * without a readable pid is young (its holder is between creating and writing it) unless it is old.
 */
async function tryAcquire(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  }
  try {
    const holder = Number((await readFile(lockPath, 'utf8')).trim());
    const stale = holder > 0 ? !isProcessAlive(holder) : Date.now() - (await stat(lockPath)).mtimeMs > 30_000;
    if (stale) {
      await unlink(lockPath);
    }
  } catch {
    // The holder released it meanwhile; try again.
  }
  return false;
}

/** Runs `work` while holding an inter-process lock file; waits for other holders up to `timeoutMs`. */
export async function withLock<T>(
  lockPath: string,
  work: () => Promise<T>,
  timeoutMs = 20 * 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!(await tryAcquire(lockPath))) {
    if (Date.now() > deadline) {
      throw new KeywardError(
        'KEYCLOAK_START_FAILED',
        `Timed out waiting for ${lockPath}; remove it if stale.`,
      );
    }
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/** Like `withLock`, but skips `work` (returning undefined) when someone else holds the lock. */
export async function ifUnlocked<T>(lockPath: string, work: () => Promise<T>): Promise<T | undefined> {
  // A first attempt may only clear a dead holder's lock; the second then takes it.
  if (!(await tryAcquire(lockPath)) && !(await tryAcquire(lockPath))) {
    return undefined;
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/**
 * Removes `<prefix><pid>` entries of `dir` whose process is gone: the leftovers of an interrupted fetch or
 * build. A live process's entry is its work in progress and stays.
 */
export async function removeAbandoned(dir: string, prefix: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [])) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && pid > 0 && !isProcessAlive(pid)) {
      await rm(join(dir, name), { recursive: true, force: true });
    }
  }
}

/**
 * Recreates `source` at `target` with hard links: each server gets its own tree in milliseconds and without
 * extra disk, while the cached build stays pristine as long as Keycloak only replaces files, never edits
 * them in place (true for `start --optimized`, which writes only under `data/`). Falls back to copying
 * across file systems. Top-level names in `skip` are left out.
 */
export async function linkTree(source: string, target: string, skip: readonly string[] = []): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    if (skip.includes(entry.name)) {
      continue;
    }
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) {
      await linkTree(from, to);
    } else if (entry.isSymbolicLink()) {
      await symlink(await readlink(from), to);
    } else {
      await link(from, to).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') {
          throw error;
        }
        await copyFile(from, to);
      });
    }
  }
}
