/**
 * `keyward serve` as a subprocess whose log (pino's JSON lines on stdout, the banner on stderr) is captured, with
 * every exchange kept: for suites that must prove a secret appears in one answer and nowhere else.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { REPO_ROOT } from './cli.js';
import type { KeycloakServer, TestRealm } from './realm-fixture.js';

/** One exchange with the bridge, as sent and answered. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers and assert on their shape.
  body: any;
}

export class ServedBridge {
  readonly exchanges: Exchange[] = [];
  stdout = '';
  stderr = '';
  private constructor(
    readonly url: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {}

  /** Starts `keyward serve` for `realms` as the service account `clientId`, logging at `trace`. */
  static async start(
    server: KeycloakServer,
    realms: readonly TestRealm[],
    clientId: string,
    clientSecret: string,
  ): Promise<ServedBridge> {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env))
      if (!name.startsWith('KEYWARD_')) env[name] = value;
    const child = spawn(process.execPath, ['bridge/bin/keyward.js', 'serve', '--port', '0'], {
      cwd: REPO_ROOT,
      env: {
        ...env,
        KEYWARD_KEYCLOAK_URL: server.url,
        KEYWARD_REALMS: realms.map((realm) => realm.name).join(','),
        KEYWARD_CLIENT_ID: clientId,
        KEYWARD_CLIENT_SECRET: clientSecret,
        // As chatty as the bridge gets, so that a leak check reads everything it could ever write.
        KEYWARD_LOG_LEVEL: 'trace',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = /listening on (http:\/\/\S+) /.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    const bridge = new ServedBridge(url, child);
    child.stdout.removeAllListeners('data').on('data', (chunk: string) => {
      bridge.stdout += chunk;
    });
    child.stderr.removeAllListeners('data').on('data', (chunk: string) => {
      bridge.stderr += chunk;
    });
    bridge.stdout = stdout;
    bridge.stderr = stderr;
    return bridge;
  }

  /** One request; the exchange is kept in {@link exchanges}. */
  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<Exchange> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('json');
    const exchange: Exchange = {
      method,
      path,
      status: response.status,
      headers: response.headers,
      text,
      body: isJson && text ? JSON.parse(text) : text,
    };
    this.exchanges.push(exchange);
    return exchange;
  }

  /** SIGTERM, then the exit code; the whole log has been read by then. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
