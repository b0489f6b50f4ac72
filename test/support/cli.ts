/**
 * Runs the real `keyward` CLI as a subprocess, the way an admin or a CI job runs it: `node bridge/bin/keyward.js`
 * from the repository root, output piped (not a terminal), and nothing inherited from the test's own
 * `KEYWARD_*` environment, so every connection setting a test relies on is one it passed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where the CLI is run from so that relative paths in arguments resolve as in the docs. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CLI_ENTRY = fileURLToPath(new URL('../../bridge/bin/keyward.js', import.meta.url));

/** What a finished CLI run left behind. */
export interface CliResult {
  /** The exit code; `null` only if the process was killed by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A CLI run that did not end by itself within the time allowed, e.g. one waiting on a server that never answers. */
export class CliTimeoutError extends Error {
  override readonly name = 'CliTimeoutError';
}

/**
 * Runs `keyward <args>` to completion. `env` is added to a copy of the test's environment from which every
 * `KEYWARD_*` variable has been removed. Never rejects for a non-zero exit code: that is for the test to judge.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { timeoutMs?: number } = {},
): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('KEYWARD_')) childEnv[name] = value;
  }
  Object.assign(childEnv, env);

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new CliTimeoutError(
          `keyward ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
