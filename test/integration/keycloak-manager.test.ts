import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { KeywardError } from '../../bridge/src/errors.js';
import { reapStrayKeycloaks, startKeycloak } from '../../bridge/src/keycloak/manager/index.js';
import { processGroupMembers } from '../../bridge/src/keycloak/manager/process.js';

const server = inject('keycloak');
const execFileAsync = promisify(execFile);

/** True while the process exists and is not a zombie (a dead process its parent has not reaped yet). */
async function isRunning(pid: number): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'stat=', '-p', String(pid)]);
    return stdout.trim() !== '' && !stdout.trim().startsWith('Z');
  } catch {
    return false;
  }
}

/** Polls until the process is gone; resolves to how long that took, or rejects after `timeoutMs`. */
async function waitUntilGone(pid: number, timeoutMs: number): Promise<number> {
  const startedAt = Date.now();
  while (await isRunning(pid)) {
    if (Date.now() - startedAt > timeoutMs) {
      throw new Error(`process ${pid} still runs after ${timeoutMs} ms`);
    }
    await sleep(200);
  }
  return Date.now() - startedAt;
}

const managerUrl = pathToFileURL(
  new URL('../../bridge/src/keycloak/manager/index.ts', import.meta.url).pathname,
).href;

/**
 * A separate Node process that starts Keycloak through the manager, prints the server as one JSON line and
 * then idles until it is killed: the test's stand-in for `keyward up` or a crashing test run.
 */
async function startOwnerProcess(): Promise<{ owner: ChildProcess; pid: number; logFile: string }> {
  const script = `
    const { startKeycloak } = await import(${JSON.stringify(managerUrl)});
    const server = await startKeycloak({ backend: 'distribution' });
    console.log(JSON.stringify({ pid: server.pid, logFile: server.logFile }));
    setInterval(() => {}, 60_000);
  `;
  const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => {
    owner.once('exit', (code) => reject(new Error(`the owner process exited early (${code})`)));
  });
  const lines = createInterface({ input: owner.stdout as NodeJS.ReadableStream });
  const firstLine = new Promise<string>((resolve) => lines.once('line', resolve));
  const started = JSON.parse(await Promise.race([firstLine, exited])) as { pid?: number; logFile: string };
  if (!started.pid) {
    throw new Error('the manager did not report the JVM pid');
  }
  return { owner, pid: started.pid, logFile: started.logFile };
}

async function adminToken(): Promise<string> {
  const response = await fetch(`${server.url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: server.adminUsername,
      password: server.adminPassword,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('the Keycloak of this test run', () => {
  it('is ready and names itself by the localhost URL it was given', async () => {
    expect(server.url).toMatch(/^https?:\/\/localhost:\d+$/);
    const response = await fetch(`${server.url}/realms/master/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { issuer: string }).issuer).toBe(`${server.url}/realms/master`);
  });

  it('has the Keyward providers and the Keyward login theme', async () => {
    const response = await fetch(`${server.url}/admin/serverinfo`, {
      headers: { authorization: `Bearer ${await adminToken()}` },
    });
    expect(response.status).toBe(200);
    const info = (await response.json()) as {
      providers: Record<string, { providers: Record<string, unknown> }>;
      themes: Record<string, Array<{ name: string }>>;
    };
    const providerIds = Object.values(info.providers).flatMap((spi) => Object.keys(spi.providers));
    expect(providerIds).toContain('keyward-security-defaults');
    expect(info.themes.login?.map((theme) => theme.name)).toContain('keyward');
  });
});

describe.skipIf(server.backend !== 'distribution')('the distribution backend', () => {
  let owner: ChildProcess | undefined;
  afterEach(() => {
    owner?.kill('SIGKILL');
    owner = undefined;
  });

  it('leaves no JVM behind when the Node process that started it is SIGKILLed', async () => {
    const started = await startOwnerProcess();
    owner = started.owner;
    expect(await isRunning(started.pid)).toBe(true);

    started.owner.kill('SIGKILL');
    const goneAfterMs = await waitUntilGone(started.pid, 30_000);
    // The watchdog polls its parent every second; Keycloak then shuts down in a few seconds.
    expect(goneAfterMs).toBeLessThan(30_000);
  });

  it('reaps a JVM whose owner and watchdog were both killed on the next start', async () => {
    const started = await startOwnerProcess();
    owner = started.owner;
    const { stdout } = await execFileAsync('ps', ['-o', 'pgid=', '-p', String(started.pid)]);
    // Kill the watchdog wrapper and its polling subshell (`sh -c`), then the owner: kc.sh and the JVM survive.
    for (const member of await processGroupMembers(Number(stdout.trim()))) {
      if (member.args.startsWith('/bin/sh -c')) {
        process.kill(member.pid, 'SIGKILL');
      }
    }
    started.owner.kill('SIGKILL');
    await sleep(3_000);
    expect(await isRunning(started.pid)).toBe(true);

    expect(await reapStrayKeycloaks()).toBeGreaterThanOrEqual(1);
    expect(await isRunning(started.pid)).toBe(false);
    // The temporary instance directory (home, data and log) went with it.
    expect(existsSync(started.logFile)).toBe(false);
  });

  it('fails with KEYCLOAK_START_FAILED and the log tail when Keycloak rejects an option', async () => {
    const failure = await startKeycloak({
      backend: 'distribution',
      extraOptions: ['--no-such-option=1'],
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(KeywardError);
    expect((failure as KeywardError).code).toBe('KEYCLOAK_START_FAILED');
    expect((failure as KeywardError).message).toMatch(/keycloak\.log/);
    expect((failure as KeywardError).message).toMatch(/no-such-option/);
  });
});
