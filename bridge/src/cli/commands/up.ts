import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '../../api/index.js';
import { startKeycloak } from '../../keycloak/manager/index.js';
import { applyCommand } from './reconcile.js';
import { startProvisionedBridge } from './serve.js';

const repoPath = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/** The demo realm's accounts, as `realm-config/demo.base.json` defines them. */
const DEMO_ACCOUNTS = [
  { username: 'alice', password: 'Demo-Alice-1', note: 'realm admin: MFA at every sign-in' },
  {
    username: 'bob',
    password: 'Demo-Bob-1',
    note: 'ordinary user: registers an authenticator at first sign-in',
  },
  { username: 'break-glass-1', password: 'Demo-BreakGlass-1', note: 'emergency account' },
];

/**
 * `keyward up`: the embedded default. Starts Keycloak with the extension and theme (fetching and building
 * it the first time), applies `realm-config/demo.yaml` to the `demo` realm, prints where to go, and keeps
 * Keycloak running until interrupted. State lives in `.keyward/` so the demo survives restarts.
 */
export async function upCommand(options: { port: number; bridgePort?: number }): Promise<void> {
  buildExtensionIfStale((message) => process.stderr.write(`keyward up: ${message}\n`));
  const server = await startKeycloak({
    dataDir: repoPath('.keyward/keycloak'),
    httpPort: options.port,
    managementPort: options.port + 1000,
    devThemes: true,
    onProgress: (message) => process.stderr.write(`keyward up: ${message}\n`),
  });
  let bridge: RunningServer | undefined;
  const stop = async () => {
    process.stderr.write('keyward up: stopping Keycloak…\n');
    await bridge?.close(2_000);
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    process.env.KEYWARD_ADMIN_USERNAME ??= server.adminUsername;
    process.env.KEYWARD_ADMIN_PASSWORD ??= server.adminPassword;
    await applyCommand({
      file: repoPath('realm-config/demo.yaml'),
      realm: 'demo',
      keycloakUrl: server.url,
      output: 'table',
      createRealm: true,
      base: repoPath('realm-config/demo.base.json'),
    });
    bridge = await startProvisionedBridge({
      keycloakUrl: server.url,
      realms: ['demo'],
      clients: ['demo-app'],
      port: options.bridgePort ?? 8090,
      host: '127.0.0.1',
      logLevel: process.env.KEYWARD_LOG_LEVEL ?? 'warn',
    });
  } catch (error) {
    await server.stop();
    throw error;
  }

  const lines = [
    '',
    'Keyward is up.',
    `  Keycloak admin console  ${server.url}/admin/  (${server.adminUsername} / ${server.adminPassword})`,
    `  Demo realm console      ${server.url}/admin/demo/console/`,
    `  Demo account portal     ${server.url}/realms/demo/account/`,
    `  Keyward API (bridge)    ${bridge.url.replace('127.0.0.1', 'localhost')}/openapi.json  (tokens from demo-app with scope keyward-bridge)`,
    `  Security info portal    ${bridge.url.replace('127.0.0.1', 'localhost')}/portal/demo/`,
    '  Demo accounts (realm demo):',
    ...DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(14)} ${a.password.padEnd(18)} ${a.note}`),
    '',
    'Next: edit realm-config/demo.yaml, then `npm run keyward -- plan -f realm-config/demo.yaml --realm demo`.',
    'Press Ctrl-C to stop Keycloak and the bridge.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  // Keep the process (and with it Keycloak's watchdog) alive until a signal arrives.
  setInterval(() => {}, 1 << 30);
  await new Promise<never>(() => {});
}

/** Newest modification time of any file below a directory. */
function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the extension JAR with Maven when it is missing or older than its sources or pom. */
function buildExtensionIfStale(progress: (message: string) => void): void {
  const jar = repoPath('plugins/target/keyward-keycloak.jar');
  const jarTime = (() => {
    try {
      return statSync(jar).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = Math.max(
    newestMtime(repoPath('plugins/src/main')),
    statSync(repoPath('plugins/pom.xml')).mtimeMs,
  );
  if (jarTime >= sources) return;
  progress('building the Keycloak extension (mvn package)…');
  execFileSync('mvn', ['-B', '-q', '-f', repoPath('plugins/pom.xml'), 'package', '-DskipTests'], {
    stdio: 'inherit',
  });
}
