import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's place in `bridge/src/keycloak/manager/`. */
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

/** A path inside the repository. */
export function repoPath(...segments: string[]): string {
  return join(repoRoot, ...segments);
}

/**
 * Keyward's cache: `KEYWARD_CACHE_DIR`, else `$XDG_CACHE_HOME/keyward`, else `~/.cache/keyward`. It lives
 * outside the repository because a Keycloak distribution is ~200 MB and is shared by every checkout.
 */
export function keywardCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.KEYWARD_CACHE_DIR) {
    return resolve(env.KEYWARD_CACHE_DIR);
  }
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(base, 'keyward');
}
