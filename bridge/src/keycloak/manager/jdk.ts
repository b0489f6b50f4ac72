import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KeywardError } from '../../errors.js';

const execFileAsync = promisify(execFile);

/** Keycloak 26.6+ runs on Java 21 and 25 (SPEC §10). */
export const MINIMUM_JAVA_MAJOR = 21;

/** A Java runtime that can run Keycloak. */
export interface Jdk {
  /** The `java` executable; handed to `kc.sh` as `JAVA`. */
  readonly java: string;
  /** The runtime's home directory, when known; handed to `kc.sh` as `JAVA_HOME`. */
  readonly javaHome?: string;
  /** The full version, e.g. `25.0.3`. */
  readonly version: string;
}

/**
 * The feature release of a Java version string: `25.0.3` → 25, `21` → 21, `17-ea` → 17, and the legacy
 * `1.8.0_392` → 8. Returns undefined for text that is not a Java version.
 */
export function javaMajor(version: string): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match?.[1]) {
    return undefined;
  }
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** `JAVA_VERSION` from the text of a JDK's `release` file, e.g. `JAVA_VERSION="25.0.3"` → `25.0.3`. */
export function parseJavaRelease(releaseText: string): string | undefined {
  return /^JAVA_VERSION="?([^"\r\n]+)"?\s*$/m.exec(releaseText)?.[1];
}

/** The version printed by `java -version` (on stderr), e.g. `openjdk version "17.0.15" 2025-04-15`. */
export function parseJavaVersionOutput(output: string): string | undefined {
  return /version "([^"]+)"/.exec(output)?.[1];
}

async function releaseVersion(javaHome: string): Promise<string | undefined> {
  try {
    return parseJavaRelease(await readFile(join(javaHome, 'release'), 'utf8'));
  } catch {
    return undefined;
  }
}

async function executableVersion(java: string): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await execFileAsync(java, ['-version'], { timeout: 15_000 });
    return parseJavaVersionOutput(`${stderr}\n${stdout}`);
  } catch {
    return undefined;
  }
}

/** The JDK homes installed in the usual places of Debian/Ubuntu/Fedora and macOS. */
async function installedJavaHomes(): Promise<string[]> {
  const homes: string[] = [];
  const roots: Array<[string, string]> = [
    ['/usr/lib/jvm', ''],
    ['/Library/Java/JavaVirtualMachines', 'Contents/Home'],
  ];
  for (const [root, suffix] of roots) {
    try {
      for (const entry of await readdir(root, { withFileTypes: true })) {
        if (entry.isDirectory() || entry.isSymbolicLink()) {
          homes.push(join(root, entry.name, suffix));
        }
      }
    } catch {
      // This root does not exist on this platform.
    }
  }
  return homes;
}

/**
 * Finds a JDK that runs Keycloak: `JAVA_HOME` when it is new enough, else the newest suitable JDK under
 * `/usr/lib/jvm` (or macOS's JavaVirtualMachines), else `java` on the PATH. Throws `JDK_NOT_FOUND` listing
 * everything it looked at, because a machine's default `java` is often older than Keycloak needs.
 */
export async function findJdk(env: NodeJS.ProcessEnv): Promise<Jdk> {
  const seen: string[] = [];
  const majorOf = (version: string | undefined) => javaMajor(version ?? '') ?? 0;
  const suitable = (version: string | undefined) => majorOf(version) >= MINIMUM_JAVA_MAJOR;

  if (env.JAVA_HOME) {
    const java = join(env.JAVA_HOME, 'bin', 'java');
    const version = (await releaseVersion(env.JAVA_HOME)) ?? (await executableVersion(java));
    if (version && suitable(version)) {
      return { java, javaHome: env.JAVA_HOME, version };
    }
    seen.push(`JAVA_HOME=${env.JAVA_HOME} (${version ?? 'no version found'})`);
  }

  let best: Jdk | undefined;
  for (const javaHome of await installedJavaHomes()) {
    const version = await releaseVersion(javaHome);
    if (!version) {
      continue;
    }
    seen.push(`${javaHome} (${version})`);
    if (suitable(version) && majorOf(version) > majorOf(best?.version)) {
      best = { java: join(javaHome, 'bin', 'java'), javaHome, version };
    }
  }
  if (best) {
    return best;
  }

  const pathVersion = await executableVersion('java');
  if (pathVersion && suitable(pathVersion)) {
    return { java: 'java', version: pathVersion };
  }
  seen.push(`java on PATH (${pathVersion ?? 'not found'})`);

  throw new KeywardError(
    'JDK_NOT_FOUND',
    `Keycloak needs a JDK ${MINIMUM_JAVA_MAJOR} or newer. Looked at: ${seen.join('; ')}. ` +
      `Install JDK ${MINIMUM_JAVA_MAJOR} or 25 and point JAVA_HOME at it.`,
  );
}
