/**
 * Starts one Keycloak for the whole integration run and hands it to the tests through `inject('keycloak')`.
 * Test files isolate themselves by creating their own realms, so they share this one server.
 */
import type { TestProject } from 'vitest/node';
import { startKeycloak } from '../../bridge/src/keycloak/manager/index.js';
import { TRUSTED_PROXY_ADDRESS } from './proxy.js';

/** What `inject('keycloak')` returns: the server and the bootstrap admin of its master realm. */
export interface ProvidedKeycloak {
  url: string;
  adminUsername: string;
  adminPassword: string;
  backend: 'external' | 'docker' | 'distribution';
  /** Keycloak's console output, to read when a test fails (distribution backend only). */
  logFile?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    keycloak: ProvidedKeycloak;
  }
}

/** vitest global setup: start Keycloak, provide it, and return the teardown that stops it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = Date.now();
  const server = await startKeycloak({
    // A request from 127.0.0.2 counts as coming through a trusted proxy, so its X-Forwarded-For is believed; one
    // from 127.0.0.1 does not (test/integration/conditional-access.test.ts signs in from both).
    extraOptions: ['--proxy-headers=xforwarded', `--proxy-trusted-addresses=${TRUSTED_PROXY_ADDRESS}`],
    onProgress: (message) => process.stderr.write(`[keycloak] ${message}\n`),
  });
  process.stderr.write(
    `[keycloak] ${server.backend} server ready at ${server.url} in ${Math.round((Date.now() - startedAt) / 1000)} s\n`,
  );
  project.provide('keycloak', {
    url: server.url,
    adminUsername: server.adminUsername,
    adminPassword: server.adminPassword,
    backend: server.backend,
    logFile: server.logFile,
  });
  return () => server.stop();
}
