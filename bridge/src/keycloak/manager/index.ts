import { resolve } from 'node:path';
import { reapStrayKeycloaks, startDistribution } from './distribution.js';
import { dockerAvailable, startDocker } from './docker.js';
import { connectExternal } from './external.js';
import { repoPath } from './paths.js';
import type { KeycloakBackend, KeycloakServer, ResolvedStartOptions, StartKeycloakOptions } from './types.js';
import { keycloakVersion } from './version.js';

export type { KeycloakBackend, KeycloakServer, StartKeycloakOptions };
export { keycloakVersion, reapStrayKeycloaks };

function checkPort(name: string, port: number | undefined): void {
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new TypeError(`options.${name} must be a TCP port number, got ${port}`);
  }
}

/**
 * Gives a running Keycloak with Keyward's extension and theme. The backend is, in this order: the server
 * at `KEYWARD_KEYCLOAK_URL` (nothing is started or stopped), Keycloak's image when a Docker engine
 * answers, or Keycloak's distribution fetched through Maven, built once per extension build and run on a
 * local JDK 21+. Call `stop()` on the result; the distribution backend also stops Keycloak by itself when
 * this process dies.
 */
export async function startKeycloak(options: StartKeycloakOptions = {}): Promise<KeycloakServer> {
  checkPort('httpPort', options.httpPort);
  checkPort('managementPort', options.managementPort);
  const env = options.env ?? process.env;
  const backend: KeycloakBackend =
    options.backend ??
    (env.KEYWARD_KEYCLOAK_URL ? 'external' : (await dockerAvailable()) ? 'docker' : 'distribution');
  if (backend === 'external') {
    return connectExternal(env);
  }
  const resolved: ResolvedStartOptions = {
    version: options.version ?? (await keycloakVersion()),
    extensionJar:
      options.extensionJar === false
        ? false
        : resolve(options.extensionJar ?? repoPath('plugins', 'target', 'keyward-keycloak.jar')),
    themeDir: resolve(options.themeDir ?? repoPath('themes', 'keyward')),
    dataDir: options.dataDir === undefined ? undefined : resolve(options.dataDir),
    httpPort: options.httpPort,
    managementPort: options.managementPort,
    adminUsername: options.adminUsername ?? 'admin',
    adminPassword: options.adminPassword ?? 'admin',
    extraOptions: options.extraOptions ?? [],
    buildOptions: options.buildOptions ?? [],
    devThemes: options.devThemes ?? false,
    startTimeoutMs: options.startTimeoutMs ?? 180_000,
    env,
    onProgress: options.onProgress ?? (() => undefined),
  };
  return backend === 'docker' ? startDocker(resolved) : startDistribution(resolved);
}
