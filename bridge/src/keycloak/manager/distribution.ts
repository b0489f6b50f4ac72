import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeywardError } from '../../errors.js';
import { buildKey, exists, ifUnlocked, linkTree, removeAbandoned, sha256, withLock } from './cache.js';
import { findJdk, type Jdk } from './jdk.js';
import { keywardCacheDir } from './paths.js';
import {
  type InstanceRecord,
  processGroupMembers,
  readInstanceRecords,
  reapStrays,
  removeInstanceRecord,
  spawnSupervised,
  stopProcessGroup,
  writeInstanceRecord,
} from './process.js';
import type { KeycloakServer, ResolvedStartOptions } from './types.js';

/** Build-time options every Keyward build has: the file database and the health and metrics endpoints. */
export const BASE_BUILD_OPTIONS = [
  '--db=dev-file',
  '--health-enabled=true',
  '--metrics-enabled=true',
] as const;

/** Builds kept in the cache, the one in use included; older ones are removed (running servers keep theirs). */
const BUILDS_KEPT = 3;

/** Lines of Keycloak's log quoted in a start failure. */
const LOG_TAIL_LINES = 40;

/** The last `lines` lines of a text file, or a note when it cannot be read. */
async function tail(file: string, lines: number): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(${file} could not be read)`;
  }
}

/**
 * Runs a command to completion with its output in `logFile`; resolves to its exit code (127: not found).
 * It runs under the watchdog too, so a Maven download or a build JVM does not outlive this process.
 */
async function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
) {
  const log = await open(logFile, 'w');
  try {
    const child = spawnSupervised(command, args, { cwd, env, logFd: log.fd });
    return await new Promise<number>((resolvePromise, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
    });
  } finally {
    await log.close();
  }
}

/** Keycloak reads `KC_*` variables as configuration; a caller's leftovers must not change our server. */
function withoutKeycloakConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('KC_')));
}

function javaEnv(env: NodeJS.ProcessEnv, jdk: Jdk): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...withoutKeycloakConfig(env), JAVA: jdk.java };
  if (jdk.javaHome) {
    result.JAVA_HOME = jdk.javaHome;
  }
  return result;
}

/**
 * The unpacked distribution `<cache>/dist/keycloak-<version>`, fetched once through Maven so the download
 * is checksum-verified and reuses `~/.m2`. It is unpacked into a temporary directory and renamed into place
 * only when complete, so an interrupted fetch leaves nothing that looks usable.
 */
async function ensureDistribution(
  cacheDir: string,
  version: string,
  options: ResolvedStartOptions,
): Promise<string> {
  const distRoot = join(cacheDir, 'dist');
  const target = join(distRoot, `keycloak-${version}`);
  if (await exists(join(target, 'bin', 'kc.sh'))) {
    return target;
  }
  await mkdir(distRoot, { recursive: true });
  return withLock(join(distRoot, `keycloak-${version}.lock`), async () => {
    if (await exists(join(target, 'bin', 'kc.sh'))) {
      return target;
    }
    const prefix = `.tmp-keycloak-${version}-`;
    await removeAbandoned(distRoot, prefix);
    // Maven's unpack leaves marker files in the working directory; a fresh one per attempt keeps a marker
    // from an interrupted run from making Maven skip the unpack.
    const staging = join(distRoot, `${prefix}${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
    options.onProgress(`Fetching Keycloak ${version} through Maven (once per version)…`);
    const logFile = join(staging, 'maven.log');
    const artifact = `org.keycloak:keycloak-quarkus-dist:${version}:zip`;
    const args = ['-B', '-q', '-Dstyle.color=never', 'dependency:unpack', `-Dartifact=${artifact}`];
    const code = await run('mvn', [...args, '-DoutputDirectory=out'], staging, options.env, logFile);
    if (code === 127) {
      await rm(staging, { recursive: true, force: true });
      throw new KeywardError('KEYCLOAK_FETCH_FAILED', 'Fetching Keycloak needs Maven (`mvn`) on the PATH.');
    }
    const unpacked = join(staging, 'out', `keycloak-${version}`);
    if (code !== 0 || !(await exists(join(unpacked, 'bin', 'kc.sh')))) {
      const output = await tail(logFile, LOG_TAIL_LINES);
      await rm(staging, { recursive: true, force: true });
      throw new KeywardError(
        'KEYCLOAK_FETCH_FAILED',
        `Maven could not fetch ${artifact} (exit ${code}):\n${output}`,
      );
    }
    // The zip records the executable bits, but not every unpacker keeps them.
    for (const script of await readdir(join(unpacked, 'bin'))) {
      if (script.endsWith('.sh')) {
        await chmod(join(unpacked, 'bin', script), 0o755);
      }
    }
    await rename(unpacked, target);
    await rm(staging, { recursive: true, force: true });
    return target;
  });
}

/** Runs `kc.sh build` on a full copy of the distribution (the build rewrites files, so no hard links). */
async function build(
  distDir: string,
  buildsRoot: string,
  key: string,
  extension: Uint8Array | null,
  buildOptions: readonly string[],
  jdk: Jdk,
  options: ResolvedStartOptions,
): Promise<void> {
  const prefix = `.tmp-${key}-`;
  await removeAbandoned(buildsRoot, prefix);
  const staging = join(buildsRoot, `${prefix}${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await cp(distDir, staging, { recursive: true, verbatimSymlinks: true });
  if (extension) {
    // The bytes that were hashed, not the file again, which a concurrent `mvn package` may have replaced.
    await writeFile(join(staging, 'providers', 'keyward-keycloak.jar'), extension);
  }
  options.onProgress(
    `Building Keycloak ${options.version} with the Keyward extension (once per extension build)…`,
  );
  const logFile = join(staging, 'keyward-build.log');
  const code = await run(
    join(staging, 'bin', 'kc.sh'),
    ['build', ...buildOptions],
    staging,
    javaEnv(options.env, jdk),
    logFile,
  );
  if (code !== 0) {
    const output = await tail(logFile, LOG_TAIL_LINES);
    await rm(staging, { recursive: true, force: true });
    throw new KeywardError('KEYCLOAK_START_FAILED', `kc.sh build failed (exit ${code}):\n${output}`);
  }
  await writeFile(
    join(staging, 'keyward-build.json'),
    `${JSON.stringify({ version: options.version, extensionSha256: extension && sha256(extension), buildOptions }, null, 2)}\n`,
  );
  await rename(staging, join(buildsRoot, key));
}

/**
 * Removes all but the most recently used builds. Each removal takes that build's lock, so no start is
 * linking from it; running servers are unaffected because their hard links keep the files alive.
 */
async function pruneBuilds(buildsRoot: string, inUse: string): Promise<void> {
  const builds: Array<{ key: string; usedAt: number }> = [];
  for (const entry of await readdir(buildsRoot, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== inUse) {
      builds.push({ key: entry.name, usedAt: (await stat(join(buildsRoot, entry.name))).mtimeMs });
    }
  }
  builds.sort((a, b) => b.usedAt - a.usedAt);
  for (const { key } of builds.slice(BUILDS_KEPT - 1)) {
    await ifUnlocked(join(buildsRoot, `${key}.lock`), () =>
      rm(join(buildsRoot, key), { recursive: true, force: true }),
    );
  }
}

/**
 * Gives the server a fresh Keycloak home: a hard-link copy of the build for `(version, extension,
 * build options)`, building it first when the cache has none. `data/` and the theme are symlinks, so the
 * database outlives the home and theme edits in the repository show without a rebuild.
 */
async function prepareHome(cacheDir: string, instanceDir: string, jdk: Jdk, options: ResolvedStartOptions) {
  const distDir = await ensureDistribution(cacheDir, options.version, options);
  let extension: Uint8Array | null = null;
  if (options.extensionJar) {
    try {
      extension = await readFile(options.extensionJar);
    } catch (cause) {
      throw new KeywardError(
        'KEYCLOAK_START_FAILED',
        `The Keyward extension is not built: ${options.extensionJar} is missing. Run \`npm run build:plugins\`.`,
        { cause },
      );
    }
  }
  const buildOptions = [...BASE_BUILD_OPTIONS, ...options.buildOptions];
  const key = buildKey({
    version: options.version,
    extensionSha256: extension && sha256(extension),
    buildOptions,
  });
  const buildsRoot = join(cacheDir, 'builds');
  await mkdir(buildsRoot, { recursive: true });
  const builtDir = join(buildsRoot, key);
  const home = join(instanceDir, 'home');
  await withLock(join(buildsRoot, `${key}.lock`), async () => {
    if (!(await exists(join(builtDir, 'keyward-build.json')))) {
      await build(distDir, buildsRoot, key, extension, buildOptions, jdk, options);
    }
    const now = new Date();
    await utimes(builtDir, now, now);
    await rm(home, { recursive: true, force: true });
    await linkTree(builtDir, home, ['data']);
  });
  await pruneBuilds(buildsRoot, key);
  await mkdir(join(instanceDir, 'data'), { recursive: true });
  await symlink('../data', join(home, 'data'));
  if (await exists(options.themeDir)) {
    await symlink(await realpath(options.themeDir), join(home, 'themes', 'keyward'));
  }
  return home;
}

/** A free loopback TCP port, found by binding port 0. */
async function freePort(avoid: readonly number[] = []): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolvePromise, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolvePromise(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port > 0 && !avoid.includes(port)) {
      return port;
    }
  }
}

/** Resolves when `/health/ready` answers 200; rejects with the reason when the process exits or time runs out. */
async function waitUntilReady(healthUrl: string, exited: Promise<string>, timeoutMs: number): Promise<void> {
  let exitReason: string | undefined;
  void exited.then((reason) => {
    exitReason = reason;
  });
  const deadline = Date.now() + timeoutMs;
  while (exitReason === undefined) {
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`it was not ready after ${Math.round(timeoutMs / 1000)} s`);
    }
    await sleep(500);
  }
  throw new Error(`it exited (${exitReason}) before it was ready`);
}

function exitReasonOf(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise) => {
    child.once('exit', (code, signal) => resolvePromise(signal ? `signal ${signal}` : `exit code ${code}`));
  });
}

/** Stops servers left behind by dead owners; see `reapStrays`. */
export async function reapStrayKeycloaks(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return reapStrays(join(keywardCacheDir(env), 'run'));
}

/**
 * Starts Keycloak from the cached distribution under a watchdog that stops it when this Node process dies.
 */
export async function startDistribution(options: ResolvedStartOptions): Promise<KeycloakServer> {
  const cacheDir = keywardCacheDir(options.env);
  const runDir = join(cacheDir, 'run');
  const jdk = await findJdk(options.env);
  await reapStrays(runDir);

  const ephemeral = options.dataDir === undefined;
  let instanceDir: string;
  if (options.dataDir === undefined) {
    await mkdir(join(cacheDir, 'instances'), { recursive: true });
    instanceDir = await mkdtemp(join(cacheDir, 'instances', 'kc-'));
  } else {
    await mkdir(options.dataDir, { recursive: true });
    instanceDir = await realpath(options.dataDir);
    const running = (await readInstanceRecords(runDir)).find(
      ({ record }) => record.instanceDir === instanceDir,
    );
    if (running) {
      throw new KeywardError(
        'KEYCLOAK_START_FAILED',
        `A Keycloak started by process ${running.record.ownerPid} already runs in ${instanceDir}.`,
      );
    }
  }
  const id = ephemeral ? basename(instanceDir) : `data-${randomBytes(6).toString('hex')}`;
  const home = join(instanceDir, 'home');
  let record: InstanceRecord = { ownerPid: process.pid, instanceDir, home, ephemeral };
  // Recorded before anything is spawned, so a crash from here on leaves a trace the next start can reap.
  await writeInstanceRecord(runDir, id, record);

  const discard = async () => {
    await removeInstanceRecord(runDir, id);
    if (ephemeral) {
      await rm(instanceDir, { recursive: true, force: true });
    }
  };

  try {
    await prepareHome(cacheDir, instanceDir, jdk, options);
  } catch (error) {
    await discard();
    throw error;
  }

  const httpPort = options.httpPort ?? (await freePort([options.managementPort ?? 0]));
  const managementPort = options.managementPort ?? (await freePort([httpPort]));
  const startOptions = [
    'start',
    '--optimized',
    '--http-enabled=true',
    '--http-host=127.0.0.1',
    `--http-port=${httpPort}`,
    `--http-management-port=${managementPort}`,
    '--hostname-strict=false',
    // Clustering would only add start time and JGroups traffic to a single local server.
    '--cache=local',
    ...(options.devThemes ? ['--spi-theme--cache-themes=false', '--spi-theme--cache-templates=false'] : []),
    ...options.extraOptions,
  ];
  const logFile = join(instanceDir, 'keycloak.log');
  const log = await open(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawnSupervised(join(home, 'bin', 'kc.sh'), startOptions, {
      cwd: home,
      env: {
        ...javaEnv(options.env, jdk),
        KC_BOOTSTRAP_ADMIN_USERNAME: options.adminUsername,
        KC_BOOTSTRAP_ADMIN_PASSWORD: options.adminPassword,
      },
      logFd: log.fd,
    });
  } finally {
    await log.close();
  }
  const pgid = child.pid;
  if (pgid === undefined) {
    await discard();
    throw new KeywardError('KEYCLOAK_START_FAILED', 'Could not spawn /bin/sh to run Keycloak.');
  }
  const exited = exitReasonOf(child);
  // A clean Node exit need not wait for the watchdog's next poll.
  const onExit = () => {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', onExit);
  record = { ...record, pgid };
  await writeInstanceRecord(runDir, id, record);

  options.onProgress(
    `Starting Keycloak ${options.version} on http://localhost:${httpPort} (log: ${logFile})…`,
  );
  const stop = async () => {
    process.removeListener('exit', onExit);
    await stopProcessGroup(pgid);
    await removeInstanceRecord(runDir, id);
    if (ephemeral) {
      await rm(instanceDir, { recursive: true, force: true });
    }
  };

  try {
    await waitUntilReady(`http://127.0.0.1:${managementPort}/health/ready`, exited, options.startTimeoutMs);
  } catch (error) {
    process.removeListener('exit', onExit);
    await stopProcessGroup(pgid);
    await rm(home, { recursive: true, force: true });
    if (!ephemeral) {
      await removeInstanceRecord(runDir, id);
    }
    // A temporary directory keeps its log for the person reading this error; its record stays too, so a
    // start after this process has exited reaps it.
    throw new KeywardError(
      'KEYCLOAK_START_FAILED',
      `Keycloak did not start: ${(error as Error).message}. Log: ${logFile}\n` +
        `--- last ${LOG_TAIL_LINES} lines ---\n${await tail(logFile, LOG_TAIL_LINES)}`,
    );
  }

  const jvm = (await processGroupMembers(pgid)).find((member) => member.args.includes('-Dkc.home.dir='));
  record = { ...record, pid: jvm?.pid };
  await writeInstanceRecord(runDir, id, record);

  let stopping: Promise<void> | undefined;
  return {
    url: `http://localhost:${httpPort}`,
    adminUsername: options.adminUsername,
    adminPassword: options.adminPassword,
    backend: 'distribution',
    logFile,
    pid: jvm?.pid,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}
