import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { isProcessAlive } from './cache.js';

const execFileAsync = promisify(execFile);

/** One row of `ps`. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** `ps` state letters; `Z…` is a zombie, already dead. */
  readonly state: string;
  readonly args: string;
}

/** Parses `ps -o pid=,ppid=,pgid=,stat=,args=` output. */
export function parsePs(output: string): ProcessInfo[] {
  const rows: ProcessInfo[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match) {
      const [, pid, ppid, pgid, state, args] = match;
      rows.push({
        pid: Number(pid),
        ppid: Number(ppid),
        pgid: Number(pgid),
        state: state ?? '',
        args: args ?? '',
      });
    }
  }
  return rows;
}

/** The living (non-zombie) members of a process group; `ps` works alike on Linux and macOS. */
export async function processGroupMembers(pgid: number): Promise<ProcessInfo[]> {
  const { stdout } = await execFileAsync('ps', ['-ww', '-eo', 'pid=,ppid=,pgid=,stat=,args='], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return parsePs(stdout).filter((row) => row.pgid === pgid && !row.state.startsWith('Z'));
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

async function waitUntilGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await processGroupMembers(pgid)).length === 0) {
      return true;
    }
    await sleep(200);
  }
  return false;
}

/**
 * Stops a whole process group: SIGTERM so Keycloak shuts down cleanly, then SIGKILL to whatever is left
 * after `graceMs`. Resolves when no member is alive.
 */
export async function stopProcessGroup(pgid: number, graceMs = 20_000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  if (!(await waitUntilGone(pgid, graceMs))) {
    signalGroup(pgid, 'SIGKILL');
    await waitUntilGone(pgid, 10_000);
  }
}

/**
 * `sh` wrapper that runs `kc.sh` (and so the JVM) in its own process group and watches its parent, the
 * Node process. When that parent dies, however it dies (SIGKILL included), the wrapper is re-parented and
 * the watchdog subshell terminates the group, then kills it after 20 s. The wrapper ignores SIGTERM so
 * that a group-wide SIGTERM reaches Keycloak while the wrapper stays to report Keycloak's exit status.
 * `$$` is the wrapper's pid even inside the subshell.
 */
const WATCHDOG = `
parent=$1
shift
"$@" </dev/null &
keycloak=$!
trap '' TERM INT HUP
(
  while [ "$(ps -o ppid= -p $$ 2>/dev/null | tr -d ' ')" = "$parent" ]; do sleep 1; done
  kill -TERM 0
  waited=0
  while kill -0 "$keycloak" 2>/dev/null && [ "$waited" -lt 20 ]; do sleep 1; waited=$((waited + 1)); done
  kill -KILL 0
) </dev/null &
watchdog=$!
wait "$keycloak"
status=$?
kill -KILL "$watchdog" 2>/dev/null
exit "$status"
`;

/** Starts `command` under the watchdog; the returned child's pid is also the process group id. */
export function spawnSupervised(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFd: number },
): ChildProcess {
  return spawn('/bin/sh', ['-c', WATCHDOG, 'keyward-keycloak', String(process.pid), command, ...args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', options.logFd, options.logFd],
  });
}

/**
 * A pidfile in `<cache>/run/`: who started which server where. A later start uses it to stop servers whose
 * owner died while its watchdog was killed too, and to remove their temporary directories.
 */
export interface InstanceRecord {
  /** The Node process that owns the server. */
  readonly ownerPid: number;
  readonly instanceDir: string;
  /** Keycloak's home; every process of the server names it on its command line, which proves it is ours. */
  readonly home: string;
  /** Whether `instanceDir` is temporary and is removed with the server. */
  readonly ephemeral: boolean;
  /** The watchdog's process group, once spawned. */
  readonly pgid?: number;
  /** The JVM, once ready. */
  readonly pid?: number;
}

/** Writes a record atomically, so a reader never sees half of it. */
export async function writeInstanceRecord(runDir: string, id: string, record: InstanceRecord): Promise<void> {
  await mkdir(runDir, { recursive: true });
  const file = join(runDir, `${id}.json`);
  await writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(record));
  await rename(`${file}.${process.pid}.tmp`, file);
}

/** Deletes a record. */
export async function removeInstanceRecord(runDir: string, id: string): Promise<void> {
  await rm(join(runDir, `${id}.json`), { force: true });
}

/** Every record in `runDir`, with its id. */
export async function readInstanceRecords(
  runDir: string,
): Promise<Array<{ id: string; record: InstanceRecord }>> {
  const records: Array<{ id: string; record: InstanceRecord }> = [];
  for (const name of await readdir(runDir).catch(() => [])) {
    if (!name.endsWith('.json')) {
      continue;
    }
    try {
      records.push({
        id: name.slice(0, -'.json'.length),
        record: JSON.parse(await readFile(join(runDir, name), 'utf8')),
      });
    } catch {
      // Removed meanwhile by its owner.
    }
  }
  return records;
}

/**
 * Stops servers whose owning Node process is gone and removes their temporary directories. A process group
 * is only signalled when one of its members names the recorded Keycloak home, so a recycled pid never
 * makes us kill someone else's process. Returns how many records were reaped.
 */
export async function reapStrays(runDir: string): Promise<number> {
  let reaped = 0;
  for (const { id, record } of await readInstanceRecords(runDir)) {
    if (isProcessAlive(record.ownerPid)) {
      continue;
    }
    if (record.pgid) {
      const members = await processGroupMembers(record.pgid);
      if (members.some((member) => member.args.includes(record.home))) {
        await stopProcessGroup(record.pgid, 10_000);
      }
    }
    if (record.ephemeral) {
      await rm(record.instanceDir, { recursive: true, force: true }).catch(() => undefined);
    }
    await removeInstanceRecord(runDir, id);
    reaped += 1;
  }
  return reaped;
}
