/**
 * CPU time from Linux's `/proc`: one process's (the Keycloak JVM, all its threads) and the whole machine's,
 * in seconds. A benchmark reads both before and after a phase; the differences say what the phase cost the
 * server and how busy the machine was with anything else.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

/** Kernel clock ticks per second (`getconf CLK_TCK`), the unit of `/proc` CPU times; 100 on Linux. */
export async function clockTicksPerSecond(): Promise<number> {
  const { stdout } = await promisify(execFile)('getconf', ['CLK_TCK']);
  const ticks = Number(stdout.trim());
  if (!Number.isInteger(ticks) || ticks <= 0) throw new Error(`getconf CLK_TCK printed "${stdout.trim()}"`);
  return ticks;
}

/**
 * `utime + stime` of a process (user and system time of all its threads, including the JVM's JIT and GC
 * threads) in seconds. The command name in field 2 may contain spaces and parentheses, so the fields are
 * counted from the last `)`.
 */
export async function processCpuSeconds(pid: number, ticksPerSecond: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // After ") " come field 3 (state) onwards; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`Unreadable /proc/${pid}/stat`);
  return (utime + stime) / ticksPerSecond;
}

/** Busy CPU time of the whole machine (every core, everything but idle and iowait) in seconds. */
export async function machineBusySeconds(ticksPerSecond: number): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>(
    (sum, ticks) => sum + (ticks ?? 0),
    0,
  );
  return busy / ticksPerSecond;
}

/** This Node process's user + system CPU time in seconds. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
