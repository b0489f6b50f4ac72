import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { KeywardError } from '../../errors.js';
import { exists } from './cache.js';
import type { KeycloakServer, ResolvedStartOptions } from './types.js';

/**
 * True when a Docker-compatible engine answers. testcontainers only probes configured hosts and socket
 * files that exist, so this is quick without an engine; the timeout bounds a configured host that hangs.
 */
export async function dockerAvailable(timeoutMs = 5_000): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer')), timeoutMs);
  });
  try {
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts Keycloak's official image in dev mode with the extension and theme copied in, and with `dataDir`
 * (when given) mounted as its data directory so the database survives. testcontainers' Ryuk sidecar removes
 * the container when this process dies, the container-world twin of the watchdog.
 */
export async function startDocker(options: ResolvedStartOptions): Promise<KeycloakServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  let container = new GenericContainer(`quay.io/keycloak/keycloak:${options.version}`)
    .withEnvironment({
      KC_BOOTSTRAP_ADMIN_USERNAME: options.adminUsername,
      KC_BOOTSTRAP_ADMIN_PASSWORD: options.adminPassword,
    })
    .withExposedPorts(
      options.httpPort ? { container: 8080, host: options.httpPort } : 8080,
      options.managementPort ? { container: 9000, host: options.managementPort } : 9000,
    )
    .withCommand([
      'start-dev',
      '--health-enabled=true',
      '--metrics-enabled=true',
      ...options.buildOptions,
      ...options.extraOptions,
    ])
    .withWaitStrategy(Wait.forHttp('/health/ready', 9000).forStatusCode(200))
    .withStartupTimeout(options.startTimeoutMs);
  if (options.extensionJar) {
    if (!(await exists(options.extensionJar))) {
      throw new KeywardError(
        'KEYCLOAK_START_FAILED',
        `The Keyward extension is not built: ${options.extensionJar} is missing. Run \`npm run build:plugins\`.`,
      );
    }
    container = container.withCopyFilesToContainer([
      { source: options.extensionJar, target: '/opt/keycloak/providers/keyward-keycloak.jar' },
    ]);
  }
  if (await exists(options.themeDir)) {
    container = container.withCopyDirectoriesToContainer([
      { source: options.themeDir, target: '/opt/keycloak/themes/keyward' },
    ]);
  }

  if (options.dataDir) {
    // The dev-file database lives in /opt/keycloak/data; the image's user (uid 1000) must be able to write.
    const data = join(options.dataDir, 'docker-data');
    await mkdir(data, { recursive: true });
    await chmod(data, 0o777);
    container = container.withBindMounts([{ source: data, target: '/opt/keycloak/data', mode: 'rw' }]);
  }

  options.onProgress(`Starting Keycloak ${options.version} in Docker…`);
  let started: Awaited<ReturnType<typeof container.start>>;
  try {
    started = await container.start();
  } catch (cause) {
    throw new KeywardError(
      'KEYCLOAK_START_FAILED',
      `Keycloak did not start in Docker: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const host = started.getHost();
  // WebAuthn needs a domain, so a local engine is reached as localhost.
  const urlHost = host === '127.0.0.1' || host === '::1' ? 'localhost' : host;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${started.getMappedPort(8080)}`,
    adminUsername: options.adminUsername,
    adminPassword: options.adminPassword,
    backend: 'docker',
    stop: () => {
      stopping ??= started.stop().then(() => undefined);
      return stopping;
    },
  };
}
